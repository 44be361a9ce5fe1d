package plots

import (
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// sharedNote says why a design on common random numbers across its points
// gets pooled means without intervals.
const sharedNote = "This design shares each replicate's world across its design points (sweep.crn: points): replicate r is the same population and the same shocks at every point. The points are then not independent strata, and the stratified interval of a mean pooled over them would be too narrow, so the pooled figures and the pooled primary contrasts show means without a confidence interval. Each point's own interval is in summary.csv and contrasts.csv; an interval for a pooled contrast comes from the runs table, by averaging each replicate's paired differences over the points and taking the interval over replicates."

// sharedWorlds reports whether dir's resolved config.yaml shares each
// replicate's random numbers across design points (sweep.crn: points).
// The pooled figures and the report's pooled primary contrasts weigh the
// points as independent strata, which is right only when they are not (a
// hostile review, stop 32: under crn: points the report called a
// difference significant whose per-replicate interval was four times as
// wide and included 0).
func sharedWorlds(dir string) (bool, error) {
	path := filepath.Join(dir, "config.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		return false, fmt.Errorf("plots: %w", err)
	}
	var cfg struct {
		Sweep struct {
			CRN string `yaml:"crn"`
		} `yaml:"sweep"`
	}
	// Not strict, as ReadMeta: the experiments package validates it.
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return false, fmt.Errorf("plots: %s: %w", path, err)
	}
	return cfg.Sweep.CRN == "points", nil
}
