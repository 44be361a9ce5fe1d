package output

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/agents/param"
	"pactsim/engine"
)

// TestCodebookSources: the codebook has a source column, and every outcome
// of the runs table and every swept parameter carries where its definition
// or default comes from (issue 12 point 4: outcomes in the codebook with
// units and sources), the outcome's from engine.Outcomes, the parameter's
// from the registry.
func TestCodebookSources(t *testing.T) {
	const swept = "us.reliability"
	sc, err := RunsSchema([]string{swept}, []string{"none", "treaty"}, Provenance{EngineVersion: engine.Version, ModelVersion: engine.ModelVersion})
	if err != nil {
		t.Fatal(err)
	}
	rows := codebookOf(t, TableRuns, sc)
	if h := rows[0]; len(h) != 9 || h[6] != "source" || h[7] != "nullable" || h[8] != "better" {
		t.Fatalf("codebook header %v, want source, then nullable and better last", h)
	}
	source, nullable, better := map[string]string{}, map[string]string{}, map[string]string{}
	for _, r := range rows[1:] {
		source[r[1]], nullable[r[1]], better[r[1]] = r[6], r[7], r[8]
	}
	// nullable and better (a reader's second review): whether a column may
	// hold nulls, as the schema says, and which value of an outcome is
	// better, as p_a_better reads it; empty for a column that is not one.
	for _, f := range sc.Fields() {
		if nullable[f.Name] != strconv.FormatBool(f.Nullable) {
			t.Errorf("%s: nullable %q, schema %t", f.Name, nullable[f.Name], f.Nullable)
		}
	}
	want := map[engine.Direction]string{engine.HigherBetter: "higher", engine.LowerBetter: "lower", engine.NoDirection: "none"}
	for _, o := range engine.Outcomes {
		if better[o.Name] != want[o.Better] {
			t.Errorf("outcome %s: better %q, want %q", o.Name, better[o.Name], want[o.Better])
		}
	}
	if better["replicate"] != "" || better[swept] != "" {
		t.Errorf("columns that are not outcomes have a direction: %q, %q", better["replicate"], better[swept])
	}
	spec, _ := param.Lookup(swept)
	if spec.Source == "" || source[swept] != spec.Source {
		t.Errorf("%s: source %q, want the registry's %q", swept, source[swept], spec.Source)
	}
	for _, o := range engine.Outcomes {
		if got, ok := source[o.Name]; !ok || got == "" || got != o.Source {
			t.Errorf("outcome %s: source %q, want %q (non-empty)", o.Name, got, o.Source)
		}
	}
}

// TestCodebookStates: every column of the states table after its keys
// (point, replicate, architecture, state_index, state, role) has a source,
// and every real column a unit (reviews, stop 24: the roster's attributes
// had no source, and seven [0, 1] indices no unit); the roster's
// attributes name the roster, what the model computes its sections.
func TestCodebookStates(t *testing.T) {
	sc, err := StatesSchema([]string{"none", "treaty"}, Provenance{EngineVersion: engine.Version, ModelVersion: engine.ModelVersion})
	if err != nil {
		t.Fatal(err)
	}
	rows := codebookOf(t, TableStates, sc)
	seen := 0
	for _, r := range rows[1:] {
		name, typ, unit, source := r[1], r[2], r[3], r[6]
		if !slices.ContainsFunc(stateColumns, func(c recordColumn) bool { return c.name == name }) {
			continue
		}
		seen++
		if source == "" {
			t.Errorf("states %s: no source", name)
		}
		if typ == "double" && unit == "" {
			t.Errorf("states %s: a real column without a unit", name)
		}
	}
	if seen != len(stateColumns) {
		t.Errorf("%d of the %d state columns in the codebook", seen, len(stateColumns))
	}
	if got := rows[1+slices.IndexFunc(rows[1:], func(r []string) bool { return r[1] == ColStateCapability })][6]; !strings.Contains(got, "roster") {
		t.Errorf("capability's source %q does not name the roster", got)
	}
}

// codebookOf writes the codebook of one table with schema sc and returns
// its rows, the header first.
func codebookOf(t *testing.T, table string, sc *arrow.Schema) [][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), CodebookName)
	if err := writeCodebookFile(OSFileSystem{}, path, []namedSchema{{table, sc}}); err != nil {
		t.Fatal(err)
	}
	return readCSV(t, path)
}

// TestCodebookTrajectories: every column of the trajectories table after
// its keys (point, replicate, architecture, period) has a source naming
// the section of docs/model.md that computes it, as the states' columns
// have: the codebook of a run with trajectories gave them none (a review,
// stop 53). Read from the codebook a run writes.
func TestCodebookTrajectories(t *testing.T) {
	l := testLayout(t.TempDir())
	l.Points, l.Replicates = l.Points[:1], 1
	writeDataset(t, l, 1)
	rows := readCSV(t, filepath.Join(l.Dir, CodebookName))
	keys := []string{ColPoint, ColReplicate, ColArchitecture, ColPeriod}
	seen := 0
	for _, r := range rows[1:] {
		table, name, source := r[0], r[1], r[6]
		if table != TableTrajectories {
			continue
		}
		seen++
		if slices.Contains(keys, name) {
			continue
		}
		if !strings.Contains(source, "docs/model.md sec. ") {
			t.Errorf("trajectories %s: source %q names no section of docs/model.md", name, source)
		}
	}
	if seen != len(keys)-1+len(periodColumns) {
		t.Errorf("%d trajectories columns in the codebook, want %d", seen, len(keys)-1+len(periodColumns))
	}
}
