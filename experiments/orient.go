package experiments

import "pactsim/output"

// tableOriented returns q with its contrast as the contrasts table holds
// it (output.ContrastPairs of archs), and whether that reversed it: a − b
// of a pair the table holds as b − a. A quantity of one architecture, or a
// pair the table does not hold either way, is returned as it is. The
// analyses name their random streams by this form, so that the two
// spellings of one contrast, which carry the same information, get the
// same draws.
func (q QuantitySpec) tableOriented(archs []string) (QuantitySpec, bool) {
	if !q.IsContrast() {
		return q, false
	}
	a, b := q.Contrast[0], q.Contrast[1]
	for _, pr := range output.ContrastPairs(archs) {
		if pr == [2]string{b, a} {
			q.Contrast = pr
			return q, true
		}
	}
	return q, false
}

// tableOriented returns s written with its contrast as the contrasts
// table holds it: "b − a > t" becomes "a − b < −t", which picks the same
// points. The shuffle test's stream is named by this form, so the two
// spellings of one condition get the same selection (a borderline box is
// not kept under one and dropped under the other).
func (s DiscoverySpec) tableOriented(archs []string) DiscoverySpec {
	if _, reversed := s.Quantity.tableOriented(archs); reversed {
		return mirrored(s)
	}
	return s
}

// reversed is the contrast q with its architectures swapped: b − a for
// a − b.
func (q QuantitySpec) reversed() QuantitySpec {
	q.Contrast = [2]string{q.Contrast[1], q.Contrast[0]}
	return q
}

// mirrored is s with its contrast reversed: "b − a > t" for "a − b < −t",
// which picks the same points.
func mirrored(s DiscoverySpec) DiscoverySpec {
	s.Quantity = s.Quantity.reversed()
	s.Below = !s.Below
	if s.Threshold != 0 { // −0 would be written "-0"
		s.Threshold = -s.Threshold
	}
	return s
}
