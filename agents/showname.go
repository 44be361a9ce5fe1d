package agents

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ShowName is a file name or path as a message prints it: quoted
// (strconv.Quote, which escapes them) when it holds an invisible or
// control character (Invisible; an ESC would drive the terminal, a newline
// split the "file:line:" prefix) or bytes that are not UTF-8, else as it
// is. A plain space is printed as it is.
func ShowName(s string) string {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, Invisible) {
		return strconv.Quote(s)
	}
	return s
}

// ShowNameIn is err with each occurrence of name in its text shown as
// ShowName shows it (an *os.PathError names the path it was given); it
// unwraps to err. Where name needs no quoting it is err itself.
func ShowNameIn(err error, name string) error {
	shown := ShowName(name)
	if err == nil || name == "" || shown == name {
		return err
	}
	return &shownError{strings.ReplaceAll(err.Error(), name, shown), err}
}

type shownError struct {
	msg string
	err error
}

func (e *shownError) Error() string { return e.msg }
func (e *shownError) Unwrap() error { return e.err }

// CaseMatch returns the one of names that equals name but for case
// (strings.EqualFold), or "" when none does, name is one of names, or
// two do.
func CaseMatch(name string, names []string) string {
	match := ""
	for _, n := range names {
		switch {
		case n == name:
			return ""
		case strings.EqualFold(n, name):
			if match != "" {
				return ""
			}
			match = n
		}
	}
	return match
}

// CaseHint is a message's suggestion for name, which is not one of names:
// "; did you mean "JP"? (names are case-sensitive)" where one of names
// equals it but for case (CaseMatch), else "" (a review, stop 49: "jp" in
// a target's states, a mechanism's founders or a roster's role column got
// no suggestion).
func CaseHint(name string, names []string) string {
	if m := CaseMatch(name, names); m != "" {
		return fmt.Sprintf("; did you mean %q? (names are case-sensitive)", m)
	}
	// The same name in other code points (Å as A and a combining ring):
	// "not in roster (states: US, Åland, ...)" named as missing a state
	// the list showed (a hostile review, stop 53). Both are given as
	// code points, which differ on screen.
	nfc := norm.NFC.String(name)
	if slices.Contains(names, name) {
		return ""
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			// Case alone, in the same code points: CaseMatch's, which
			// found two such names (a review, stop 53).
			continue
		}
		if m := norm.NFC.String(n); m == nfc || strings.EqualFold(m, nfc) {
			how := ""
			if m != nfc {
				how = " and another case"
			}
			return fmt.Sprintf("; %s is %s in other Unicode code points%s: they print alike; write it as %s", strconv.QuoteToASCII(name), strconv.QuoteToASCII(n), how, strconv.QuoteToASCII(n))
		}
	}
	return ""
}
