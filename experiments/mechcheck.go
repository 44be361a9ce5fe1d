package experiments

import (
	"fmt"
	"slices"
	"strings"

	"pactsim/agents"
	"pactsim/output"
)

// checkMechanisms refuses, at point 0, an inline mechanism written so that
// part of it can never take effect (docs/model.md secs. 5.3, 5.4):
//   - founders_bound on a mechanism that is not a treaty: only a treaty's
//     formation attempt binds founders;
//   - a preset that rebuilds a base mechanism, where the config leaves
//     unwritten a part of the base's that the template does not carry:
//     its founders, its list of eligible states, pre_existing: true, or
//     a deferred treaty's formalise_from. The rebuilt mechanism would
//     have no founders, be open to every state, not exist at t = 0, or
//     be attempted at t = 0 (a referee, stop 42: bilateral_PH rebuilt
//     from its own preset with its founders written, as this check asked,
//     was open to every state and not pre-existing, and lowered
//     hub_and_spokes's severity from 31.0 to 25.0; layered_then_treaty's
//     treaty so rebuilt formed at t = 0 in 62% of runs, against 4% later);
//   - eligible: [] (no state may join);
//   - min_members above the number of states that may join, where the
//     mechanism writes min_members or eligible inline, with a fixed roster
//     and min_members not swept: the mechanism can never exist (a
//     synthetic roster's size may be what the study varies; a preset's
//     mechanisms drop the states a user's roster lacks, and run with
//     those left).
func (p *Plan) checkMechanisms() error {
	return p.eachBuiltAtZero(func(pt Point, r *agents.Roster, k int, a ArchitectureSpec, built agents.Architecture) error {
		var base []agents.MechanismDef
		if a.Base != "" {
			b, err := agents.Preset(a.Base, pt.Values, r)
			if err != nil {
				return nil // (Build built it from the same base and values)
			}
			base = b.Mechanisms
		}
		for mi, ms := range a.Mechanisms {
			key := fmt.Sprintf("%s.mechanisms[%d]", index("architectures", k), mi)
			// A name that is a base mechanism's but for case adds a
			// mechanism where the user meant to edit one (a hostile
			// review, stop 33: {name: Core} beside the core).
			if !slices.ContainsFunc(base, func(b agents.MechanismDef) bool { return b.Name == ms.Name }) {
				if bi := slices.IndexFunc(base, func(b agents.MechanismDef) bool { return strings.EqualFold(b.Name, ms.Name) }); bi >= 0 {
					return &ConfigError{File: p.file, Line: ms.line, Key: join(key, "name"),
						Msg: fmt.Sprintf("%q is not a mechanism of base %s, which has %q (names are case-sensitive): write %q to edit it, or give a name of its own to add a mechanism", ms.Name, a.Base, base[bi].Name, base[bi].Name)}
				}
			}
			m := built.Mechanism(ms.Name) // Build adds or replaces every mechanism written
			refuse := func(line int, field, msg string, args ...any) error {
				if line == 0 {
					line = ms.line
				}
				return &ConfigError{File: p.file, Line: line, Key: join(key, field), Msg: fmt.Sprintf(msg, args...)}
			}
			if ms.FoundersBound != nil && *ms.FoundersBound && !m.Treaty {
				return refuse(ms.boundLine, "founders_bound", "mechanism %s is not a treaty, and only a treaty's formation attempt binds its founders (docs/model.md sec. 5.4): drop the key, or make the mechanism a treaty (preset: treaty or treaty: true)", ms.Name)
			}
			if at := slices.IndexFunc(base, func(d agents.MechanismDef) bool { return d.Name == ms.Name }); ms.Preset != "" && at >= 0 {
				if err := rebuilt(ms, base[at], a.Base, refuse); err != nil {
					return err
				}
			}
			if patron := r.States[r.Patron].Name; ms.EligibleSet && ms.Eligible != nil && len(ms.Eligible) == 0 && !slices.Contains(m.Founders, patron) {
				// (The patron is a member of what it founds, eligible or
				// not: a mechanism it founds alone may exist.)
				return refuse(ms.eligibleLine, "eligible", "an empty list: no state may join mechanism %s, and the patron (%s) does not found it (allowed: all, or a list of state names)", ms.Name, patron)
			}
		}
		return p.checkMinMembers(k, a, built, r, p.planBans(pt))
	})
}

