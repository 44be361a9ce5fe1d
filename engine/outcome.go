package engine

// Direction says which way an outcome is better, for paired contrasts.
type Direction int8

const (
	NoDirection  Direction = 0  // neither direction is better (p_a_better is null)
	HigherBetter Direction = 1  // a higher value is better
	LowerBetter  Direction = -1 // a lower value is better
)

// Kind is an outcome's column type.
type Kind uint8

const (
	Real  Kind = iota // float64
	Count             // int64
	Flag              // bool
)

// OutcomeSpec describes one outcome column (docs/model.md sec. 13).
type OutcomeSpec struct {
	Name        string
	Kind        Kind
	Nullable    bool // may be undefined (written as null)
	Unit        string
	Range       string
	Better      Direction
	Description string
}

// OutcomeID indexes the outcome columns.
type OutcomeID int

const (
	DeterrenceSuccess OutcomeID = iota
	GeneralDeterrence
	Challenges
	ChallengesGreyZone
	ChallengesEconomic
	ChallengesBlockade
	ChallengesArmed
	Repelled
	FaitAccompli
	Wars
	CoordinatedShare
	HonourRate
	Participation
	BuyIn
	BuyInCapability
	TreatyFormed
	MembersEnd
	FalseSecurityGap
	Tension
	USBeliefEnd
	InteroperabilityEnd
	NumOutcomes
)

// Outcomes is the outcome registry, in column order.
var Outcomes = [NumOutcomes]OutcomeSpec{
	DeterrenceSuccess:   {"deterrence_success", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with neither a fait accompli nor a war (the headline outcome)"},
	GeneralDeterrence:   {"general_deterrence", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods in which the adversary challenged no one"},
	Challenges:          {"challenges", Count, false, "crises", ">= 0", LowerBetter, "number of challenges by the adversary"},
	ChallengesGreyZone:  {"challenges_grey_zone", Count, false, "crises", ">= 0", LowerBetter, "number of grey-zone challenges"},
	ChallengesEconomic:  {"challenges_economic", Count, false, "crises", ">= 0", LowerBetter, "number of economic-coercion challenges"},
	ChallengesBlockade:  {"challenges_blockade", Count, false, "crises", ">= 0", LowerBetter, "number of blockade challenges"},
	ChallengesArmed:     {"challenges_armed", Count, false, "crises", ">= 0", LowerBetter, "number of armed-attack challenges"},
	Repelled:            {"repelled", Count, false, "crises", ">= 0", NoDirection, "challenges denied by the responders (wars included)"},
	FaitAccompli:        {"fait_accompli", Count, false, "crises", ">= 0", LowerBetter, "challenges that ended in a fait accompli"},
	Wars:                {"wars", Count, false, "crises", ">= 0", LowerBetter, "repelled escalatory challenges that became wars"},
	CoordinatedShare:    {"coordinated_share", Real, true, "share of challenges", "[0, 1]", HigherBetter, "coordinated responses / challenges (null if no challenge)"},
	HonourRate:          {"honour_rate", Real, true, "share of commitments", "[0, 1]", HigherBetter, "committed states that acted / committed states, patron included (null if none)"},
	Participation:       {"participation", Real, true, "share of linked states", "[0, 1]", HigherBetter, "states that acted / non-target states linked through a mechanism, pooled over crises (null if none)"},
	BuyIn:               {"buy_in", Real, true, "share of hedgers", "[0, 1]", HigherBetter, "share of hedgers in at least one mechanism at the end (null if no hedger)"},
	BuyInCapability:     {"buy_in_capability", Real, true, "capability share of hedgers", "[0, 1]", HigherBetter, "capability-weighted share of hedgers in at least one mechanism at the end (null if no hedger)"},
	TreatyFormed:        {"treaty_formed", Flag, true, "", "true/false", NoDirection, "whether the treaty formed at t = 0 (null where the architecture has no treaty)"},
	MembersEnd:          {"members_end", Count, false, "states", ">= 0", HigherBetter, "states in at least one mechanism at the end"},
	FalseSecurityGap:    {"false_security_gap", Real, true, "share of promised capability", "[-1, 1]", LowerBetter, "mean over crises of (protection the target expected − protection that came) / partners' capability (null if no crisis)"},
	Tension:             {"tension", Real, false, "utility", "real", LowerBetter, "mean over periods of χ₀ − χ(t): how much visible blocs and formation lower the adversary's threshold"},
	USBeliefEnd:         {"us_belief_end", Real, false, "probability", "[0, 1]", NoDirection, "mean over states (patron included) of the belief in US reliability at the end"},
	InteroperabilityEnd: {"interoperability_end", Real, false, "", "[0, 1]", HigherBetter, "mean over states (patron included) of interoperability at the end"},
}

// Outcome holds one run's outcomes. Value k is defined iff Valid[k]; counts
// and flags are stored as whole numbers (flags 0 or 1).
type Outcome struct {
	Value [NumOutcomes]float64
	Valid [NumOutcomes]bool
}

func (o *Outcome) set(k OutcomeID, x float64) { o.Value[k], o.Valid[k] = x, true }

// Get returns outcome k and whether it is defined.
func (o *Outcome) Get(k OutcomeID) (float64, bool) { return o.Value[k], o.Valid[k] }
