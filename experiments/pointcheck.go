package experiments

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"

	"pactsim/agents"
	"pactsim/agents/param"
)

// The structural checks of a plan's design points: the rules that relate
// several parameters (the crisis prior shares, alliance bans against a
// mechanism's obligation), which no check of one swept value can catch,
// and the states an inline mechanism names; with the errors that name the
// config's line and key for each.

// checkPoints finds a design point that the engine would refuse although
// point 0 passed: two rules relate several parameters, so checking each
// swept value alone at decode time cannot catch them. The crisis types'
// prior shares must not all be zero, and a state with a formal alliance ban
// cannot found a mechanism whose obligation exceeds
// alliance_ban.obligation_limit (engine.NewScenario). Building a point's
// scenario costs about a millisecond, so the prior shares are summed from
// the design directly and a scenario is built only for a point that fails
// that sum, or whose values of the ban's parameters (alliance_ban.*,
// mechanisms.*.obligation) no earlier point had, and only when the roster
// has a state with a ban.
func (p *Plan) checkPoints() error {
	prior, ban := p.sweptPriorShares(), p.sweptBans()
	if len(prior) == 0 && len(ban) == 0 {
		return nil
	}
	fixedPrior := 0.0
	for _, ct := range param.CrisisTypes {
		name := "crisis." + ct + ".prior_share"
		if !slices.Contains(p.SweptNames, name) {
			fixedPrior += p.base.Get(name)
		}
	}
	seen := map[string]bool{valuesKey(p.Swept(0), ban): true}
	for k := 1; k < p.points; k++ {
		sw := p.Swept(k)
		build := false
		if len(prior) > 0 {
			sum := fixedPrior
			for _, j := range prior {
				sum += sw[j]
			}
			build = sum <= 0
		}
		if len(ban) > 0 {
			if key := valuesKey(sw, ban); !seen[key] {
				seen[key] = true
				build = true
			}
		}
		if !build {
			continue
		}
		if _, err := p.scenario(k); err != nil {
			return p.pointError(k, append(prior, ban...), err)
		}
	}
	return nil
}

// firstPointError names what a rule relating several parameters refused at
// point k of the structural check: the crisis prior shares are parameters
// (under params, or swept), not architectures, and "point 0" means
// nothing in a config without a sweep.
func (p *Plan) firstPointError(k int, ce *ConfigError) *ConfigError {
	if ban := p.sweptBans(); len(ban) > 0 && strings.Contains(ce.Msg, "formal alliance ban") && p.banPasses(ban) {
		return p.pointError(k, ban, ce) // another point passes: the swept values decide
	}
	if !strings.HasPrefix(ce.Key, "architectures") || !strings.Contains(ce.Msg, "prior_share") {
		return p.atShape(k, ce)
	}
	if prior := p.sweptPriorShares(); len(prior) > 0 {
		return p.pointError(k, prior, ce)
	}
	msg := strings.TrimPrefix(ce.Msg, fmt.Sprintf("point %d: ", k))
	return &ConfigError{File: ce.File, Key: "params", Msg: msg}
}

// atShape adds to an error at design point k the point's values of the
// swept parameters that shape a synthetic population (population.*): an
// architecture that names a state, or needs members, may be valid at one
// size and not at another, and the key alone does not say which point
// failed (a review of configs, stop 30). Other errors are returned as
// they are.
func (p *Plan) atShape(k int, ce *ConfigError) *ConfigError {
	if p.roster != nil || p.Config.Sweep == nil || strings.HasPrefix(ce.Msg, "point ") {
		return ce
	}
	var pop []int
	for j, name := range p.SweptNames {
		if strings.HasPrefix(name, "population.") {
			pop = append(pop, j)
		}
	}
	if len(pop) == 0 {
		return ce
	}
	out := *ce
	out.Msg = fmt.Sprintf("%s, at design point %d (%s)", ce.Msg, k, p.sweptValues(k, pop))
	return &out
}

