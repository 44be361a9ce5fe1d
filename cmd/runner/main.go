// Command runner is pactsim's command line: it validates experiment
// configs, runs them (on one machine or as a shard of a cluster job), merges
// shards, redraws plots and describes every model parameter. It holds no
// model logic: that lives in agents and engine, the config in experiments
// and the datasets in output.
//
// Exit codes: 0 success, 2 bad usage or bad config, 1 any other failure,
// 130 interrupted by SIGINT, 143 by SIGTERM, 129 by SIGHUP, 131 by SIGQUIT.
package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"pactsim/output"
)

// Exit codes (README, "Two commands").
const (
	exitOK        = 0
	exitFailure   = 1
	exitUsage     = 2
	exitInterrupt = 130
	exitTerm      = 143
	exitHangup    = 129
	exitQuit      = 131
)

// usageError marks an error as the user's: bad usage, bad config or a
// refused directory. It exits 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// signalError carries the exit code of an interrupted run.
type signalError struct {
	code int
	name string
	hint string // what to do now; it depends on the command
}

// hintResume is the hint of the commands that can continue (run, calibrate).
const hintResume = "finished parts are kept: run again with --resume to continue"

// diskFull adds to err, when the disk filled up (ENOSPC, or EDQUOT, a
// quota), what was kept and what to do (hint); other errors it returns as
// they are. A signal's error carries its own hint.
func diskFull(err error, hint string) error {
	switch {
	case errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w (the disk is full: %s)", err, hint)
	case errors.Is(err, syscall.EFBIG):
		// A file size limit: ulimit -f, or the file system's largest file
		// (FAT32's 4 GiB). A hostile review, stop 34: it had no advice.
		return fmt.Errorf("%w (a file reached the largest size this process may write here: raise `ulimit -f`, or write to a file system that allows larger files; %s)", err, hint)
	case errors.Is(err, syscall.EROFS):
		// The file system was made read-only under the command (a remount
		// after an error, a bind mount): what was kept is the same as on a
		// full disk, but room is not what it needs (a review, stop 50: the
		// bare error said neither).
		return fmt.Errorf("%w (the file system is read-only now: %s)", err, readOnlyHint.Replace(hint))
	case (errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)) && !isUsage(err):
		// A file or folder this user may not write (a directory copied
		// with its read-only modes, one owned by another user) or that no
		// one may change (chattr +i): the bare "permission denied" or
		// "operation not permitted" said neither what was kept nor what
		// to do (a review, stop 52). A refusal (exit 2: "cannot write
		// results directory ...") says what to do already.
		return fmt.Errorf("%w (this user, uid %d, may not read or change that file or folder: give it access (chmod, chown; chattr -i for an immutable file); %s)", err, os.Geteuid(), accessHint.Replace(hint))
	case errors.Is(err, syscall.EIO):
		// The disk or its file system failed under the command (a bad
		// sector, a lost network or USB disk, ext4 after an error): the
		// bare "input/output error" said neither what was kept nor what
		// to do (a hostile review, stop 56: a sync of the directory after
		// the manifest failed so). --resume and verify check every kept
		// file against its checksum, so what the failing disk spoiled is
		// found and redone, not taken as finished.
		return fmt.Errorf("%w (an input/output error: the disk or its file system failed, as the kernel log (dmesg) says; %s)", err, ioErrorHint.Replace(hint))
	case output.TooManyFiles(err) && !strings.Contains(err.Error(), "ulimit -n"):
		// The limit of open files (a review, stop 36: only a merge's
		// manifest said what to do, not its lock, its copies or a run's).
		return fmt.Errorf("%w (the limit of open files: raise `ulimit -n`; %s)", err, hint)
	}
	return err
}

// readOnlyHint turns diskFull's advice on a full disk into advice for a
// file system made read-only: it needs to be writable again, not room.
var readOnlyHint = strings.NewReplacer(
	"make room, or choose a results directory on a larger disk (-o),", "make it writable again, or choose a writable results directory (-o),",
	"make room, or copy the directory to a larger disk,", "make it writable again, or copy the directory to a writable disk,",
	"make room and", "make it writable again and",
	"where there is room", "where it can write",
)

