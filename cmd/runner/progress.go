package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"pactsim/experiments"
)

// progress shows tasks done, rate and ETA: a bar on a terminal, plain lines
// every few seconds otherwise (batch logs), nothing with --quiet.
type progress struct {
	total int
	bar   *progressbar.ProgressBar
	w     io.Writer
	start time.Time
	last  time.Time
	done  int

	finished bool
}

// maxPredicted is the most tasks whose time left the terminal bar shows:
// at up to 2 s a task, 2^32 tasks stay inside a time.Duration.
const maxPredicted = 1 << 32

func newProgress(total int, quiet bool, w io.Writer) *progress {
	p := &progress{total: total, start: time.Now(), last: time.Now()}
	if quiet {
		return p
	}
	f, ok := w.(*os.File)
	if b, isB := w.(*boundedWriter); isB {
		f, ok = b.file()
	}
	if ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("tasks"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("tasks"),
			// The bar's own time left overflows a Duration on a plan of
			// billions of tasks (--allow-large); its count and rate stay.
			progressbar.OptionSetPredictTime(total <= maxPredicted),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
		return p
	}
	p.w = w
	return p
}

// set records that done tasks (of this run) are delivered. It is called
// from the executor's sink goroutine only.
func (p *progress) set(done int) {
	p.done = done
	if p.bar != nil {
		_ = p.bar.Set(done)
		return
	}
	if p.w == nil || time.Since(p.last) < 5*time.Second {
		return
	}
	p.last = time.Now()
	p.line()
}

func (p *progress) line() {
	el := time.Since(p.start).Seconds()
	rate := float64(p.done) / el
	fmt.Fprintf(p.w, "runner: %d/%d tasks (%.0f%%), %.0f tasks/s, ETA %s\n", p.done, p.total, 100*float64(p.done)/float64(max(1, p.total)), rate, eta(p.total-p.done, rate))
}

// eta renders the time left for left tasks at rate tasks a second, "?"
// before the first is done. Beyond a time.Duration's 292 years it
// saturates, as the run's estimate does (experiments.FormatDuration),
// rather than wrap to a negative duration.
func eta(left int, rate float64) string {
	if !(rate > 0) {
		return "?"
	}
	secs := float64(left) / rate
	if secs >= float64(math.MaxInt64)/float64(time.Second) {
		return experiments.FormatDuration(math.MaxInt64)
	}
	return experiments.FormatDuration(time.Duration(secs * float64(time.Second)))
}

// finish ends the display; it may be called more than once, and on nil.
func (p *progress) finish() {
	if p == nil || p.finished {
		return
	}
	p.finished = true
	if p.bar != nil {
		_ = p.bar.Finish()
	} else if p.w != nil && p.done > 0 {
		p.line()
	}
}