// banPasses reports whether some design point, one per distinct value of
// the swept parameters ban (indices into SweptNames), builds: then the
// sweep, not the architecture alone, decides a ban's refusal, and the
// error names the swept parameters; else it names the architecture (a
// review, stop 24: an unrelated swept obligation was blamed).
//
// At most banTries distinct values are built: this runs only on the way to
// an error, and a sampled design may have a million of them.
func (p *Plan) banPasses(ban []int) bool {
	const banTries = 256
	seen := map[string]bool{}
	for k := 0; k < p.points && len(seen) < banTries; k++ {
		if key := valuesKey(p.Swept(k), ban); !seen[key] {
			seen[key] = true
			if _, err := p.scenario(k); err == nil {
				return true
			}
		}
	}
	return false
}

// sweptBans returns the indices into SweptNames of the swept parameters
// that decide whether an alliance ban refuses a founder (alliance_ban.*
// and the mechanisms' obligations), none when the roster has no ban.
func (p *Plan) sweptBans() []int {
	if p.roster == nil || !slices.ContainsFunc(p.roster.States, func(s agents.StateSpec) bool { return s.Domains.AllianceBan }) {
		return nil // a synthetic population has no bans
	}
	var ban []int
	for j, name := range p.SweptNames {
		if strings.HasPrefix(name, "alliance_ban.") || obligationParam(name) {
			ban = append(ban, j)
		}
	}
	return ban
}

// sweptPriorShares returns the indices into SweptNames of the swept crisis
// prior shares (crisis.<type>.prior_share), which must not all be zero.
func (p *Plan) sweptPriorShares() []int {
	var out []int
	for j, name := range p.SweptNames {
		if strings.HasPrefix(name, "crisis.") && strings.HasSuffix(name, ".prior_share") {
			out = append(out, j)
		}
	}
	return out
}

// pointError reports that design point k fails: at the sweep's first
// parameter among those (indices into SweptNames) that the rule involves,
// with the point's values of all of them.
func (p *Plan) pointError(k int, involved []int, err error) *ConfigError {
	slices.Sort(involved)
	msg := err.Error()
	if ce, ok := err.(*ConfigError); ok {
		msg = strings.TrimPrefix(ce.Msg, fmt.Sprintf("point %d: ", k))
	}
	first := p.Config.Sweep.Parameters[involved[0]]
	return &ConfigError{File: p.file, Line: first.line, Key: join("sweep.parameters", first.Name),
		Msg: fmt.Sprintf("design point %d (%s) cannot run: %s", k, p.sweptValues(k, involved), msg)}
}

// sweptValues is "name = value, …" of point k's swept parameters idx
// (indices into SweptNames), in that order.
func (p *Plan) sweptValues(k int, idx []int) string {
	sw := p.Swept(k)
	vals := make([]string, len(idx))
	for n, j := range idx {
		vals[n] = p.SweptNames[j] + " = " + fmtNum(sw[j])
	}
	return strings.Join(vals, ", ")
}

// valuesKey is a map key of the values sw[j], j in idx, bit for bit.
func valuesKey(sw []float64, idx []int) string {
	b := make([]byte, 0, 8*len(idx))
	for _, j := range idx {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(sw[j]))
	}
	return string(b)
}

// checkStateNames refuses a state that roster r lacks in the founders or
// eligible list of architecture k's inline mechanisms, naming the list's
// line and key (the architecture's validation would name only the
// architecture's line).
func (p *Plan) checkStateNames(k int, a ArchitectureSpec, r *agents.Roster) error {
	for mi, m := range a.Mechanisms {
		for _, l := range []struct {
			field string
			line  int
			names []string
		}{{"founders", m.foundersLine, m.Founders}, {"eligible", m.eligibleLine, m.Eligible}} {
			for _, n := range l.names {
				if r.Index(n) < 0 {
					return &ConfigError{File: p.file, Line: l.line, Key: fmt.Sprintf("%s.mechanisms[%d].%s", index("architectures", k), mi, l.field),
						Msg: fmt.Sprintf("state %q is not in roster %s (states: %s)%s", n, r.Name, r.StateList(), agents.CaseHint(n, r.StateNames()))}
				}
			}
		}
	}
	return nil
}
