package param

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Sources cited by the registry. They are kept short here; the model
// document (docs/model.md) gives the full references.
const (
	// 1.1's calibration was a prototype whose values reproduced 1.1's
	// stylised facts (the 1.1 specification, sec. 10); no base rate was
	// fitted, so the label says so (a referee, stop 38: "calibration of
	// the model" read as a fit). Design choices and symmetric defaults
	// have labels of their own.
	srcCalib   = "1.1's prototype value, under which 1.1's stylised facts held; not fitted to a base rate (docs/model.md sec. 14)"
	srcMid     = "1.1's midpoint of [0, 1], a symmetric default with no empirical anchor (docs/model.md sec. 14)"
	srcUniform = "design choice: a uniform prior over the four crisis types (docs/model.md sec. 5.2)"
	srcLowy    = "Lowy Institute Asia Power Index 2024 (CN overall 72.7)"
	srcSnyder  = "Snyder 1984, the alliance security dilemma"
	srcKuik    = "Kuik 2008, hedging in Southeast Asia"
	srcASPI    = "ASPI coercion database (152 cases 2010-20; Australia 21 of 73 actions 2020-22)"
	srcJervis  = "Jervis 1978; Kenwick, Vasquez & Powers 2015"
	srcFearon  = "Fearon 1994, 1997: audience costs and costly signals"
	srcPress   = "Press 2005: credibility tracks current interests"
	srcWeisig  = "Weisiger & Yarhi-Milo 2015: reputation updates"
	srcRenshon = "Renshon, Dafoe & Huth 2018: leaders reset reputation"
	srcGlobal  = "Carlsson & van Damme 1993; Morris & Shin 2003"
	srcChiba   = "Chiba, Johnson & Leeds 2015: limited commitments"
	srcRatner  = "Ratner's Pacific Defence Pact proposal"
	srcLayered = "Matsu & Tchakalian (The Interpreter): layered cells"
	srcLatency = "BASE-RATES sec. 10 (ANZUS 2001, NATO Art. 4/5, ACM 2015)"
)

func f(name, sym string, def, min, max, lo, hi float64, unit, desc, src string) Spec {
	return Spec{Name: name, Symbol: sym, Kind: Float, Default: def, Min: min, Max: max, Lo: lo, Hi: hi, Unit: unit, Description: desc, Source: src}
}

func i(name, sym string, def, min, max, lo, hi float64, unit, desc, src string) Spec {
	s := f(name, sym, def, min, max, lo, hi, unit, desc, src)
	s.Kind = Int
	return s
}

func b(name string, def bool, desc, src string) Spec {
	d := 0.0
	if def {
		d = 1
	}
	return Spec{Name: name, Kind: Bool, Default: d, Min: 0, Max: 1, Lo: 0, Hi: 1, Description: desc, Source: src}
}

// unit shares [0,1] with a ±30% plausible band around the default.
func prob(name, sym string, def, lo, hi float64, desc, src string) Spec {
	return f(name, sym, def, 0, 1, lo, hi, "probability", desc, src)
}

// CrisisTypes are the adversary's crisis types in model order; the lowest
// index wins a tie (docs/model.md secs. 4.2 and 12).
var CrisisTypes = [...]string{"grey_zone", "economic_coercion", "blockade", "armed_attack"}