// eachBuiltAtZero calls f with every architecture built at point 0, in
// config order, and stops at its first error. A roster or architecture
// that does not build is reported where it is built, so it ends the walk
// with nil.
func (p *Plan) eachBuiltAtZero(f func(pt Point, r *agents.Roster, k int, a ArchitectureSpec, built agents.Architecture) error) error {
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		return nil
	}
	for k, a := range p.Config.Architectures {
		built, err := a.Build(pt.Values, r)
		if err != nil {
			return nil
		}
		if err := f(pt, r, k, a, built); err != nil {
			return err
		}
	}
	return nil
}

// checkAllMinMembers is checkMechanisms's min_members rule alone, at
// point 0 of every architecture: what a calibration's evaluation must
// pass for its calibrated.yaml to run (checkCalibratedShapes). A
// synthetic roster has no bans.
func (p *Plan) checkAllMinMembers() error {
	if p.roster == nil {
		return nil
	}
	return p.eachBuiltAtZero(func(pt Point, r *agents.Roster, k int, a ArchitectureSpec, built agents.Architecture) error {
		return p.checkMinMembers(k, a, built, r, p.planBans(pt))
	})
}

// checkMinMembers refuses an inline mechanism of architecture k (built)
// whose min_members exceeds the number of states that may join it (bans as
// mayJoin reads them), where the roster is fixed and min_members not swept.
func (p *Plan) checkMinMembers(k int, a ArchitectureSpec, built agents.Architecture, r *agents.Roster, bans *agents.Alliances) error {
	if p.roster == nil {
		return nil
	}
	for _, m := range built.Mechanisms {
		// Only where min_members or eligible is written inline: a preset
		// drops the states a user's roster lacks and still runs, with
		// whatever members that leaves.
		mi := slices.IndexFunc(a.Mechanisms, func(s MechanismSpec) bool { return s.Name == m.Name })
		if mi < 0 || a.Mechanisms[mi].minMembersLine == 0 && !a.Mechanisms[mi].EligibleSet ||
			m.Preset != "" && slices.Contains(p.SweptNames, "mechanisms."+m.Preset+".min_members") {
			continue
		}
		may, barred := mayJoin(m, r, bans)
		mm := m.MinMembers()
		if mm <= may {
			continue
		}
		// Written inline, the value's line; else the mechanism's, and the
		// template that sets it.
		ms, from := a.Mechanisms[mi], "min_members"
		line, key := ms.minMembersLine, fmt.Sprintf("%s.mechanisms[%d].min_members", index("architectures", k), mi)
		if line == 0 {
			line = ms.line
			if m.Preset != "" {
				from += ", as mechanisms." + m.Preset + ".min_members sets it"
			}
		}
		return &ConfigError{File: p.file, Line: line, Key: key,
			Msg: fmt.Sprintf("mechanism %s needs %d members to exist (%s), but only %d %s of roster %s may join it%s, so it never exists (allowed: min_members up to %d, or widen eligible%s)", m.Name, mm, from, may, output.Plural(may, "state"), r.Name, banWords(m, barred, bans), may, orLower(barred))}
	}
	return nil
}

