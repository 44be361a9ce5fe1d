package docprobe

import (
	"fmt"
	"math"
	"os"
	"pactsim/experiments"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestProbeLatencyTargets recomputes docs/model.md sec. 17.3's table of the
// fit targets against coordination latency ("Where latency leaves the
// record"), which no test read (a review, stop 52): at the calibration's
// seed and replicates (20261203, 1,000, `none` and `hub_and_spokes`, a grid
// over `coordination.latency.strength` with `crn: points`) for 0.80–1, and
// at seed 11 with 400 replicates for the rows that say so. T3 is the mean
// of `challenges_grey_zone` under `hub_and_spokes`, T3-PH the Philippines'
// `challenges_received_grey_zone`, T3c `fait_accompli_grey_zone`, T4 the
// ratio of the allies' summed `challenges_received_militarised`,
// `hub_and_spokes` / `none`, as experiments/calibrate.yaml defines them.
// Each printed number must be the recomputed one to its last digit (half a
// unit of it).
func TestProbeLatencyTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("10,400 architecture-runs with the states table")
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.Index(text, "| latency strength | T3 grey zone [20, 50] | T3 PH [8, 12] | T3c [0.3, 0.6] | T4 [0.6, 0.9] |")
	if i < 0 {
		t.Fatal("docs/model.md: no table of the targets against latency")
	}
	rowRe := regexp.MustCompile(`^\| ([0-9.]+)( \(seed 11, 400 replicates\)| \(the calibration\))? \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \|$`)
	type row struct {
		latency float64
		cells   []string
	}
	byRun := map[bool][]row{} // seed 11 or not
	for _, line := range strings.Split(text[i:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		m := rowRe.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("row %q not understood", line)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		byRun[m[2] == " (seed 11, 400 replicates)"] = append(byRun[m[2] == " (seed 11, 400 replicates)"], row{v, m[3:7]})
	}
	if len(byRun[false]) != 4 || len(byRun[true]) != 3 {
		t.Fatalf("the table has %d rows at the calibration's seed and %d at seed 11, want 4 and 3", len(byRun[false]), len(byRun[true]))
	}
	for _, seed11 := range []bool{false, true} {
		rows := byRun[seed11]
		seed, reps := 20261203, 1000
		if seed11 {
			seed, reps = 11, 400
		}
		var vals []string
		for _, r := range rows {
			vals = append(vals, strconv.FormatFloat(r.latency, 'g', -1, 64))
		}
		cfg := fmt.Sprintf("name: latency-targets\nseed: %d\nreplicates: %d\nperiods: 40\narchitectures: [none, hub_and_spokes]\npopulation:\n  roster: indo-pacific\nsweep:\n  design: grid\n  crn: points\n  parameters:\n    coordination.latency.strength: [%s]\noutput:\n  formats: [parquet]\n  tables: [runs, summary, contrasts, states]\n  plots: false\n", seed, reps, strings.Join(vals, ", "))
		plan, err := experiments.Parse("latency-targets.yaml", []byte(cfg))
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(t.TempDir(), "lat")
		mustRun(t, plan, dir, experiments.RunOptions{})
		// Per point: sums over hub_and_spokes runs and, for T4, the allies'
		// militarised challenges under each architecture.
		type acc struct{ gz, fa, ph, n, milHub, milNone float64 }
		sums := map[int]*acc{}
		get := func(p int) *acc {
			if sums[p] == nil {
				sums[p] = &acc{}
			}
			return sums[p]
		}
		num := func(r map[string]string, k string) float64 { return rowFloat(t, r, k) }
		for _, table := range []string{"runs", "states"} {
			parts, err := filepath.Glob(filepath.Join(dir, table, "*.parquet"))
			if err != nil || len(parts) == 0 {
				t.Fatalf("no %s parts (%v)", table, err)
			}
			for _, p := range parts {
				for _, r := range readTable(t, p) {
					a := get(int(num(r, "point")))
					hub := r["architecture"] == "hub_and_spokes"
					switch table {
					case "runs":
						if hub {
							a.gz += num(r, "challenges_grey_zone")
							a.fa += num(r, "fait_accompli_grey_zone")
							a.n++
						}
					case "states":
						switch r["state"] {
						case "JP", "AU", "PH", "KR", "TH":
							if hub {
								a.milHub += num(r, "challenges_received_militarised")
							} else {
								a.milNone += num(r, "challenges_received_militarised")
							}
							if hub && r["state"] == "PH" {
								a.ph += num(r, "challenges_received_grey_zone")
							}
						}
					}
				}
			}
		}
		for k, r := range rows {
			a := sums[k]
			got := []float64{a.gz / a.n, a.ph / a.n, a.fa / a.n, a.milHub / a.milNone}
			for j, s := range r.cells {
				want, _ := strconv.ParseFloat(s, 64)
				decimals := len(s) - strings.IndexByte(s, '.') - 1
				if math.Abs(got[j]-want) > 0.5*math.Pow(10, -float64(decimals))+1e-12 {
					t.Errorf("latency %v (seed %d): %s is %.5f, the table says %s", r.latency, seed, []string{"T3", "T3-PH", "T3c", "T4"}[j], got[j], s)
				}
			}
		}
	}
}