func crisisTypeSpecs() []Spec {
	// Model 2.0 fits the grey-zone gain, cost and severity and the
	// economic gain and severity (docs/model.md sec. 17.2,
	// experiments/calibrate.yaml, at full precision so that a run at the
	// defaults reproduces the calibration's targets bit for bit); the rest
	// keep 1.1's calibration.
	sev := [4]float64{0.0726946281160777, 0.9302062594987137, 0.8, 1.2}
	gain := [4]float64{2.330630735106944, 0.212443680462502, 0.40, 0.50}
	cost := [4]float64{0.8096334789162665, 0.20, 0.60, 1.50}
	fitted := [4][3]bool{{true, true, true}, {true, true, false}}
	var out []Spec
	for k, ct := range CrisisTypes {
		p := "crisis." + ct + "."
		src := [3]string{srcCalib, srcCalib, srcCalib}
		for x, fit := range fitted[k] {
			if fit {
				src[x] = srcFit
			}
		}
		out = append(out,
			f(p+"severity", "s_k", sev[k], 0.01, 10, sev[k]*0.7, sev[k]*1.3, "capability units", "median severity of a "+ct+" challenge, around which its log severity is drawn (the strength needed to deny it, over K_A·R_A)", src[0]),
			f(p+"gain", "G_k", gain[k], 0, 10, gain[k]*0.7, gain[k]*1.3, "utility", "adversary's gain from a successful "+ct+" challenge", src[1]),
			f(p+"cost", "C_k", cost[k], 0, 10, cost[k]*0.7, cost[k]*1.3, "utility", "adversary's cost of a denied "+ct+" challenge", src[2]),
			prob(p+"prior_share", "π_k", 0.25, 0.1, 0.4, "prior share of "+ct+" among crises, used in expected coverage", srcUniform),
		)
	}
	return out
}

// runSpecs registers the run length and the population (docs/model.md
// secs. 2, 3).
func runSpecs() []Spec {
	return []Spec{
		i("periods", "T", 40, 1, 10000, 20, 80, "quarters", "number of simulated periods", "design choice: a decade of quarters, the time base of the record the calibration fits (docs/model.md sec. 17.2)"),
		f("population.belief_strength", "α+β", 10, 0.5, 1000, 5, 20, "pseudo-observations", "strength of each state's initial Beta belief in US reliability", srcCalib),
		f("population.heterogeneity", "κ", 20, 1, 10000, 10, 40, "pseudo-observations", "Beta concentration of state attributes around the roster values", srcCalib),
		f("population.capability_noise", "σ_K", 0.1, 0, 2, 0, 0.2, "log-scale sd", "sd of the log-normal factor on each state's capability (measurement noise around the Lowy scores; assumed)", srcCalib),
		f("population.belief_coupling", "", 1, 0, 1, 0, 1, "", "how far belief means track the US's true reliability: shift = coupling·(us.reliability − 0.7)", "ISEAS State of Southeast Asia 2025; Lowy Poll 2025"),
		f("population.reliability_shift", "", 0, -1, 1, -0.4, 0.4, "", "shift of every state's mean belief in US reliability", "ISEAS State of Southeast Asia 2025"),
		f("population.autonomy_shift", "", 0, -1, 1, -0.4, 0.4, "", "shift of every state's mean autonomy preference", srcKuik),
		f("population.threat_shift", "", 0, -1, 1, -0.4, 0.4, "", "shift of every state's mean threat perception", "ISEAS State of Southeast Asia 2025; Lowy Poll 2025"),
		f("population.exposure_shift", "", 0, -1, 1, -0.4, 0.4, "", "shift of every state's mean exposure e_i, which prices alignment in the accession and response costs; resilience, retribution and economic loss read export_china instead (docs/model.md sec. 22)", srcASPI),
		i("population.size", "N", 12, 2, 1000, 6, 40, "states", "number of states in synthetic mode (roster: synthetic)", "design choice: the size of the default roster (docs/model.md sec. 3.2)"),
		prob("population.share_core", "", 2.0/11, 0.1, 0.3, "share of non-patron states that are core in synthetic mode", "roster indo-pacific (2 of 11)"),
		prob("population.share_partner", "", 4.0/11, 0.2, 0.5, "share of non-patron states that are partners in synthetic mode (the rest are hedgers)", "roster indo-pacific (4 of 11)"),
	}
}

