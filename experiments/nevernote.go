package experiments

import (
	"fmt"
	"slices"
	"strings"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/output"
)

// noteNeverExists notes (Config.Notes) each mechanism that can never exist
// at some design point because fewer states may join it than its minimum
// membership: a preset's mechanism on a roster that lacks the states the
// preset names, or on a synthetic population whose role counts leave it
// short, and an inline mechanism on a synthetic population (on a fixed
// roster checkMinMembers refuses the inline case). Such an architecture
// runs without that mechanism, and nothing in its results says so (a
// referee, stop 42: a synthetic population of 2 to 9 states has at most
// one core state at the default shares, so layered's core, the patron and
// at most C1 with a minimum of 3, never exists, and layered_then_treaty never attempts its
// treaty). The points are all checked where the roster or a mechanism
// parameter is swept, else point 0 alone.
func (p *Plan) noteNeverExists() {
	if p.points == 0 {
		return
	}
	// Only a synthetic population's shape and minimum memberships decide
	// it (a fixed roster is the same at every point), so a
	// point whose values of those repeat an earlier point's repeats its
	// answer.
	var moving []int
	for j, n := range p.SweptNames {
		// (A swept ban or obligation turns the bans off in mayJoin, so it
		// moves nothing here.)
		if p.roster == nil && strings.HasPrefix(n, "population.") || strings.HasPrefix(n, "mechanisms.") && strings.HasSuffix(n, ".min_members") {
			moving = append(moving, j)
		}
	}
	points := 1
	if len(moving) > 0 {
		points = p.points
	}
	answers := map[string][][2]string{}
	type short struct {
		arch, mech   string
		k            int    // config index of the architecture
		count, first int    // points where it never exists, and the first
		may, min     int    // at the first
		barred       string // banWords at the first
		deferred     string // a treaty formalised from it, never attempted
		failing      string // how a treaty is attempted all the same, its failures costed
	}
	var found []*short
	at := map[[2]string]*short{}
	for k := range points {
		sw := p.Swept(k)
		var b strings.Builder
		for _, j := range moving {
			fmt.Fprintf(&b, "%v,", sw[j])
		}
		if keys, ok := answers[b.String()]; ok {
			for _, key := range keys {
				at[key].count++
			}
			continue
		}
		var keys [][2]string
		pt := p.Point(k)
		r, err := p.Roster(pt)
		if err != nil {
			return // reported where the roster is built
		}
		bans := p.planBans(pt)
		for ai, a := range p.Config.Architectures {
			built, err := a.Build(pt.Values, r)
			if err != nil {
				return // reported where the architecture is built
			}
			for _, m := range built.Mechanisms {
				may, barred := mayJoin(m, r, bans)
				mm := m.MinMembers()
				if mm <= may || p.roster != nil && a.written(m.Name) {
					continue
				}
				key := [2]string{a.Name, m.Name}
				keys = append(keys, key)
				if sh := at[key]; sh != nil {
					sh.count++
					continue
				}
				sh := &short{arch: a.Name, mech: m.Name, k: ai, count: 1, first: k, may: may, min: mm, barred: banWords(m, barred, bans)}
				for _, t := range built.Mechanisms {
					if t.FormaliseFrom == m.Name {
						sh.deferred = t.Name
					}
				}
				// A treaty is still attempted, at t = 0 or once the mechanism
				// it formalises is ready, and fails each time; each failure
				// costs the patron credibility and raises tension
				// (docs/model.md sec. 5.4).
				if m.Treaty && pt.Values.Get("treaty.failure_cost") > 0 {
					sh.failing = "is still attempted"
					for _, f := range built.Mechanisms {
						if f.Name == m.FormaliseFrom {
							sh.failing = "may still be attempted"
							if fm, _ := mayJoin(f, r, bans); f.MinMembers() > fm {
								sh.failing = ""
							}
						}
					}
				}
				at[key] = sh
				found = append(found, sh)
			}
		}
		answers[b.String()] = keys
	}
	for _, sh := range found {
		where := ""
		switch {
		case points > 1 && sh.count < points:
			where = fmt.Sprintf(" at %d of %d design points, from point %d", sh.count, points, sh.first)
		case p.points > 1:
			where = " at any design point"
		}
		then := ""
		if sh.deferred != "" {
			then = fmt.Sprintf(", and %s, formalised from it, is never attempted", sh.deferred)
		}
		if sh.failing != "" {
			then = fmt.Sprintf(", though it %s and fails, and each failure costs treaty.failure_cost", sh.failing)
		}
		p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: %s: mechanism %s of architecture %s never exists%s: only %d %s may join it (%s%s), below its minimum of %d members (min_members), so the architecture runs without it%s (docs/model.md secs. 5.3, 5.4)",
			p.file, p.Config.Architectures[sh.k].line, index("architectures", sh.k), sh.mech, sh.arch, where, sh.may, output.Plural(sh.may, "state"), p.rosterWords(), sh.barred, sh.min, then))
	}
}

// written reports whether the architecture's config writes a mechanism of
// that name inline.
func (a ArchitectureSpec) written(name string) bool {
	for _, ms := range a.Mechanisms {
		if ms.Name == name {
			return true
		}
	}
	return false
}

