package agents

import (
	"fmt"
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