// accessionSpecs registers accession (docs/model.md sec. 5).
func accessionSpecs() []Spec {
	return []Spec{
		i("accession.review_period", "", 4, 1, 1000, 1, 8, "periods", "periods between membership reviews", srcCalib),
		f("accession.protect_benefit", "B_protect", 7, 0, 100, 5, 9, "utility", "benefit of expected protection in accession", srcSnyder),
		f("accession.capacity_benefit", "B_capacity", 2, 0, 100, 1, 3, "utility", "benefit of capacity building in accession", srcLayered),
		f("accession.autonomy_cost", "C_autonomy", 1, 0, 100, 0.7, 1.3, "utility", "cost of visible alignment to an autonomy-minded state", srcKuik),
		f("accession.retribution_cost", "C_retribution", 0.5, 0, 100, 0.3, 0.7, "utility", "cost of expected economic retribution for visible alignment", srcASPI),
		f("accession.entrapment_cost", "C_entrapment", 0.3, 0, 100, 0.2, 0.4, "utility", "cost of the risk of being dragged into others' wars", srcSnyder),
		f("accession.domestic_cost", "C_domestic", 0.4, 0, 100, 0.25, 0.55, "utility", "domestic and constitutional cost of an obligation", "Japan's 2015 security legislation"),
		f("accession.reservation_strength", "", 0.5, 0, 1, 0.3, 0.7, "", "how far a legally constrained state waters down its obligation: o_im = o_m·(1 − d_i·this)", "Japan's 2015 security legislation"),
		f("accession.taste_scale", "σ_join", 0.3, 0, 10, 0.1, 0.5, "utility", "scale of the persistent logistic taste shock in accession", srcCalib),
		f("accession.type_prior_weight", "n0", 8, 0, 1000, 4, 16, "pseudo-crises", "weight of the prior over crisis types in expected coverage", srcCalib),
	}
}

// adversarySpecs registers the adversary (docs/model.md secs. 6, 9.4).
func adversarySpecs() []Spec {
	return []Spec{
		f("adversary.capability", "K_A", 0.727, 0.01, 10, 0.5, 1, "capability units", "the adversary's capability", srcLowy),
		f("adversary.resolve", "R_A", 1, 0.01, 10, 0.8, 1.2, "", "the adversary's resolve: multiplies the strength needed to deny it", srcCalib),
		f("adversary.threshold", "χ₀", 1.8303042289625238, -10, 10, 1.28, 2.38, "utility", "expected utility a challenge must beat, before spiral effects", srcFit),
		f("adversary.noise", "σ_A", 0.4925929601316077, 0, 10, 0.34, 0.64, "utility", "scale of the logistic noise in the adversary's challenge decision", srcFit),
		f("adversary.war_aversion", "C_war", 3.7402791754019664, 0, 100, 0, 4, "utility", "adversary's cost of a war: escalatory types carry war risk", srcFit),
		f("adversary.adhoc_response", "λ_adhoc", 0.2, 0, 1, 0.1, 0.3, "", "link of a state to a target without a shared mechanism, per unit threat", srcCalib),
		f("adversary.denial_scale", "τ", 0.03852010542622477, 0.001, 10, 0.027, 0.05, "capability units", "scale of the logistic in the adversary's estimate of denial", srcFit),
		f("adversary.spiral", "λ_spiral", 0.1, 0, 10, 0.05, 0.15, "utility", "how much visible blocs lower the challenge threshold", srcJervis),
		f("adversary.formation_shock", "λ_formation", 0.03, 0, 10, 0, 0.1, "utility", "how much a newly formed treaty lowers the challenge threshold, for formation_window periods after it forms", srcKenwick),
		i("adversary.formation_window", "", 8, 0, 1000, 4, 12, "periods", "periods after formation during which the formation shock applies", srcJervis),
		f("adversary.credibility_base", "", 0.5, 0.01, 0.99, 0.4, 0.6, "probability", "adversary's prior credibility of a state's commitment", srcPress),
		f("adversary.credibility_audience", "", 0.5, 0, 10, 0.3, 0.7, "", "how much public, binding commitments raise credibility", srcFearon),
		f("adversary.credibility_strength", "", 10, 0.5, 1000, 5, 20, "pseudo-observations", "strength of the adversary's Beta credibility beliefs", srcWeisig),
		f("adversary.credibility_decay", "", 0.05, 0, 1, 0.02, 0.1, "1/period", "per-period decay of credibility beliefs toward their prior", srcWeisig),
	}
}

