package agents

import (
	"fmt"
	"slices"
	"strings"
)

// indentedComment refuses the record on line when its first field is
// blank space and then #: encoding/csv takes a line for a comment only
// when # is its first character, so "  #VN,partner,..." was read as a
// state named "#VN", which ran with VN's values where VN was meant to be
// left out (a hostile review, stop 53). A stored roster keeps what an
// earlier version accepted.
func (p *rosterParser) indentedComment(rec []string, line int) error {
	if !p.strictNames || len(rec) == 0 {
		return nil
	}
	f := strings.TrimLeft(rec[0], " \t")
	if f == rec[0] || !strings.HasPrefix(f, "#") {
		return nil
	}
	return fmt.Errorf("roster %s:%d: the line begins with blank space and then #, which is no comment: a comment's # must be the line's first character; remove the blank space before # (or the # from a row)", p.name, line)
}

// headerHint says why the header's column h is unknown where the cause is
// the file's form rather than a misspelt name: a header of one field that
// holds the column names separated by another character (a spreadsheet
// in a locale whose decimal mark is a comma saves "CSV" with semicolons;
// a tab-separated export), or an empty name (a trailing comma, or an empty
// column a spreadsheet exported). "" otherwise.
func headerHint(header []string, h string) string {
	if h == "" {
		return `; an empty column name: remove the trailing comma or empty column from the header and the rows`
	}
	if len(header) != 1 {
		return ""
	}
	for _, sep := range []struct{ char, name string }{{";", "semicolons"}, {"\t", "tabs"}, {"|", "vertical bars"}} {
		known := 0
		for _, c := range strings.Split(h, sep.char) {
			if c = strings.TrimSpace(c); slices.Contains(rosterColumns, c) || slices.Contains(optionalColumns, c) {
				known++
			}
		}
		if known >= 2 {
			return fmt.Sprintf("; the header's names are separated by %s: a roster is comma-separated, with a point as the decimal mark: save or convert it so (a spreadsheet whose locale has a decimal comma writes semicolons)", sep.name)
		}
	}
	return ""
}

// maxListed is the most state names a message lists one by one.
const maxListed = 20

// ListNames joins names for a message, with ", ": up to maxListed of
// them, then how many there are in all. A roster may hold 1,000 states,
// and a message that listed them all (the states a founder may name, the
// presets' founders on a roster without the named states) ran to some
// 7,000 characters (a hostile review, stop 53).
func ListNames(names []string) string {
	if len(names) <= maxListed {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, ... (%d in all)", strings.Join(names[:maxListed], ", "), len(names))
}
