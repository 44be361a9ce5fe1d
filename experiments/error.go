package experiments

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"pactsim/agents"
	"pactsim/output"
)

// ConfigError is the one error type for a bad experiment config: anything a
// user can fix by editing the file. It names the file, the line, the dotted
// key and, in Msg, what was found and what is allowed, so that a researcher
// can fix a config without reading code. The command line maps it to exit
// code 2.
type ConfigError struct {
	File string // the config path as given to Load (or the name given to Parse)
	Line int    // 1-based; 0 when the error has no position (e.g. an empty file)
	Key  string // dotted key, e.g. "sweep.parameters.us.reliability"; "" for the whole file
	Msg  string
}

// Error renders "FILE:LINE: KEY: MSG", dropping the parts that are unknown.
func (e *ConfigError) Error() string {
	var b strings.Builder
	// A name holding a control character (an ESC, a newline) is quoted,
	// so that it can neither drive the terminal nor split the prefix.
	b.WriteString(agents.ShowName(e.File))
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(elideLong(e.Key))
		b.WriteString(": ")
	}
	b.WriteString(elideLong(e.Msg))
	return b.String()
}

// longWord is the most characters of a word (a run without spaces) that an
// error prints whole: more than any key, name or number a config holds in
// earnest, so that an echoed 100,000-digit value is shortened.
const longWord = 200

// elideLong shortens each word of s longer than longWord characters to its
// first and last 60 and its length: a long path keeps its file name.
func elideLong(s string) string {
	if len(s) <= longWord {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		sp := strings.IndexByte(s, ' ')
		if sp < 0 {
			sp = len(s)
		}
		w := s[:sp]
		if n := utf8.RuneCountInString(w); n > longWord {
			// The quotes and brackets around a quoted value are not
			// counted: a 5,000-character name read as 5,002 (a hostile
			// review).
			inner := strings.TrimLeft(w, "\"'([{")
			open := w[:len(w)-len(inner)]
			inner = strings.TrimRight(inner, "\"')]},.;:")
			closing := w[len(open)+len(inner):]
			switch m := utf8.RuneCountInString(inner); {
			case m <= longWord && n <= longWord+8:
				// A value of longWord characters in its quotes and a
				// comma prints whole.
				b.WriteString(w)
			case m <= longWord:
				open, inner, closing = "", w, ""
				fallthrough
			default:
				r := []rune(inner)
				fmt.Fprintf(&b, "%s%s…%s%s (%d characters)", open, string(r[:60]), string(r[len(r)-60:]), closing, len(r))
			}
		} else {
			b.WriteString(w)
		}
		if sp < len(s) {
			b.WriteByte(' ')
			sp++
		}
		s = s[sp:]
	}
	return b.String()
}

// ErrUsage marks every error that is the user's to fix by changing the
// command or its inputs: a bad config (*ConfigError), a bad shard choice
// (ErrBadShard), a directory the pipeline refuses to touch or that another
// process holds, a plan over a limit. errors.Is(err, ErrUsage) tells the
// command line to exit 2. It is output.ErrUsage, so that errors from the
// output package (a busy directory) are recognised too.
var ErrUsage = output.ErrUsage

// Is makes every ConfigError a usage error.
func (e *ConfigError) Is(target error) bool { return target == ErrUsage }

// usagef formats a usage error.
func usagef(format string, a ...any) error { return output.Usagef(format, a...) }
