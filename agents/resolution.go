package agents

// How a crisis ends (docs/model.md sec. 8): the rules that read the
// response once it is decided. Denial and war are the adversary's
// (Adversary.StrengthNeeded, Adversary.WarProbability).

// Committed reports whether a state with link link_ljk to the target counts
// as committed in the crisis: link ≥ crisis.commitment_threshold.
func Committed(link, threshold float64) bool { return link >= threshold }

// Coordinated reports whether a response was coordinated: at least two
// states besides the target acted, and their mean interoperability before
// the crisis's gains, interopSum/responders, is at least threshold.
func Coordinated(responders int, interopSum, threshold float64) bool {
	return responders >= 2 && interopSum/float64(responders) >= threshold
}

// SecurityGap accumulates the false-security gap of one crisis: the
// protection the target's partners seemed to promise, as the target rated
// them before the crisis, against what came, as a share of their
// capability: (Σ_{l≠j} K_l·link_ljk·h_jl − Σ_{l≠j, l acted} K_l) / Σ_{l≠j} K_l.
// Add every state but the target, ad hoc links included.
type SecurityGap struct {
	promised, came float64
	Total          float64 // Σ_{l≠j} K_l
}

// Add counts partner l: capability K_l, link link_ljk, the target's rating
// h_jl of l, and whether l acted.
func (g *SecurityGap) Add(capability, link, rating float64, acted bool) {
	g.Total += capability
	g.Promise(capability, link, rating)
	if acted {
		g.Came(capability)
	}
}

// Promise counts what partner l promised, K_l·link_ljk·h_jl, and Came what
// it brought, K_l: Add's parts, for a caller that sums Total itself and
// leaves out the partners whose promise is +0 (a zero link) or that did
// not act. The product is rounded before it is summed (the conversion):
// a build that fuses multiply-adds (GOAMD64=v3, arm64) fused it into the
// sum in one of Add's callers and not in the other's, and the engine's
// shortcut of the gap then differed from the full sum in the last bits
// (a review, stop 44); at the default v1 nothing changes.
func (g *SecurityGap) Promise(capability, link, rating float64) {
	g.promised += float64(capability * link * rating)
}

// Came counts the capability of a partner that acted.
func (g *SecurityGap) Came(capability float64) { g.came += capability }

// Value is the gap; 0 when no capability was counted. A positive gap means
// the target expected more than it got.
func (g *SecurityGap) Value() float64 { return GapValue(g.promised, g.came, g.Total) }

// GapValue is the value of a SecurityGap whose sums of promised and came
// capability are promised and came and whose Total is total, for a caller
// that sums them itself (each promise rounded before it is summed, as
// Promise does).
func GapValue(promised, came, total float64) float64 {
	if total == 0 {
		return 0
	}
	return (promised - came) / total
}
