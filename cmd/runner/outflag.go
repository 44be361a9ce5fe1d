package main

// The -o flag's value, refused where it cannot be what was meant.

import (
	"strings"
	"unicode"

	"github.com/spf13/cobra"
)

// checkOut refuses an -o (or --shard) given as the empty string: the
// flag's default (results/NAME) is for leaving it out, and an empty value
// is almost always an unset shell variable, which should not send the
// results elsewhere. An -o left out is not judged: its default is the
// config's name, checked where the config is read.
func checkOut(c *cobra.Command) error {
	if f := c.Flags().Lookup("out"); f != nil && f.Changed {
		if err := checkOutValue(c.Name(), f.Value.String()); err != nil {
			return err
		}
	}
	// Likewise --shard "": with no scheduler variable set it would run
	// every task, in each job of an array.
	if f := c.Flags().Lookup("shard"); f != nil && f.Changed && strings.TrimSpace(f.Value.String()) == "" {
		return usagef("%s: --shard: empty value; give I/N (0/1 for no sharding), or leave --shard out for the scheduler's variables", c.Name())
	}
	return nil
}

// checkOutValue refuses the -o value v of command name where it cannot be
// what was meant: empty, only blanks, beginning with '-', holding a
// control character, or beginning with an unexpanded ~.
func checkOutValue(name, v string) error {
	switch {
	case v == "" && name == "merge":
		// merge has no default to fall back on (a hostile review:
		// it said to leave -o out, which is refused as missing).
		return usagef("merge: -o: empty path; name the merged results directory (-o OUT is required)")
	case v == "":
		return usagef("%s: -o: empty path; name the results directory, or leave -o out for the default", name)
	}
	if err := outLooksMistaken(name, v); err != nil {
		return err
	}
	if strings.ContainsFunc(v, unicode.IsControl) {
		// A newline or another control character in a folder's name
		// breaks every line-based tool that lists it (a hostile review,
		// stop 33); a config's name, which names the default folder, is
		// refused them already.
		return usagef("%s: -o %q: the path holds a control character (a newline, a tab, ...); name the results directory with printable characters", name, v)
	}
	if strings.HasPrefix(v, "~") {
		// The shell expands ~ only at the start of a word: --out=~/r or a
		// quoted "~/r" made a folder named ~ in the working directory,
		// which `rm -rf ~` would then "clean up" (a review, stop 50).
		first, _, _ := strings.Cut(v, "/")
		home := "$HOME" + strings.TrimPrefix(v, "~")
		if first != "~" {
			home = "the home folder's full path"
		}
		return usagef("%s: -o %q: the path begins with %s, which the shell did not expand (it expands ~ only at the start of a word, not after --out= or in quotes); write %s, or ./%s for a folder named %s", name, v, first, home, v, first)
	}
	return nil
}

// outLooksMistaken refuses an -o that is only blanks, or that begins with
// '-'. pflag takes the word after -o as its value whatever it is, so
// `-o $OUT --force` with OUT unset wrote the results into a folder named
// --force, and --force was never seen; `-o " "` wrote into a folder named
// by a space, where an argument of blanks alone is refused as empty (a
// hostile review, stop 54). A folder so named is still reachable as
// ./--force.
func outLooksMistaken(name, v string) error {
	switch {
	case v != "" && strings.TrimSpace(v) == "":
		return usagef("%s: -o %q: the path is only blanks (an unset variable in quotes?); name the results directory with printable characters", name, v)
	case strings.HasPrefix(v, "-"):
		return usagef("%s: -o %q: the value begins with '-', so it reads as a flag that took the directory's place (an unset variable after -o?); name the results directory, or write ./%s for a folder so named", name, v, v)
	}
	return nil
}
