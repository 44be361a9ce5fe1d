package output_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"pactsim/engine"
	"pactsim/output"
)

// Example shows the life of a results directory: parts written in task
// order, then the finalisation from disk, then the manifest, last.
func Example() {
	dir, err := os.MkdirTemp("", "pactsim-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	d, err := output.New(output.Layout{
		Dir:           dir,
		Swept:         []string{"us.reliability"},
		Points:        [][]float64{{0.3}, {0.9}},
		Replicates:    3,
		Architectures: []string{"treaty", "layered"},
		Provenance:    output.Provenance{ConfigSHA256: "0123abcd", EngineVersion: "dev", ModelVersion: "dev"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// One part of all 6 tasks; a real run cuts parts at output.part_tasks.
	w, err := d.NewPart("part-00000", 0, d.Tasks())
	if err != nil {
		log.Fatal(err)
	}
	for task := range d.Tasks() {
		tr := output.TaskRows{Point: task / 3, Replicate: task % 3, Seed: int64(task), Outcomes: make([]engine.Outcome, 2)}
		for a := range tr.Outcomes {
			for k, spec := range engine.Outcomes {
				tr.Outcomes[a].Value[k] = float64(a + task%2)
				tr.Outcomes[a].Valid[k] = spec.Kind != engine.Flag
			}
		}
		if err := w.Write(&tr); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := d.Finalize(context.Background()); err != nil {
		log.Fatal(err)
	}
	if err := d.WriteManifest(context.Background(), &output.Manifest{Kind: output.KindRun, Seed: 1, Workers: 1}); err != nil {
		log.Fatal(err)
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := output.VerifyFiles(dir, m); err != nil {
		log.Fatal(err)
	}
	for _, f := range m.Files {
		fmt.Println(filepath.FromSlash(f.Path))
	}
	fmt.Println("runs rows:", m.Rows[output.TableRuns], "summary rows:", m.Rows[output.TableSummary])
	// Output:
	// codebook.csv
	// contrasts.csv
	// contrasts.parquet
	// contrasts_by_formation.csv
	// contrasts_by_formation.parquet
	// points.parquet
	// runs/part-00000.parquet
	// summary.csv
	// summary.parquet
	// summary_by_formation.csv
	// summary_by_formation.parquet
	// runs rows: 12 summary rows: 188
}
