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
	Source      string // where the definition comes from
}

// OutcomeID indexes the outcome columns.
type OutcomeID int

const (
	DeterrenceSuccess OutcomeID = iota
	SeverityLoss
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
	// Model 2.0 (docs/model.md sec. 13): per domain, in crisis-type order.
	FailuresGreyZone
	FailuresEconomic
	FailuresBlockade
	FailuresArmed
	FaitAccompliGreyZone
	FaitAccompliEconomic
	FaitAccompliBlockade
	FaitAccompliArmed
	DeterrenceGreyZone
	DeterrenceEconomic
	DeterrenceBlockade
	DeterrenceArmed
	HazardGreyZone
	HazardEconomic
	HazardBlockade
	HazardArmed
	GreyEconomicShare
	EconomicLoss
	BurdenCost
	CapabilityGrowth
	Readiness
	LateShare
	ResolveGrowth
	TreatyFormedPeriod
	HedgerRealignment
	NumOutcomes
)

// Sources of the outcomes' definitions.
const (
	srcBrief    = "docs/model.md sec. 13"
	srcSeverity = "weights grey zone 1, economic 1, blockade 10, armed 30, war 100 (docs/model.md sec. 13)"
)

// Outcomes is the outcome registry, in column order.
var Outcomes = [NumOutcomes]OutcomeSpec{
	DeterrenceSuccess:   {"deterrence_success", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with neither a fait accompli (a change of control) nor a war (the headline outcome)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	SeverityLoss:        {"severity_loss", Real, false, "severity units", ">= 0", LowerBetter, "severity-weighted loss: Σ over domains of weight × challenges not denied, plus 100 per war (the second headline; " + srcSeverity + "; a challenge that became a war counts 100, not also 30: failures_armed counts it, so 30·failures_armed + 100·wars overstates the loss)", "brief §10 (severity-weighted loss, the second headline); weights: docs/model.md sec. 13 (Second Thomas Shoal 2024, Johnson South Reef 1988, Galwan 2020)"},
	GeneralDeterrence:   {"general_deterrence", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods in which the adversary challenged no one", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	Challenges:          {"challenges", Count, false, "crises", ">= 0", LowerBetter, "number of challenges by the adversary", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	ChallengesGreyZone:  {"challenges_grey_zone", Count, false, "crises", ">= 0", LowerBetter, "number of grey-zone challenges", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	ChallengesEconomic:  {"challenges_economic", Count, false, "crises", ">= 0", LowerBetter, "number of economic-coercion challenges (campaigns started)", "model 1.1 (docs/model.md sec. 21); campaigns: docs/model.md sec. 21 (T3b)"},
	ChallengesBlockade:  {"challenges_blockade", Count, false, "crises", ">= 0", LowerBetter, "number of blockade challenges", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	ChallengesArmed:     {"challenges_armed", Count, false, "crises", ">= 0", LowerBetter, "number of armed-attack challenges", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	Repelled:            {"repelled", Count, false, "crises", ">= 0", NoDirection, "challenges denied by the responders (wars included)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	FaitAccompli:        {"fait_accompli", Count, false, "crises", ">= 0", LowerBetter, "challenges whose success changed control (a fait accompli)", "model 1.1 (docs/model.md sec. 21); changes of control: docs/model.md sec. 21"},
	Wars:                {"wars", Count, false, "crises", ">= 0", LowerBetter, "repelled escalatory challenges that became wars", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	CoordinatedShare:    {"coordinated_share", Real, true, "share of challenges", "[0, 1]", HigherBetter, "coordinated responses (among responders on time) / challenges (null if no challenge)", "model 1.1 (docs/model.md sec. 21); on-time responders: docs/model.md sec. 21"},
	HonourRate:          {"honour_rate", Real, true, "share of commitments", "[0, 1]", HigherBetter, "committed states that acted (late or not) / committed states, patron included (null if none)", "model 1.1 (docs/model.md sec. 21); Leeds, Long & Mitchell 2000"},
	Participation:       {"participation", Real, true, "share of linked states", "[0, 1]", HigherBetter, "states that acted / non-target states linked through a mechanism, pooled over crises (null if none)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 16, item 3"},
	BuyIn:               {"buy_in", Real, true, "share of hedgers", "[0, 1]", HigherBetter, "share of hedgers in at least one mechanism at the end (null if no hedger)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	BuyInCapability:     {"buy_in_capability", Real, true, "capability share of hedgers", "[0, 1]", HigherBetter, "capability-weighted share of hedgers in at least one mechanism at the end (null if no hedger)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	TreatyFormed:        {"treaty_formed", Flag, true, "", "true/false", NoDirection, "whether the treaty formed at some period (null where the architecture has no treaty)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 21"},
	MembersEnd:          {"members_end", Count, false, "states", ">= 0", HigherBetter, "states in at least one mechanism at the end", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	FalseSecurityGap:    {"false_security_gap", Real, true, "share of promised capability", "[-1, 1]", LowerBetter, "mean over crises of (protection the target expected − protection that came in time) / partners' capability (null if no crisis)", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 8.3"},
	Tension:             {"tension", Real, false, "utility", "real", LowerBetter, "mean over periods of χ₀ − χ(t): how much visible blocs, formation and failed attempts lower the adversary's threshold", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 6.4"},
	USBeliefEnd:         {"us_belief_end", Real, false, "probability", "[0, 1]", NoDirection, "mean over states (patron included) of the belief in US reliability at the end", "model 1.1 (docs/model.md sec. 21); docs/model.md sec. 13"},
	InteroperabilityEnd: {"interoperability_end", Real, false, "index", "[0, 1]", HigherBetter, "mean over states (patron included) of interoperability ι at the end (0 none, 1 full)", "model 1.1 (docs/model.md sec. 21); ι: docs/model.md sec. 9.5"},

	FailuresGreyZone:     {"failures_grey_zone", Count, false, "crises", ">= 0", LowerBetter, "grey-zone challenges not denied (" + srcBrief + ")", "brief §10; denial by domain: docs/model.md secs. 4.4 and 8"},
	FailuresEconomic:     {"failures_economic", Count, false, "crises", ">= 0", LowerBetter, "economic campaigns not blunted (" + srcBrief + ")", "brief §10; denial by domain: docs/model.md secs. 4.4 and 8"},
	FailuresBlockade:     {"failures_blockade", Count, false, "crises", ">= 0", LowerBetter, "blockades not denied, plus denied ones that became wars (" + srcBrief + ")", "brief §10; denial by domain: docs/model.md secs. 4.4 and 8"},
	FailuresArmed:        {"failures_armed", Count, false, "crises", ">= 0", LowerBetter, "armed attacks not denied, plus denied ones that became wars (" + srcBrief + ")", "brief §10; denial by domain: docs/model.md secs. 4.4 and 8"},
	FaitAccompliGreyZone: {"fait_accompli_grey_zone", Count, false, "crises", ">= 0", LowerBetter, "grey-zone successes that changed control (Mischief Reef 1995, Scarborough 2012)", "brief §10; territorial shares: docs/model.md sec. 8.1"},
	FaitAccompliEconomic: {"fait_accompli_economic", Count, false, "crises", ">= 0", LowerBetter, "economic successes that changed control (0 unless crisis.economic_coercion.territorial_share > 0)", "brief §10; territorial shares: docs/model.md sec. 8.1"},
	FaitAccompliBlockade: {"fait_accompli_blockade", Count, false, "crises", ">= 0", LowerBetter, "blockade successes that changed control", "brief §10; territorial shares: docs/model.md sec. 8.1"},
	FaitAccompliArmed:    {"fait_accompli_armed", Count, false, "crises", ">= 0", LowerBetter, "armed-attack successes that changed control", "brief §10; territorial shares: docs/model.md sec. 8.1"},
	DeterrenceGreyZone:   {"deterrence_success_grey_zone", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with no grey-zone failure (" + srcBrief + ")", "brief §10 (deterrence success per domain); docs/model.md sec. 13"},
	DeterrenceEconomic:   {"deterrence_success_economic", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with no economic failure (" + srcBrief + ")", "brief §10 (deterrence success per domain); docs/model.md sec. 13"},
	DeterrenceBlockade:   {"deterrence_success_blockade", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with no blockade failure (" + srcBrief + ")", "brief §10 (deterrence success per domain); docs/model.md sec. 13"},
	DeterrenceArmed:      {"deterrence_success_armed", Real, false, "share of periods", "[0, 1]", HigherBetter, "share of periods with no armed-attack failure (" + srcBrief + ")", "brief §10 (deterrence success per domain); docs/model.md sec. 13"},
	HazardGreyZone:       {"hazard_grey_zone", Real, true, "expected challenges", ">= 0", LowerBetter, "adversary's latent grey-zone hazard: Σ over periods and targets of the probability of a challenge before the draw (null only in the engine's forced-crisis probes, docs/model.md sec. 16 item 18; never in a config's runs)", "brief §10 (A's latent hazard per domain); docs/model.md sec. 6.5"},
	HazardEconomic:       {"hazard_economic", Real, true, "expected challenges", ">= 0", LowerBetter, "adversary's latent economic-coercion hazard (null only in the engine's forced-crisis probes, docs/model.md sec. 16 item 18; never in a config's runs)", "brief §10 (A's latent hazard per domain); docs/model.md sec. 6.5"},
	HazardBlockade:       {"hazard_blockade", Real, true, "expected challenges", ">= 0", LowerBetter, "adversary's latent blockade hazard (null only in the engine's forced-crisis probes, docs/model.md sec. 16 item 18; never in a config's runs)", "brief §10 (A's latent hazard per domain); docs/model.md sec. 6.5"},
	HazardArmed:          {"hazard_armed", Real, true, "expected challenges", ">= 0", LowerBetter, "adversary's latent armed-attack hazard: resolves differences in rare armed attacks that counts cannot (null only in the engine's forced-crisis probes, docs/model.md sec. 16 item 18; never in a config's runs)", "brief §10 (A's latent hazard per domain); docs/model.md sec. 6.5"},
	GreyEconomicShare:    {"grey_economic_share", Real, true, "share of challenges", "[0, 1]", NoDirection, "(grey-zone + economic challenges) / challenges (null if no challenge; target T1)", "target T1 (brief §12); docs/model.md secs. 13 and 17.2"},
	EconomicLoss:         {"economic_loss", Real, false, "% of roster GDP", ">= 0", LowerBetter, "economic loss of successful campaigns, Σ_j loss_j·Y_j / Σ_i Y_i, summed over the run (" + srcBrief + ")", "brief §10 (economic loss); docs/model.md sec. 8.2"},
	BurdenCost:           {"burden_cost", Real, false, "utility per period", ">= 0", LowerBetter, "domestic cost of spending shortfalls against the asks, summed over states, mean over periods (docs/model.md sec. 9.7)", "brief §4 and §10 (burden cost); docs/model.md sec. 9.7"},
	CapabilityGrowth:     {"capability_growth", Real, false, "share", ">= 0", NoDirection, "Σ_i K_i·m_i(T) / Σ_i K_i − 1: capability bought by burden-sharing", "brief §4 (capability bought by burden-sharing); docs/model.md sec. 9.7"},
	Readiness:            {"readiness", Real, false, "share of capability", "[0, 1]", HigherBetter, "mean over non-patron states and periods of readiness ϑ_i(t) (docs/model.md sec. 9.8)", "brief §5 and §10 (mean readiness); docs/model.md sec. 9.8"},
	LateShare:            {"late_share", Real, true, "share of responses", "[0, 1]", LowerBetter, "responses that arrived after the window / responses of states besides the target, patron included (null if none; docs/model.md sec. 7.1)", "brief §6 and §10 (share of late responses); docs/model.md sec. 7.1"},
	ResolveGrowth:        {"resolve_growth", Real, false, "share", ">= 0", LowerBetter, "R_A(T)/R_A − 1: the adversary's counter-mobilisation (docs/model.md sec. 6.7)", "brief §2 (A's counter-mobilisation); docs/model.md sec. 6.7"},
	TreatyFormedPeriod:   {"treaty_formed_period", Count, true, "period", "0..periods", NoDirection, "period in which the treaty formed (0 at set-up; null if it never formed or the architecture has none)", "brief §9 and §10 (period of treaty formation); docs/model.md sec. 5.4"},
	HedgerRealignment:    {"hedger_realignment", Real, true, "autonomy units", "[-1, 1]", NoDirection, "mean over hedgers of a_i0 − a_i(T): > 0 moved toward alignment, < 0 resisted (null if no hedger; docs/model.md sec. 9.9)", "brief §7 and §10 (hedgers' realignment); docs/model.md sec. 9.9"},
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