// ioErrorHint turns diskFull's advice on a full disk into advice for a
// disk that failed: it needs repair (or another disk), not room.
var ioErrorHint = strings.NewReplacer(
	"make room, or choose a results directory on a larger disk (-o),", "repair it, or choose a results directory on another disk (-o),",
	"make room, or copy the directory to a larger disk,", "repair it, or copy the directory to another disk,",
	"make room and", "repair it and",
	"where there is room", "on a disk that works",
)

// accessHint turns diskFull's advice on a full disk into advice for a
// file or folder this user may not change: access is what it needs, said
// before it, not room.
var accessHint = strings.NewReplacer(
	"make room, or choose a results directory on a larger disk (-o), and run again", "choose a results directory it can write (-o), or run again",
	"make room, or copy the directory to a larger disk, and ", "",
	"make room and ", "",
	" where there is room", "",
)

// pendingFull is diskFull for plot and analyze (cmd) of dir, when the
// disk filled up while its .pending mark was there, which verify and
// --resume then refuse (a hostile review, stop 31: the bare error said
// nothing of it); where the command removed the mark, its own message
// says what was kept.
func pendingFull(err error, dir, cmd string) error {
	hint := fmt.Sprintf("make room and run `runner %s` again", cmd)
	if _, serr := os.Lstat(filepath.Join(dir, output.PendingName)); serr == nil {
		hint += fmt.Sprintf("; until then verify and --resume refuse %s", dir)
	}
	// Without the mark (the disk filled before the command could write it,
	// or the command removed it) the advice stands without the refusal (a
	// hostile review, stop 34: the bare error said nothing).
	return diskFull(err, hint)
}

func (e signalError) Error() string {
	if e.hint == "" {
		return fmt.Sprintf("interrupted by %s", e.name)
	}
	return fmt.Sprintf("interrupted by %s; %s", e.name, e.hint)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code. A
// failed write to stdout (a full disk under `runner describe > FILE`) is
// a failure (exit 1), not a truncated output with exit 0.
//
// A panic in the command's goroutine (a reader's on a file damaged in a
// way no check foresaw) is a failure, exit 1, with its stack: Go's own
// exit status for it, 2, would read as bad input.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "runner: internal error: %s\n%s", terminalSafe(fmt.Sprint(p)), debug.Stack())
			code = exitFailure
		}
	}()
	out := &stickyWriter{w: &boundedWriter{w: stdout, err: errStdoutBlocked}}
	stderr = &boundedWriter{w: stderr}
	root := newRoot(out, stderr)
	root.SetArgs(args)
	err := unknownWithHelp(root, args)
	if err == nil {
		err = root.Execute()
	}
	if out.err != nil && (err == nil || errors.Is(err, out.err)) {
		err = fmt.Errorf("write standard output: %w", out.err)
		if se := firstSignal.Load(); se != nil && errors.Is(out.err, errStdoutBlocked) {
			// Given up because of the signal: the exit code is the
			// signal's, as for any command it stopped.
			err = signalError{code: se.code, name: se.name, hint: "standard output does not drain (a full pipe nobody reads): what the command had still to print there was dropped"}
		}
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "runner:", terminalSafe(err.Error()))
	return exitCode(err)
}

// terminalSafe is msg with its control characters other than newline and
// tab, and its bytes that are not UTF-8, escaped as Go escapes them
// (\x1b): an error may quote what a file holds (a column name in a forged
// part's schema), and an ESC there would drive the terminal, erasing lines
// or printing a verdict of its own (a hostile review, stop 41).
func terminalSafe(msg string) string {
	var b strings.Builder
	for i := 0; i < len(msg); {
		r, n := utf8.DecodeRuneInString(msg[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, msg[i])
		case r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029'):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(msg[i : i+n])
		}
		i += n
	}
	return b.String()
}

// stickyWriter writes to w until a write fails, and remembers the first
// failure.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	s.err = err
	return n, err
}

