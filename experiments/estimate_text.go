package experiments

import (
	"fmt"
	"math"
	"strings"
	"time"

	"pactsim/output"
)

// String is the one-line estimate the command line prints.
func (e Estimate) String() string {
	if e.Evaluations > 0 && (e.Extrapolated || e.AtLeast) {
		// A calibration's time is its evaluations', scaled as a run's.
		r := e
		r.Evaluations = 0
		upTo := "up to "
		if e.Design {
			upTo = "" // a design runs every evaluation
		}
		return strings.Replace(r.String(), "estimated", fmt.Sprintf("estimated for %s%d %s,", upTo, e.Evaluations, output.Plural(int(e.Evaluations), "evaluation")), 1)
	}
	if e.Extrapolated {
		return fmt.Sprintf("estimated %s on %d %s (no task finished within %s of timing here: scaled up from the %d of %d periods the first ran, %s a task; output size unknown)",
			FormatDuration(e.Duration), e.Workers, output.Plural(e.Workers, "worker"), FormatDuration(calibrationLimit), e.PeriodsDone, e.PeriodsTotal, FormatDuration(e.PerTask))
	}
	if e.AtLeast {
		return fmt.Sprintf("estimated at least %s on %d %s (no task finished within %s of timing here; output size unknown)",
			FormatDuration(e.Duration), e.Workers, output.Plural(e.Workers, "worker"), FormatDuration(calibrationLimit))
	}
	s := fmt.Sprintf("estimated %s on %d %s and %s of output", FormatDuration(e.Duration), e.Workers, output.Plural(e.Workers, "worker"), output.FormatBytes(e.Bytes))
	switch {
	case e.Evaluations > 0 && e.Design:
		s = fmt.Sprintf("estimated %s for %d %s (a design: every one is run) on %d %s and %s of output", FormatDuration(e.Duration), e.Evaluations, output.Plural(int(e.Evaluations), "evaluation"),
			e.Workers, output.Plural(e.Workers, "worker"), output.FormatBytes(e.Bytes))
	case e.Evaluations > 0:
		s = fmt.Sprintf("estimated up to %s for up to %d %s (the search may stop sooner) on %d %s and %s of output", FormatDuration(e.Duration), e.Evaluations, output.Plural(int(e.Evaluations), "evaluation"),
			e.Workers, output.Plural(e.Workers, "worker"), output.FormatBytes(e.Bytes))
	}
	if e.Calibrated > 0 {
		each := " each" // not of one task (a review, stop 50)
		if e.Calibrated == 1 {
			each = ""
		}
		s += fmt.Sprintf(" (from %d %s timed here, %s%s", e.Calibrated, output.Plural(e.Calibrated, "task"), FormatDuration(e.PerTask), each)
		writing := fmt.Sprintf("; with %s of writing %d %s", FormatDuration(e.Writing), e.Parts, output.Plural(int(min(e.Parts, 2)), "part"))
		switch {
		case e.Evaluations > 0:
		case e.Untimed != "":
			s += fmt.Sprintf("; writing the parts and the summary tables not timed: %s", e.Untimed)
		case e.Summary > 0:
			s += fmt.Sprintf("%s and %s of summary tables, %s", writing, FormatDuration(e.Summary), timedIn())
		case e.Writing > 0:
			s += fmt.Sprintf("%s, %s", writing, timedIn())
		}
		if sens := e.Analysis - e.Discovery; sens > 0 {
			s += fmt.Sprintf("; then %s of sensitivity analysis, on one goroutine", FormatDuration(sens))
		}
		if e.Discovery > 0 {
			s += fmt.Sprintf("; then %s of scenario discovery (PRIM), on one goroutine", FormatDuration(e.Discovery))
		}
		s += ")"
	}
	return s
}

// FormatDuration renders a duration for people: 850µs, 2.5s, 3m20s, 4h10m,
// 12.3 days, 41 years.
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond).String()
	case d < time.Second:
		return d.Round(100 * time.Microsecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	case d < 48*time.Hour:
		return d.Round(time.Minute).String()
	case d < 2*365*24*time.Hour:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	case d == time.Duration(math.MaxInt64):
		return "more than 292 years" // saturated: see EstimateRun
	}
	return fmt.Sprintf("%.0f years", d.Hours()/24/365)
}
