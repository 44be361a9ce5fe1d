package engine

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// The table of docs/model.md sec. 17.1 prints what the fact tests measure
// ("The numbers below are what go test ./engine -run
// 'Facts|AllianceBans|DomainsGeography' -v prints"), but until stop 53 no
// test compared them: a fact test that still passed its criterion could
// measure other numbers than the table's. Each fact test now checks that
// its row of the table states what it measured, to the printed digits (a
// review, stop 53).

var (
	factRowsOnce sync.Once
	factRows     map[string]string
	factRowsErr  error
)

// factRow returns the measured column of the row of docs/model.md sec.
// 17.1's table whose id column is id, whitespace folded.
func factRow(t *testing.T, id string) string {
	t.Helper()
	factRowsOnce.Do(func() {
		doc, err := os.ReadFile("../docs/model.md")
		if err != nil {
			factRowsErr = err
			return
		}
		text := string(doc)
		start := strings.Index(text, "### 17.1 ")
		end := strings.Index(text, "### 17.2 ")
		if start < 0 || end < start {
			factRowsErr = fmt.Errorf("docs/model.md has no section 17.1")
			return
		}
		factRows = map[string]string{}
		for _, line := range strings.Split(text[start:end], "\n") {
			cells := strings.Split(line, " | ")
			if !strings.HasPrefix(line, "| ") || len(cells) < 4 {
				continue
			}
			id := strings.TrimPrefix(cells[0], "| ")
			factRows[id] = strings.Join(strings.Fields(strings.TrimSuffix(cells[len(cells)-1], " |")), " ")
		}
	})
	if factRowsErr != nil {
		t.Fatal(factRowsErr)
	}
	row, ok := factRows[id]
	if !ok {
		t.Fatalf("docs/model.md sec. 17.1's table has no row %q", id)
	}
	return row
}

// factSays fails t unless the row id of docs/model.md sec. 17.1's table
// states each of want.
func factSays(t *testing.T, id string, want ...string) {
	t.Helper()
	row := factRow(t, id)
	for _, w := range want {
		if !strings.Contains(row, w) {
			t.Errorf("docs/model.md sec. 17.1, row %s, does not state %q (the test measured it): %q", id, w, row)
		}
	}
}

// signed prints v with the sign the docs print: "+" or "−" (U+2212).
func signed(v float64, prec int) string {
	s := fmt.Sprintf("%+.*f", prec, v)
	return strings.Replace(s, "-", "−", 1)
}

// thousands prints n with a comma between thousands, as the docs do.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// factText fails t unless docs/model.md sec. 17.1, whitespace folded,
// states each of want (the prose under its table).
func factText(t *testing.T, want ...string) {
	t.Helper()
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start, end := strings.Index(text, "### 17.1 "), strings.Index(text, "### 17.2 ")
	if start < 0 || end < start {
		t.Fatal("docs/model.md has no section 17.1")
	}
	text = strings.Join(strings.Fields(text[start:end]), " ")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("docs/model.md sec. 17.1 does not state %q (the test measured it)", w)
		}
	}
}
