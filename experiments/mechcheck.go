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
//   - a preset that rebuilds a base mechanism which has founders, with no
//     founders written: the rebuilt mechanism has none, and a treaty the
//     base's founders would form silently loses them;
//   - eligible: [] (no state may join);
//   - min_members above the number of states that may join, where the
//     mechanism writes min_members or eligible inline, with a fixed roster
//     and min_members not swept: the mechanism can never exist (a
//     synthetic roster's size may be what the study varies; a preset's
//     mechanisms drop the states a user's roster lacks, and run with
//     those left).
func (p *Plan) checkMechanisms() error {
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		return nil // reported where the roster is built
	}
	for k, a := range p.Config.Architectures {
		built, err := a.Build(pt.Values, r)
		if err != nil {
			return nil // reported where the architecture is built
		}
		var base []agents.MechanismDef
		if a.Base != "" {
			b, err := agents.Preset(a.Base, pt.Values, r)
			if err != nil {
				return nil
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
			m := built.Mechanisms[slices.IndexFunc(built.Mechanisms, func(d agents.MechanismDef) bool { return d.Name == ms.Name })]
			refuse := func(line int, field, msg string, args ...any) error {
				if line == 0 {
					line = ms.line
				}
				return &ConfigError{File: p.file, Line: line, Key: join(key, field), Msg: fmt.Sprintf(msg, args...)}
			}
			if ms.FoundersBound != nil && *ms.FoundersBound && !m.Treaty {
				return refuse(ms.boundLine, "founders_bound", "mechanism %s is not a treaty, and only a treaty's formation attempt binds its founders (docs/model.md sec. 5.4): drop the key, or make the mechanism a treaty (preset: treaty or treaty: true)", ms.Name)
			}
			if at := slices.IndexFunc(base, func(d agents.MechanismDef) bool { return d.Name == ms.Name }); ms.Preset != "" && at >= 0 && len(base[at].Founders) > 0 && !ms.FoundersSet {
				return refuse(ms.line, "founders", "required here: preset %s builds mechanism %s anew, without the founders of base %s's (%s); write them (founders: [%s]), write founders: [] for none, or drop preset to change only the fields written",
					ms.Preset, ms.Name, a.Base, strings.Join(base[at].Founders, ", "), strings.Join(base[at].Founders, ", "))
			}
			if patron := r.States[r.Patron].Name; ms.EligibleSet && ms.Eligible != nil && len(ms.Eligible) == 0 && !slices.Contains(m.Founders, patron) {
				// (The patron is a member of what it founds, eligible or
				// not: a mechanism it founds alone may exist.)
				return refuse(ms.eligibleLine, "eligible", "an empty list: no state may join mechanism %s, and the patron (%s) does not found it (allowed: all, or a list of state names)", ms.Name, patron)
			}
		}
		if err := p.checkMinMembers(k, a, built, r); err != nil {
			return err
		}
	}
	return nil
}

// checkMinMembers refuses an inline mechanism of architecture k (built)
// whose min_members exceeds the number of states that may join it, where the
// roster is fixed and min_members not swept.
func (p *Plan) checkMinMembers(k int, a ArchitectureSpec, built agents.Architecture, r *agents.Roster) error {
	if p.roster == nil {
		return nil
	}
	patron := r.States[r.Patron].Name
	for _, m := range built.Mechanisms {
		// Only where min_members or eligible is written inline: a preset
		// drops the states a user's roster lacks and still runs, with
		// whatever members that leaves.
		mi := slices.IndexFunc(a.Mechanisms, func(s MechanismSpec) bool { return s.Name == m.Name })
		if mi < 0 || a.Mechanisms[mi].minMembersLine == 0 && !a.Mechanisms[mi].EligibleSet ||
			m.Preset != "" && slices.Contains(p.SweptNames, "mechanisms."+m.Preset+".min_members") {
			continue
		}
		may := len(r.States)
		if m.Eligible != nil {
			may = len(m.Eligible)
			if slices.Contains(m.Founders, patron) && !slices.Contains(m.Eligible, patron) {
				may++ // the patron is a member of what it founds
			}
		}
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
			Msg: fmt.Sprintf("mechanism %s needs %d members to exist (%s), but only %d %s of roster %s may join it, so it never exists (allowed: min_members up to %d, or widen eligible)", m.Name, mm, from, may, output.Plural(may, "state"), r.Name, may)}
	}
	return nil
}