// unknownWithHelp refuses an unknown command given with -h/--help
// (`runner calibrte --help`): cobra answers a help flag on the root before
// it checks the root's arguments, so the mistyped command printed the
// root's help and exited 0, where without the flag it is a usage error.
// The root takes no flag but -h/--help, so its first argument that is not
// a flag is the command word.
func unknownWithHelp(root *cobra.Command, args []string) error {
	c, rest, err := root.Find(args)
	if err != nil || c != root {
		return nil
	}
	help := false
	var word string
	for _, a := range rest {
		switch {
		case a == "--":
			return nil
		case a == "-h" || a == "--help" || strings.HasPrefix(a, "--help="):
			help = true
		case !strings.HasPrefix(a, "-") && word == "":
			word = a
		}
	}
	if !help || word == "" {
		return nil
	}
	return root.Args(root, []string{word})
}

// exitCode maps an error of the pipeline onto the exit codes.
func exitCode(err error) int {
	var se signalError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &se):
		return se.code
	case isUsage(err):
		return exitUsage
	}
	return exitFailure
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "runner",
		Short:         "pactsim: under which conditions does a treaty or a layered structure deter better?",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// The root command runs so that cobra validates its arguments: an
	// unknown command is a usage error (exit 2), not a help page with exit
	// 0. So is no command at all: a script that lost its command word
	// does not read as a success (`runner --help` prints the help).
	root.RunE = func(c *cobra.Command, args []string) error {
		return usagef("no command given (commands: %s; `runner --help` describes them)", strings.Join(commandNames(c), ", "))
	}
	root.SuggestionsMinimumDistance = 2
	root.Args = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("unknown command %q (commands: run, validate, describe, plot, analyze, calibrate, merge, verify, version)", args[0])
		// Every name has "" as a prefix: an empty word (runner "$CMD" with
		// CMD unset) suggested analyze (a hostile review).
		if s := c.SuggestionsFor(args[0]); len(s) > 0 && args[0] != "" {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		}
		return usageError{errors.New(msg)}
	}
	// cobra's completion command is not part of the documented command
	// line (README, "Two commands"): no hidden subcommand.
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetOut(stdout)
	root.SetErr(stderr)
	// Flag errors are usage errors: exit 2.
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{flagHint(c, err)} })
	// cobra's own help command prints the root's help and exits 0 for an
	// unknown topic; here that is a usage error like an unknown command.
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usagef("help: unknown help topic %q (commands: %s)", strings.Join(args, " "), strings.Join(commandNames(c.Root()), ", "))
			}
			return cmd.Help()
		},
	})
	root.AddCommand(newRunCmd(), newValidateCmd(), newDescribeCmd(), newPlotCmd(), newAnalyzeCmd(), newCalibrateCmd(), newMergeCmd(), newVerifyCmd(), newVersionCmd())
	for _, c := range root.Commands() {
		c.SilenceUsage = true
		c.Args = wrapArgs(c.Args)
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() != "bool" {
				f.Value = &onceValue{Value: f.Value, name: f.Name, short: f.Shorthand}
			} else {
				f.Value = &onceBool{Value: f.Value, name: f.Name}
			}
		})
	}
	return root
}

// badFlagValue matches pflag's message for a value its flag cannot parse:
// the value and the flag's long name. Only Go's parsers' own errors are
// rewritten (strconv's, time's); a flag's own check (onceValue: given
// twice) says what it means already.
var badFlagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(?:-\w, )?--([\w-]+)" flag: (?:strconv\.\w+|time): `)

// onceWrapped matches pflag's wrapping of an onceValue error.
var onceWrapped = regexp.MustCompile(`^invalid argument ".*" for "(?:-\w, )?--[\w-]+" flag: (--[\w-]+(?: given twice|: empty value) .*)$`)

// durationForm matches a duration written as time.ParseDuration reads
// one: what it refuses in that form is too long.
var durationForm = regexp.MustCompile(`^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$`)