// rosterWords names the population the plan draws from, for a note.
func (p *Plan) rosterWords() string {
	if p.roster != nil {
		return "roster " + p.roster.Name
	}
	return "the synthetic population"
}

// noteBorrowedAsk notes each inline mechanism that the patron does not
// found but that asks its members for defence spending it did not write:
// the ask comes from its template (the treaty's 3.5% of GDP, the
// bilateral's 3.0), which models the patron's ask of its allies
// (docs/model.md sec. 9.7). A regional pact built from the treaty
// template so asks its members what the US asks of treaty allies; two
// referees of stop 42 found this, and whether a pact without the patron
// has a spending norm is the modeller's choice, so the plan says so
// rather than choose (at the default, such a pact formed in 0.487 of runs
// with the ask and 0.665 without).
func (p *Plan) noteBorrowedAsk(at0 *builtPoint) {
	patron := at0.r.States[at0.r.Patron].Name
	burden := param.MechSlot{Field: param.Burden}
	for k, a := range p.Config.Architectures {
		for mi, ms := range a.Mechanisms {
			m := at0.archs[k].Mechanism(ms.Name)
			if _, written := ms.Numbers[burden]; written || m.Burden() <= 0 || slices.Contains(m.Founders, patron) {
				continue
			}
			from := "its template"
			if m.Preset != "" {
				from = "mechanisms." + m.Preset + ".burden"
			}
			p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: %s.mechanisms[%d]: mechanism %s of architecture %s is not founded by the patron (%s) but asks its members for %s%% of GDP in defence spending (burden, from %s), the patron's ask of its allies in the presets (docs/model.md sec. 9.7): write burden: 0 for a pact without a spending norm, or the pact's own",
				p.file, ms.line, index("architectures", k), mi, m.Name, a.Name, patron, fmtNum(m.Burden()), from))
		}
	}
}

// builtPoint is design point 0 with its roster and its architectures, built
// in config order, for the notes that read them (built once, not once a
// note).
type builtPoint struct {
	pt    Point
	r     *agents.Roster
	archs []agents.Architecture
}

// buildPoint0 builds design point 0, or returns nil where the plan has no
// point or its roster or an architecture cannot be built (reported where
// they are built).
func (p *Plan) buildPoint0() *builtPoint {
	if p.points == 0 {
		return nil
	}
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		return nil
	}
	at0 := &builtPoint{pt: pt, r: r}
	for _, a := range p.Config.Architectures {
		built, err := a.Build(pt.Values, r)
		if err != nil {
			return nil
		}
		at0.archs = append(at0.archs, built)
	}
	return at0
}

// noteLoneTreaty notes each treaty that no state but the patron may join
// at design point 0 and whose minimum membership is 1 (an inline
// `{preset: treaty, founders: [US], eligible: [US], min_members: 1}`, or
// a preset's with mechanisms.treaty.min_members 1 on a roster whose other
// states are all ineligible or barred): it forms at t = 0 as the patron
// alone, so it gives no links and protects no one, yet it counts as a
// formed treaty in `treaty_formed` and its formation shock raises A's
// tension (docs/model.md secs. 5.3, 6.4). A referee of stop 43 measured
// such a treaty against none: formed in every run, severity +6.03 (95% CI
// 5.50 to 6.57, seed 13, 200 replicates). It runs as the config says; the
// note says what it is.
func (p *Plan) noteLoneTreaty(at0 *builtPoint) {
	patron := at0.r.States[at0.r.Patron].Name
	bans := p.planBans(at0.pt)
	for k, a := range p.Config.Architectures {
		for _, m := range at0.archs[k].Mechanisms {
			if !m.Treaty {
				continue
			}
			patronMay := m.Eligible == nil || slices.Contains(m.Eligible, patron) || slices.Contains(m.Founders, patron)
			if may, _ := mayJoin(m, at0.r, bans); may != 1 || !patronMay || m.MinMembers() > 1 || !canExist(at0, k, m.FormaliseFrom, bans) {
				// The patron alone forms it only where one member is
				// enough (sec. 5.3) and, for a deferred treaty, where the
				// mechanism it formalises can exist (sec. 5.4); elsewhere
				// it never forms, and the never-exists note says so.
				continue
			}
			p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: %s: treaty %s of architecture %s may be joined by the patron (%s) alone, so it forms with no ally: it gives no links, yet it counts as formed (treaty_formed) and its formation raises A's tension (docs/model.md secs. 5.3, 6.4)",
				p.file, a.line, index("architectures", k), m.Name, a.Name, patron))
		}
	}
}

// canExist reports whether mechanism name of architecture k can reach its
// minimum membership at design point 0 ("" names no mechanism: true).
func canExist(at0 *builtPoint, k int, name string, bans *agents.Alliances) bool {
	if name == "" {
		return true
	}
	m := at0.archs[k].Mechanism(name)
	if m == nil {
		return false
	}
	may, _ := mayJoin(*m, at0.r, bans)
	return may >= m.MinMembers()
}
