package experiments

import (
	"strings"
	"testing"
)

// bansConfig is a calibration of alliance_ban.obligation_limit whose
// inline mechanism needs both banned hedgers (VN, ID) to exist: it
// exists at every limit of at least its obligation, OBL.
const bansConfig = `name: x
seed: 1
replicates: 1
architectures:
  - none
  - name: mine
    mechanisms:
      - {name: m, preset: treaty, founders: [US], eligible: [US, VN, ID], min_members: 3, obligation: OBL}
calibration:
  parameters:
    alliance_ban.obligation_limit: {min: 0.1, max: 0.9}
  targets:
    - {name: a, outcome: challenges, architecture: mine, range: [0, 1]}
`

// An evaluation is not refused by the advice a new config gets at point 0:
// the calibration stopped with exit 2 and its directory half-written at
// the first limit below the obligation (a hostile review, h71).
func TestCalibratedBansAtEvaluation(t *testing.T) {
	plan, err := Parse("cfg/test.yaml", []byte(strings.ReplaceAll(bansConfig, "OBL", "0.3")))
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []float64{0.1, 0.29, 0.3, 0.9} {
		if _, err := plan.WithCalibrated([]float64{limit}); err != nil {
			t.Errorf("limit %g: %v", limit, err)
		}
	}
}

// A calibrated ban constant moves the bans as a swept one does: the
// default limit (0.5) below the obligation (0.6) does not refuse a search
// that reaches limits above it.
func TestCalibratedBansAtDecode(t *testing.T) {
	if _, err := Parse("cfg/test.yaml", []byte(strings.ReplaceAll(bansConfig, "OBL", "0.6"))); err != nil {
		t.Fatal(err)
	}
}

// A search whose every limit is at least the banned founder's obligation
// is accepted: the ban never binds the founder.
func TestCalibratedBannedFounderWithinLimits(t *testing.T) {
	c := strings.Replace(strings.ReplaceAll(bansConfig, "OBL", "0.3"), "eligible: [US, VN, ID], min_members: 3", "founders: [US, VN]", 1)
	c = strings.Replace(c, "founders: [US], ", "", 1)
	c = strings.Replace(c, "{min: 0.1, max: 0.9}", "{min: 0.3, max: 0.9}", 1)
	if _, err := Parse("cfg/test.yaml", []byte(c)); err != nil {
		t.Fatalf("%v\n%s", err, c)
	}
}