// flagWants says what a flag of each pflag type takes.
var flagWants = map[string]string{
	"int":      "an integer",
	"int64":    "an integer",
	"uint":     "an integer of 0 or more",
	"float64":  "a number",
	"bool":     "true or false (or the flag alone for true)",
	"duration": "a duration such as 90s, 10m or 1h30m",
}

// decimalInt is an int flag read in base 10 only: pflag's IntVar reads
// base 0, so --workers 010 ran 8 workers and 0x10 sixteen, where a config
// refuses a leading zero (a hostile review, stop 38). Its Type is "int",
// so flagHint words its errors as an int flag's.
type decimalInt int

func (d *decimalInt) String() string { return strconv.Itoa(int(*d)) }
func (d *decimalInt) Type() string   { return "int" }
func (d *decimalInt) Set(s string) error {
	v, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if digits := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+"); errors.Is(err, strconv.ErrRange) && !decimalDigits(digits) {
		// ParseInt says out of range as soon as the digits overflow,
		// before it reads the rest: 99999999999999999999x is no
		// integer, not one too large (a review, stop 51).
		err = &strconv.NumError{Func: "ParseInt", Num: s, Err: strconv.ErrSyntax}
	}
	if err != nil {
		return err
	}
	*d = decimalInt(v)
	return nil
}

// intFlag defines an int flag read in base 10 (decimalInt).
func intFlag(fs *pflag.FlagSet, p *int, name string, value int, usage string) {
	*p = value
	fs.Var((*decimalInt)(p), name, usage)
}

// flagHint says what a flag takes where pflag names Go's parser
// (badFlagValue), and adds to pflag's "unknown flag" error the flag meant,
// when the name given is the start of one or one is the start of it
// (--worker for --workers, or -workers with one dash), and the command's
// flags.
func flagHint(c *cobra.Command, err error) error {
	msg := err.Error()
	if m := onceWrapped.FindStringSubmatch(msg); m != nil {
		// onceValue's own words, without pflag's `invalid argument "w2"
		// for "-o, --out" flag:` before them, which said it twice.
		return errors.New(m[1])
	}
	if m := badFlagValue.FindStringSubmatch(msg); m != nil {
		// pflag's "invalid argument "abc" for "--workers" flag:
		// strconv.ParseInt: ..." names Go's parser, not what the flag
		// takes (a hostile review, stop 33).
		if f := c.Flags().Lookup(m[2]); f != nil {
			if want, ok := flagWants[f.Value.Type()]; ok {
				if f.Value.Type() == "duration" && durationForm.MatchString(m[1]) {
					// time's "invalid duration" of a duration too long to
					// hold read as a wrong form (a hostile review).
					return fmt.Errorf("--%s %q: out of range (want %s, at most %dh, about 292 years)", m[2], m[1], want, math.MaxInt64/int64(time.Hour))
				}
				if strings.Contains(msg, "out of range") { // strconv: right form, too large
					return fmt.Errorf("--%s %q: out of range (want %s)", m[2], m[1], want)
				}
				return fmt.Errorf("--%s %q: want %s", m[2], m[1], want)
			}
		}
		return err
	}
	var given string
	switch {
	case strings.HasPrefix(msg, "unknown flag: --"):
		given = strings.TrimPrefix(msg, "unknown flag: --")
	case strings.HasPrefix(msg, "unknown shorthand flag"):
		// "unknown shorthand flag: 'w' in -workers": a long flag with one dash.
		if _, in, ok := strings.Cut(msg, " in -"); ok && len(in) > 1 {
			given = in
		}
	default:
		return err
	}
	given, _, _ = strings.Cut(given, "=")
	var names []string
	meant := ""
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "--" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + "/" + name
		}
		names = append(names, name)
		if meant == "" && given != "" && (strings.HasPrefix(f.Name, given) || strings.HasPrefix(given, f.Name)) {
			meant = f.Name
		}
	})
	if meant != "" {
		msg += fmt.Sprintf("; did you mean --%s?", meant)
	} else if given == "version" {
		// The common spelling of other tools (a hostile review, stop 55).
		msg += "; `runner version` prints the version"
	}
	return fmt.Errorf("%s (%s takes %s; `%s --help` says what each does)", msg, c.CommandPath(), strings.Join(names, ", "), c.CommandPath())
}

