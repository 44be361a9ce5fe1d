package output

import (
	"path/filepath"
	"testing"

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
	path := filepath.Join(t.TempDir(), CodebookName)
	if err := writeCodebookFile(OSFileSystem{}, path, []namedSchema{{TableRuns, sc}}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, path)
	if h := rows[0]; len(h) != 7 || h[6] != "source" {
		t.Fatalf("codebook header %v, want a source column last", h)
	}
	source := map[string]string{}
	for _, r := range rows[1:] {
		source[r[1]] = r[6]
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