// rebuilt refuses mechanism ms, which names a preset and so builds the
// base mechanism b of base preset baseName anew from the template, where
// the config leaves unwritten a part of b that the template does not
// carry (checkMechanisms): b's founders, its eligible states, its
// pre_existing flag, or its formalise_from, which an inline mechanism
// cannot write. refuse makes the error at a line and a field.
func rebuilt(ms MechanismSpec, b agents.MechanismDef, baseName string, refuse func(int, string, string, ...any) error) error {
	if b.FormaliseFrom != "" {
		return refuse(ms.line, "preset", "preset %s builds mechanism %s anew, without base %s's formalise_from %s, which an inline mechanism cannot write: the treaty would be attempted at t = 0, not once %s passes the formalisation thresholds (docs/model.md sec. 5.4); drop preset to change only the fields written, or base the architecture on layered and add the treaty to attempt it at t = 0",
			ms.Preset, ms.Name, baseName, b.FormaliseFrom, b.FormaliseFrom)
	}
	var lost, write, other []string
	line, field := 0, ""
	mark := func(l int, f string) {
		if field == "" {
			line, field = l, f
		}
	}
	if len(b.Founders) > 0 && !ms.FoundersSet {
		lost = append(lost, fmt.Sprintf("the founders of base %s's (%s)", baseName, strings.Join(b.Founders, ", ")))
		write = append(write, fmt.Sprintf("founders: [%s]", strings.Join(b.Founders, ", ")))
		other = append(other, "founders: [] for none")
		mark(ms.line, "founders")
	}
	if b.Eligible != nil && !ms.EligibleSet {
		lost = append(lost, fmt.Sprintf("the eligible states of base %s's (%s), so every state could join", baseName, strings.Join(b.Eligible, ", ")))
		write = append(write, fmt.Sprintf("eligible: [%s]", strings.Join(b.Eligible, ", ")))
		other = append(other, "eligible: all")
		mark(ms.line, "eligible")
	}
	if b.PreExisting && ms.PreExisting == nil {
		lost = append(lost, fmt.Sprintf("base %s's pre_existing: true, so it would not exist at t = 0 unless its founders chose it", baseName))
		write = append(write, "pre_existing: true")
		other = append(other, "pre_existing: false")
		mark(ms.line, "pre_existing")
	}
	if field == "" {
		return nil
	}
	return refuse(line, field, "required here: preset %s builds mechanism %s anew, without %s; write them (%s), write what you mean instead (%s), or drop preset to change only the fields written",
		ms.Preset, ms.Name, strings.Join(lost, "; "), strings.Join(write, ", "), strings.Join(other, ", "))
}

// mayJoin is how many states of roster r may be members of m: its eligible
// states, and the patron where it founds m (it is a member of what it
// founds, eligible or not); every state where m names no eligible list.
// Where bans holds in every world (alliance_ban.strength >= 1) and m's
// obligation exceeds its limit, a state with a formal alliance ban is
// barred whatever eligible says (docs/model.md sec. 5.5), so it is not
// counted, and barred says how many were left out (a referee at the model's edges: a
// core-template cell of US, VN and ID with a minimum of 3 ran with no
// member in every replicate, and said nothing). A banned founder is
// counted: the engine refuses it by name. bans nil counts no bar (a
// swept ban or obligation decides per point).
func mayJoin(m agents.MechanismDef, r *agents.Roster, bans *agents.Alliances) (may, barred int) {
	patron := r.States[r.Patron].Name
	for _, st := range r.States {
		founder := slices.Contains(m.Founders, st.Name)
		if m.Eligible != nil && !slices.Contains(m.Eligible, st.Name) && !(st.Name == patron && founder) {
			continue
		}
		if bans != nil && bans.Certain() && !founder && bans.Banned(st.Domains.AllianceBan, m.Obligation()) {
			barred++
			continue
		}
		may++
	}
	return may, barred
}

// banWords says, for a message, that barred states were left out of those
// that may join m; "" when none were.
func banWords(m agents.MechanismDef, barred int, bans *agents.Alliances) string {
	if barred == 0 {
		return ""
	}
	are := "states are"
	if barred == 1 {
		are = "state is"
	}
	return fmt.Sprintf("; %d more eligible %s barred by a formal alliance ban, as its obligation %g exceeds alliance_ban.obligation_limit %g (docs/model.md sec. 5.5)",
		barred, are, m.Obligation(), bans.Limit)
}

// planBans is the ban constants at point pt where neither they nor a
// template's obligation is swept or calibrated, else nil: mayJoin then
// counts no bar. (A calibration's search moves them as a sweep does: the
// defaults at point 0 say nothing of its evaluations, a hostile review.)
func (p *Plan) planBans(pt Point) *agents.Alliances {
	moved := slices.Clone(p.SweptNames)
	if cs := p.Config.Calibration; cs != nil {
		for _, cp := range cs.Parameters {
			moved = append(moved, cp.Name)
		}
	}
	for _, n := range moved {
		if strings.HasPrefix(n, "alliance_ban.") || strings.HasPrefix(n, "mechanisms.") && strings.HasSuffix(n, ".obligation") {
			return nil
		}
	}
	b := agents.NewAlliances(pt.Values)
	return &b
}

// orLower is the third way out of checkMinMembers's refusal where bans
// barred some eligible states.
func orLower(barred int) string {
	if barred == 0 {
		return ""
	}
	return ", or an obligation at most alliance_ban.obligation_limit, or alliance_ban.strength below 1"
}