// crisisSpecs registers the crisis (docs/model.md secs. 7, 8).
func crisisSpecs() []Spec {
	return []Spec{
		f("crisis.friction", "φ", 0.4, 0, 1, 0.25, 0.55, "", "loss of combined strength from poor interoperability", srcCalib),
		f("crisis.severity_noise", "σ_s", 0.25, 0, 5, 0.15, 0.35, "log-scale sd", "noise of a crisis's log severity around its type's median s_k", srcCalib),
		f("crisis.private_noise", "σ₀", 0.3, 0.001, 5, 0.18, 0.42, "log-scale sd", "noise of each state's private signal of severity", srcGlobal),
		f("crisis.public_noise", "σ_pub", 0.15, 0.001, 5, 0.09, 0.21, "log-scale sd", "noise of the public signal when the treaty is invoked", srcGlobal),
		f("crisis.outcome_noise", "σ_o", 0.2, 0, 5, 0.12, 0.28, "log-scale sd", "noise of the strength needed to deny a challenge", srcCalib),
		f("crisis.respond_benefit", "B_respond", 1, 0, 100, 0.7, 1.3, "utility", "benefit of a denied challenge to a responding state", srcCalib),
		f("crisis.audience_cost", "A_audience", 0.3, 0, 100, 0.2, 0.4, "utility", "audience cost of failing a public commitment", srcFearon),
		f("crisis.risk_cost", "C_risk", 0.4, 0, 100, 0.3, 0.5, "utility", "cost of crisis risk to a risk-averse responder", srcCalib+"; not refitted in 2.0: T5 checks it in probe runs (docs/model.md sec. 17.2)"),
		f("crisis.invocation_threshold", "", 0.5, 0, 1, 0.3, 0.7, "", "treaty coverage of a type above which the treaty is invoked (public signal)", srcMid),
		f("crisis.commitment_threshold", "", 0.5, 0, 1, 0.3, 0.7, "", "link at or above which a state counts as committed", srcMid),
		f("crisis.coordination_threshold", "", 0.5, 0, 1, 0.3, 0.7, "", "mean interoperability of responders at or above which a response is coordinated", srcMid),
		prob("crisis.escalation_probability", "p_escalation", 0.1, 0.05, 0.2, "chance per unit severity that a repelled escalatory challenge becomes a war", srcCalib),
		f("crisis.entrapment", "", 0.3, 0, 10, 0, 1, "", "how much formal obligations of on-time responders raise the war probability", srcJohnson),
		i("crisis.response_rounds", "", 4, 0, 100, 2, 6, "rounds", "best-response rounds after round 0", srcGlobal),
	}
}

// learningSpecs registers the US and learning (docs/model.md sec. 9).
func learningSpecs() []Spec {
	return []Spec{
		prob("us.reliability", "", 0.7, 0.3, 0.9, "the US's true probability of honouring a commitment (per unit link)", srcPress),
		f("us.shock_size", "", 0.2, 0, 1, 0.1, 0.3, "probability", "drop of US reliability under a retrenching administration", srcRenshon),
		prob("us.retrenchment_probability", "", 0.5, 0.3, 0.7, "chance that an election brings a retrenching administration", srcRenshon),
		i("us.election_period", "", 16, 1, 10000, 16, 16, "periods", "periods between US elections (16 quarters)", srcRenshon),
		f("learning.bystander_weight", "w", 0.3, 0, 1, 0.1, 0.5, "", "weight of a crisis in the US beliefs of states that share no live mechanism with the target", srcWeisig),
		f("learning.belief_decay", "", 0.05, 0, 1, 0.02, 0.1, "1/period", "per-period decay of US beliefs and honour records toward their priors", srcWeisig),
		prob("learning.peer_honour_prior", "", 0.6, 0.4, 0.75, "prior mean of every state's public honour record", "Leeds, Long & Mitchell 2000; Berkemeier & Fuhrmann 2018"),
		f("learning.honour_strength", "", 10, 0.5, 1000, 5, 20, "pseudo-observations", "strength of the honour-record prior", srcCalib),
		f("learning.joint_response_gain", "", 0.05, 0, 1, 0.02, 0.1, "", "interoperability gained from a joint response", srcLayered),
		f("learning.interoperability_decay", "", 0.05, 0, 1, 0.02, 0.1, "1/period", "per-period decay of interoperability toward its start outside any mechanism", srcCalib),
	}
}

