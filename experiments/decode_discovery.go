package experiments

import "go.yaml.in/yaml/v3"

// MinDiscoveryPoints is the smallest design scenario discovery takes.
// n points with k of interest admit at most C(n, k) labellings, and
// C(n, ⌊n/2⌋) first reaches 20 at n = 6 (1, 2, 3, 6 and 10 for n = 1..5):
// on fewer, whichever box PRIM proposes fits one of at most 10 patterns,
// so no box can be told from chance at the 5% level of its test
// (PRIMShuffles; the exact permutation p-value is at least 1/C(n, k)),
// and under crn: points, where the test is not made, a box is chance's
// by the same count. On 1 to 3 points the search was accepted and
// reported box 0, the whole range (a review, stop 53). A saltelli design
// has at least 2 × (1 + 2) = 6 points.
const MinDiscoveryPoints = 6

func (d *decoder) discovery(n *yaml.Node, key string, c *Config) (DiscoverySpec, error) {
	ds := DiscoverySpec{PeelAlpha: DefaultPeelAlpha, PasteAlpha: DefaultPasteAlpha, MinMass: DefaultMinMass}
	fields, err := d.mapping(n, key, discoveryKeys)
	if err != nil {
		return ds, err
	}
	var quantityN, conditionN, thresholdN *yaml.Node
	for _, f := range fields {
		k := join(key, f.name)
		switch f.name {
		case "quantity":
			quantityN = f.val
			if ds.Quantity, err = d.quantity(f.val, k, c); err != nil {
				return ds, err
			}
		case "condition":
			conditionN = f.val
			if thresholdN, err = d.condition(f.val, k, &ds); err != nil {
				return ds, err
			}
			if ds.Significant && c.Replicates < 2 {
				return ds, d.errf(f.val, join(k, "significant"), "true needs a 95%% interval at every point, which needs replicates >= 2 (the config has %d): set significant: false or raise replicates", c.Replicates)
			}
		case "peel_alpha":
			ds.PeelAlpha, err = d.fraction(f.val, k, 0, 0.5, false)
		case "paste_alpha":
			ds.PasteAlpha, err = d.fraction(f.val, k, 0, 0.5, false)
		case "min_mass":
			ds.MinMass, err = d.fraction(f.val, k, 0, 1, true)
		case "peel_to_min_mass":
			ds.PeelToMinMass, err = d.boolean(deref(f.val), k)
		}
		if err != nil {
			return ds, err
		}
	}
	if quantityN == nil {
		return ds, d.errf(n, join(key, "quantity"), "required: {outcome, architecture} or {outcome, contrast: [a, b]}")
	}
	if conditionN == nil {
		return ds, d.errf(n, join(key, "condition"), "required: {above: X} or {below: X}, optionally significant: true")
	}
	// A threshold at or beyond the end of the quantity's range can hold at
	// no point (an interval's end lies beyond the mean, so neither can
	// significant: true): the search would report one empty box.
	lo, hi, what := quantityRange(ds.Quantity)
	lo, hi = boundByPeriods(ds.Quantity.Outcome, ds.Quantity.IsContrast(), lo, hi, c, d.stored)
	op, k := "above", join(key, "condition.above")
	if ds.Below {
		op, k = "below", join(key, "condition.below")
	}
	if (!ds.Below && ds.Threshold >= hi) || (ds.Below && ds.Threshold <= lo) {
		return ds, d.errf(thresholdN, k, "%s %s can hold at no point: %s lies in [%s, %s] (allowed: a threshold inside that range)", op, fmtNum(ds.Threshold), what, fmtNum(lo), fmtNum(hi))
	}
	return ds, nil
}

// condition decodes {above: X} or {below: X} (with significant) into ds and
// returns the node of the threshold's key.
func (d *decoder) condition(n *yaml.Node, key string, ds *DiscoverySpec) (*yaml.Node, error) {
	fields, err := d.mapping(n, key, conditionKeys)
	if err != nil {
		return nil, err
	}
	var seen *yaml.Node
	for _, f := range fields {
		k := join(key, f.name)
		switch f.name {
		case "above", "below":
			if seen != nil {
				return nil, d.errf(f.key, k, "give above or below, not both")
			}
			seen = f.key
			ds.Below = f.name == "below"
			if ds.Threshold, err = d.number(deref(f.val), k); err != nil {
				return nil, err
			}
		case "significant":
			if ds.Significant, err = d.boolean(deref(f.val), k); err != nil {
				return nil, err
			}
		}
	}
	if seen == nil {
		return nil, d.errf(n, key, "give above: X or below: X")
	}
	return seen, nil
}

// maxLabellings is C(n, ⌊n/2⌋), the most ways to mark points of interest
// among n points, for n small enough not to overflow (n < MinDiscoveryPoints).
func maxLabellings(n int) int {
	c := 1
	for k := range n / 2 {
		c = c * (n - k) / (k + 1)
	}
	return c
}
