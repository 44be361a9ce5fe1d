package experiments

import "testing"

// TestPeriodsBoundThreshold (a review, stop 52): treaty_formed_period's
// registered range is "0..periods", which the range checks read as
// [0, +Inf], so a discovery threshold or a calibration range past the
// run's length was accepted, to be met at no point (runner analyze wrote
// one empty box; runner calibrate would spend its budget on a target it
// could never meet). It is now bounded by the config's periods, or with
// periods swept, by the longest run of the sweep; thresholds and ranges
// inside it are still accepted.
func TestPeriodsBoundThreshold(t *testing.T) {
	t.Parallel()
	head := "name: q\nseed: 1\nreplicates: 2\nperiods: 8\narchitectures: [treaty, layered]\n"
	lhs := "sweep:\n  design: lhs\n  samples: 8\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n"
	disc := func(q, cond string) string {
		return "analysis:\n  discovery:\n    quantity: " + q + "\n    condition: " + cond + "\n"
	}
	mean, contrast := "{outcome: treaty_formed_period, architecture: treaty}", "{outcome: treaty_formed_period, contrast: [treaty, treaty_plus_cells]}"
	head2 := "name: q\nseed: 1\nreplicates: 2\nperiods: 8\narchitectures: [treaty, treaty_plus_cells]\n"
	wantConfigError(t, "above periods", head+lhs+disc(mean, "{above: 100}"), 14, "analysis.discovery.condition.above", "can hold at no point", "lies in [0, 8]")
	wantConfigError(t, "above exactly periods", head+lhs+disc(mean, "{above: 8}"), 14, "analysis.discovery.condition.above", "can hold at no point")
	wantConfigError(t, "contrast below -periods", head2+lhs+disc(contrast, "{below: -8}"), 14, "analysis.discovery.condition.below", "lies in [-8, 8]")
	mustParse(t, head+lhs+disc(mean, "{above: 7.5}"))
	mustParse(t, head2+lhs+disc(contrast, "{below: -7}"))
	// Periods swept: the longest run bounds it.
	swept := "name: q\nseed: 1\nreplicates: 2\narchitectures: [treaty, layered]\nsweep:\n  design: lhs\n  samples: 8\n  parameters:\n    periods: {min: 4, max: 12}\n"
	wantConfigError(t, "above the longest run", swept+disc(mean, "{above: 12}"), 13, "analysis.discovery.condition.above", "lies in [0, 12]")
	mustParse(t, swept+disc(mean, "{above: 10}"))
	// Periods at its default, 40.
	def := "name: q\nseed: 1\nreplicates: 2\narchitectures: [treaty, layered]\n" + lhs
	wantConfigError(t, "above the default periods", def+disc(mean, "{above: 40}"), 13, "analysis.discovery.condition.above", "lies in [0, 40]")
	mustParse(t, def+disc(mean, "{above: 39}"))

	// Calibration targets.
	cal := "name: cal\nseed: 1\nreplicates: 2\nperiods: 8\narchitectures: [none, treaty]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n  targets:\n    - "
	wantConfigError(t, "target past periods", cal+"{name: a, outcome: treaty_formed_period, architecture: treaty, range: [20, 30]}\n", 9, "calibration.targets[0].range", "can be met at no point", "lies in [0, 8]")
	wantConfigError(t, "value past periods", cal+"{name: a, outcome: treaty_formed_period, architecture: treaty, value: 9, tolerance: 0.5}\n", 9, "calibration.targets[0].value", "can be met at no point")
	mustParse(t, cal+"{name: a, outcome: treaty_formed_period, architecture: treaty, range: [2, 30]}\n")
}