var registry = build()

// build assembles the registry in its fixed order and checks it: names
// unique, every default allowed.
func build() []Spec {
	var s []Spec
	for _, group := range [][]Spec{runSpecs(), accessionSpecs(), adversarySpecs(), crisisSpecs(), crisisTypeSpecs(), learningSpecs(), model2Specs(), mechanismSpecs()} {
		s = append(s, group...)
	}
	seen := map[string]bool{}
	for _, p := range s {
		if seen[p.Name] {
			panic("param: duplicate parameter " + p.Name)
		}
		seen[p.Name] = true
		if err := p.Check(p.Default); err != nil {
			panic("param: bad default: " + err.Error())
		}
	}
	return s
}

var index = func() map[string]int {
	m := make(map[string]int, len(registry))
	for k, p := range registry {
		m[p.Name] = k
	}
	return m
}()

// All returns every registered parameter in registry order. The slice is a
// copy; callers may keep it.
func All() []Spec { return append([]Spec(nil), registry...) }

// Len is the number of registered parameters.
func Len() int { return len(registry) }

// Lookup returns the parameter named name.
func Lookup(name string) (Spec, bool) {
	k, ok := index[name]
	if !ok {
		return Spec{}, false
	}
	return registry[k], true
}

// ID returns the index of name in registry order, or -1.
func ID(name string) int {
	k, ok := index[name]
	if !ok {
		return -1
	}
	return k
}

// Unknown returns an error for an unregistered name: the registered name
// nearest to it, when one is near (a misspelling, another case, '_' for
// '.', a name without its group), and the names that share its prefix.
func Unknown(name string) error {
	prefix := name
	if k := strings.LastIndexByte(name, '.'); k >= 0 {
		prefix = name[:k+1]
	}
	var near []string
	for _, p := range registry {
		if prefix != "" && strings.HasPrefix(p.Name, prefix) { // "" is under no group (a review, stop 51)
			near = append(near, p.Name)
		}
	}
	sort.Strings(near)
	if len(near) > 8 {
		near = append(near[:8], "...")
	}
	msg := fmt.Sprintf("unknown parameter %q", name)
	if s := Nearest(name); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	if len(near) == 0 {
		return fmt.Errorf("%s (see `runner describe` for all names)", msg)
	}
	return fmt.Errorf("%s; parameters under %q: %s", msg, prefix, strings.Join(near, ", "))
}

// Nearest returns the registered name nearest to name, or "" when none is
// near or two are equally near: the one whose last parts are name's
// (reliability, coverage.grey_zone), or the one at the least edit
// distance, compared in lower case with '_' read as '.', if that distance
// is at most 2 or a fifth of name's length, and at most a third of its
// last part's (a misspelt word, not another word: coverage.economic is
// not coverage.blockade).
func Nearest(name string) string {
	names := make([]string, len(registry))
	for k, p := range registry {
		names[k] = p.Name
	}
	return NearestOf(name, names)
}

// NearestOf is Nearest among names: the config decoder's suggestion for a
// misspelt key among the keys allowed where it stands.
func NearestOf(name string, names []string) string {
	if slices.Contains(names, name) {
		// Itself, at distance 0: a name that is the last parts of another
		// ("a.b" beside "x.a.b") got the other (a review, stop 52).
		return name
	}
	fold := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", ".") }
	n := fold(name)
	last := n[strings.LastIndexByte(n, '.')+1:]
	limit := min(max(2, len(n)/5), max(1, len(last)/3))
	var suffix []string
	best, bestD, ties := "", limit+1, 0
	for _, name := range names {
		f := fold(name)
		if strings.HasSuffix(f, "."+n) && strings.Count(name, ".") >= strings.Count(n, ".")+1 {
			suffix = append(suffix, name)
		}
		switch d := editDistance(n, f); {
		case d < bestD:
			best, bestD, ties = name, d, 1
		case d == bestD:
			ties++
		}
	}
	switch {
	case len(suffix) == 1:
		return suffix[0]
	case len(suffix) > 1 || ties != 1:
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
