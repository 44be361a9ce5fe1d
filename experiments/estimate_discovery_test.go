package experiments

import (
	"strings"
	"testing"
)

// TestEstimateDiscovery (a review, stop 52): an unsharded run's estimate
// counts the scenario discovery that follows its tasks, as it counts the
// sensitivity analysis. It counted none: validate estimated 1m24s for an
// LHS of 20,000 points in 16 parameters with four discovery targets whose
// run took 4m19s, 100 s of it in PRIM. A shard, which leaves the analyses
// to the merge, and a plan without discovery count none. With a saltelli
// design both analyses are counted, each named.
func TestEstimateDiscovery(t *testing.T) {
	t.Parallel()
	lhs := "sweep:\n  design: lhs\n  samples: 64\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n    adversary.threshold: {min: 0.8, max: 1.3}\n"
	disc := "analysis:\n  discovery:\n    - quantity: {outcome: severity_loss, contrast: [layered, treaty]}\n      condition: {above: 0}\n    - quantity: {outcome: deterrence_success, architecture: treaty}\n      condition: {below: 0.5}\n      min_mass: 0.1\n"
	plan := mustParse(t, analysisHead+lhs+disc)
	est, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks(), 1, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if est.Discovery <= 0 || est.Analysis != est.Discovery || est.Duration < est.Analysis ||
		!strings.Contains(est.String(), "of scenario discovery (PRIM)") || strings.Contains(est.String(), "sensitivity") {
		t.Errorf("discovery %v, analysis %v of %v: %s", est.Discovery, est.Analysis, est.Duration, est)
	}
	shard, err := EstimateRun(t.Context(), plan, 0, plan.NumTasks()/2, 1, t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	if shard.Discovery != 0 || shard.Analysis != 0 {
		t.Errorf("a shard's estimate counts %v of discovery, %v of analysis", shard.Discovery, shard.Analysis)
	}
	none := mustParse(t, analysisHead+lhs)
	if est, err := EstimateRun(t.Context(), none, 0, none.NumTasks(), 1, t.TempDir(), true); err != nil || est.Discovery != 0 {
		t.Errorf("without discovery: %v, %v", est.Discovery, err)
	}
	both := mustParse(t, analysisHead+saltelliSweep+"analysis:\n  quantities:\n    - {outcome: severity_loss, architecture: treaty}\n  sensitivity: {bootstrap: 100}\n  discovery:\n    quantity: {outcome: severity_loss, architecture: treaty}\n    condition: {above: 1}\n")
	est, err = EstimateRun(t.Context(), both, 0, both.NumTasks(), 1, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	if s := est.String(); est.Discovery <= 0 || est.Analysis <= est.Discovery || !strings.Contains(s, "of sensitivity analysis") || !strings.Contains(s, "of scenario discovery") {
		t.Errorf("saltelli with both: discovery %v, analysis %v: %s", est.Discovery, est.Analysis, s)
	}
}
