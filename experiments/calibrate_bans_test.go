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
// the first limit below the obligation (a hostile review).
// (A new config whose search reaches such limits is refused at decode,
// TestCalibratedBansAtDecode: a directory's own config.yaml is read here.)
func TestCalibratedBansAtEvaluation(t *testing.T) {
	plan, err := parseStored("cfg/test.yaml", []byte(strings.ReplaceAll(bansConfig, "OBL", "0.3")))
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
// whose every limit is at least the obligation; one that reaches limits
// below it is refused at decode, naming the range's end, since runner run
// would refuse calibrated.yaml at such a fitted limit (a hostile review:
// the calibration completed, exit 0, and its calibrated.yaml did not
// run).
func TestCalibratedBansAtDecode(t *testing.T) {
	c := strings.ReplaceAll(bansConfig, "OBL", "0.6")
	if _, err := Parse("cfg/test.yaml", []byte(strings.Replace(c, "{min: 0.1, max: 0.9}", "{min: 0.6, max: 0.9}", 1))); err != nil {
		t.Fatal(err)
	}
	wantConfigError(t, "limit", c, 8, "architectures[1].mechanisms[0].min_members", "alliance_ban.obligation_limit = 0.1 (its min)", "runner run would refuse calibrated.yaml")
}

// A calibration of alliance_ban.strength whose range reaches 1, where a
// ban binds in every world, is refused where it leaves an inline
// mechanism too few states that may join: the search starts at the
// default, 1, and stopped there, and runner run refused the calibrated.yaml
// (exit 2) of a calibration that had exited 0 (a hostile review).
func TestCalibratedBanStrengthReachesOne(t *testing.T) {
	c := strings.ReplaceAll(bansConfig, "OBL", "0.8")
	c = strings.Replace(c, "alliance_ban.obligation_limit: {min: 0.1, max: 0.9}", "alliance_ban.strength: {min: 0.5, max: 1}", 1)
	wantConfigError(t, "strength", c, 8, "architectures[1].mechanisms[0].min_members", "alliance_ban.strength = 1 (its max)", "only 1 state")
	// Below 1 a ban binds in some worlds only: the mechanism may exist.
	if _, err := Parse("cfg/test.yaml", []byte(strings.Replace(c, "max: 1}", "max: 0.99}", 1))); err != nil {
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