// commandNames lists root's documented subcommands (not help).
func commandNames(root *cobra.Command) []string {
	var names []string
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return names
}

// onceValue refuses a flag given twice. pflag keeps the last value, so
// `--shard 0/2 --shard 1/2` (a job script's line edited twice) would run
// another slice of the job than the one first written, with no word said.
// Boolean flags may repeat: every repetition means the same.
type onceValue struct {
	pflag.Value
	name  string
	short string // its one-letter form, if any
	first string
	set   bool
}

func (o *onceValue) Set(s string) error {
	if s == "=" {
		// pflag reads `-o=` as the value "=": a directory named "=", where
		// `--out=` is refused as empty.
		how := "--" + o.name + "=VALUE"
		if o.short != "" {
			how = "-" + o.short + " VALUE or " + how
		}
		return fmt.Errorf("--%s: empty value (\"=\", nothing after an =); give %s", o.name, how)
	}
	if o.set {
		return fmt.Errorf("--%s given twice (%q, then %q): give it once", o.name, o.first, s)
	}
	o.set, o.first = true, s
	return o.Value.Set(s)
}

// onceBool lets a boolean flag repeat with the same value, and refuses a
// repetition that contradicts it: `--tables=false --tables` checked the
// tables and `--force --force=false` did not replace, the last one
// silently winning (a review, stop 50).
type onceBool struct {
	pflag.Value
	name  string
	first string
	set   bool
}

func (o *onceBool) Set(s string) error {
	if err := o.Value.Set(s); err != nil {
		return err
	}
	v := o.Value.String()
	if o.set && v != o.first {
		return fmt.Errorf("--%s given twice (%s, then %s): give it once", o.name, o.first, v)
	}
	o.set, o.first = true, v
	return nil
}

// IsBoolFlag keeps the flag a boolean one to pflag: --NAME alone is true.
func (o *onceBool) IsBoolFlag() bool { return true }

// wrapArgs turns cobra's argument-count errors into usage errors, and
// refuses an empty argument: almost always an unset shell variable, and
// analyze DIR with an empty ANALYSIS.yaml would drop DIR's stored analysis.
func wrapArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	if check == nil {
		return nil
	}
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageError{fmt.Errorf("%s: %s (usage: %s)", c.Name(), argCount(c, args, err), c.UseLine())}
		}
		for k, a := range args {
			if strings.TrimSpace(a) == "" {
				return usagef("%s: argument %d is empty (an unset shell variable?); give a path (usage: %s)", c.Name(), k+1, c.UseLine())
			}
		}
		return nil
	}
}

// argCount words cobra's argument-count error err of c: it names the
// arguments received and, when some came after --, says that they are
// arguments, not flags (`runner run -- c.yaml -o x` counted -o and x with
// no word of why: a hostile review). -- ends the flags, as in Go's
// flag package and POSIX getopt.
func argCount(c *cobra.Command, args []string, err error) string {
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown command ") {
		// cobra.NoArgs: the command takes no argument.
		msg = "takes no arguments"
	}
	if len(args) == 0 {
		return msg
	}
	var qs []string
	for k, a := range args {
		if k == 4 && len(args) > 5 {
			qs = append(qs, fmt.Sprintf("and %d more", len(args)-k))
			break
		}
		qs = append(qs, strconv.Quote(a))
	}
	msg, _, _ = strings.Cut(msg, ", received ")
	msg += fmt.Sprintf(", received %d: %s", len(args), strings.Join(qs, ", "))
	switch dash := c.ArgsLenAtDash(); {
	case dash == len(args)-1:
		msg += "; the word after -- is an argument, not a flag: -- ends the flags, so give flags before it"
	case dash >= 0 && dash < len(args):
		msg += fmt.Sprintf("; the %d words after -- are arguments, not flags: -- ends the flags, so give flags before it", len(args)-dash)
	}
	return msg
}
