package experiments

// Parameters that a sweep or a calibration moves but no run of the config
// reads: refused, as their points or evaluations would differ in name only.

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"pactsim/agents"
	"pactsim/agents/param"
)

// checkSweptMechanisms refuses a swept parameter that no architecture of
// the config reads (checkReads): its design points would differ in name
// only, and the tables would label them with values that never took
// effect.
func (p *Plan) checkSweptMechanisms() error {
	if p.Config.Sweep == nil || p.points == 0 {
		return nil
	}
	nd := len(p.SweptNames)
	T := float64(p.base.Int("periods"))
	if jp := slices.Index(p.SweptNames, "periods"); jp >= 0 {
		T = 0 // the longest run of the design
		for k := range p.points {
			T = math.Max(T, p.matrix[k*nd+jp])
		}
	}
	ranges := make([]readRange, len(p.Config.Sweep.Parameters))
	for j, sp := range p.Config.Sweep.Parameters {
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := range p.points {
			x := p.matrix[k*nd+j]
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		if p.Config.Sweep.Design.ranged() && sp.IsRange() {
			// A drawn design is judged by its range, not by the draws:
			// whether the least draw of a wide range falls below the run's
			// length would otherwise depend on the seed (a hostile
			// review, stop 33: an election period over [1, 10000] was
			// valid at seeds 1-3 and refused at 4).
			lo, hi = math.Min(lo, sp.Min), math.Max(hi, sp.Max)
		}
		ranges[j] = readRange{name: sp.Name, key: "sweep.parameters." + sp.Name, line: sp.line, lo: lo, hi: hi}
		// A review, election or retry period longer than the run at every
		// swept value: none happens after t = 0 (docs/model.md secs. 5.4,
		// 10), so no run reads the value; a formation window as long as
		// the run at every value: the shock lasts the rest of the run at
		// each (sec. 6.4). T is the longest run of the design.
		what := map[string]string{"accession.review_period": "review", "us.election_period": "election", "treaty.retry_period": "retry of a failed formation attempt"}[sp.Name]
		if what != "" && lo > T {
			return &ConfigError{File: p.file, Line: sp.line, Key: ranges[j].key,
				Msg: fmt.Sprintf("no run reads it: every swept value (the least %s) exceeds periods (%s), so no %s happens after t = 0 at any of them, and its design points would differ in name only (allowed: values up to %s)", fmtNum(lo), fmtNum(T), what, fmtNum(T))}
		}
		if sp.Name == "adversary.formation_window" && lo >= T {
			return &ConfigError{File: p.file, Line: sp.line, Key: ranges[j].key,
				Msg: fmt.Sprintf("every swept value (the least %s) is at least periods (%s), so at each a formation shock lasts the rest of the run, and its design points would differ in name only (allowed: values below %s)", fmtNum(lo), fmtNum(T), fmtNum(T))}
		}
	}
	const consequence = "its design points would differ in name only"
	if p.roster == nil && sweepsPopulation(p.SweptNames) {
		// A synthetic roster whose shape is swept may lack, at point 0,
		// the states a template's mechanisms need at other points, so
		// what the architectures read is not judged from it; the checks
		// above and the prior shares' need no roster.
		return p.checkLonePriorShares(ranges, consequence)
	}
	return p.checkReads(ranges, consequence)
}

// checkCalibratedReads refuses a calibrated parameter that no architecture
// of the config reads (checkReads): every evaluation would be the same,
// and calibrated.yaml would record as fitted a value that had no effect.
func (p *Plan) checkCalibratedReads() error {
	c := p.Config.Calibration
	if c == nil || p.points == 0 {
		return nil
	}
	ranges := make([]readRange, len(c.Parameters))
	for j, cp := range c.Parameters {
		ranges[j] = readRange{name: cp.Name, key: "calibration.parameters." + cp.Name, line: cp.line, lo: cp.Min, hi: cp.Max}
	}
	const consequence = "every evaluation would be the same, and its fitted value one that had no effect"
	if p.roster == nil && slices.ContainsFunc(c.Parameters, func(cp CalibrationParam) bool { return strings.HasPrefix(cp.Name, "population.") }) {
		// A synthetic roster whose shape is calibrated may hold, at
		// other shares, the states point 0 lacks (as for a sweep); the
		// prior shares' check needs no roster.
		return p.checkLonePriorShares(ranges, consequence)
	}
	if err := p.checkReads(ranges, consequence); err != nil {
		return err
	}
	return p.checkTargetedReads(ranges)
}

// checkTargetedReads is checkReads over the architectures that the
// calibration's targets read (a mean's architecture, a ratio's a and b):
// a parameter that only the others read moves no target, so every
// evaluation's loss would be the same (a hostile review, stop 54: a cell
// template's field, calibrated beside layered in architectures, with every
// target on hub_and_spokes, was accepted and "fitted").
func (p *Plan) checkTargetedReads(ranges []readRange) error {
	var names []string
	for _, t := range p.Config.Calibration.Targets {
		for _, a := range []string{t.Architecture, ratioArch(t.Ratio, true), ratioArch(t.Ratio, false)} {
			if a != "" && !slices.Contains(names, a) {
				names = append(names, a)
			}
		}
	}
	targeted := slices.DeleteFunc(slices.Clone(p.Config.Architectures), func(a ArchitectureSpec) bool { return !slices.Contains(names, a.Name) })
	if len(targeted) == len(p.Config.Architectures) {
		return nil
	}
	list := strings.Join(names, ", ")
	err := p.checkReadsBy(readers{archs: targeted, none: "no architecture that a target reads (" + list + ") reads it", their: "the targets' architectures (" + list + ")"},
		ranges, "every evaluation's targets would be the same, and its fitted value one that moved no target")
	var ce *ConfigError
	if errors.As(err, &ce) {
		ce.Msg += " (allowed: a parameter that a targeted architecture reads, or a target on an architecture that reads it)"
	}
	return err
}

// ratioArch is a ratio target's architecture a (or b), "" for a mean.
func ratioArch(r *RatioSpec, a bool) string {
	switch {
	case r == nil:
		return ""
	case a:
		return r.A
	}
	return r.B
}

// checkLonePriorShares refuses the first parameter of ranges that is a
// lone crisis prior share (lonePriorShare). checkReads makes the same
// check among its others; this is it alone, for a synthetic roster whose
// shape moves, where the others are not made (a hostile review: a
// lone prior share swept beside population.share_core was let through).
func (p *Plan) checkLonePriorShares(ranges []readRange, consequence string) error {
	for _, rr := range ranges {
		if p.lonePriorShare(rr.name, ranges) {
			return lonePriorError(p.file, rr, consequence)
		}
	}
	return nil
}

// lonePriorError is checkReads's refusal of rr, a lone crisis prior share.
func lonePriorError(file string, rr readRange, consequence string) error {
	// A hostile review: at 0 the engine refuses the point (no
	// prior), so a calibration over [0, x] could stop part-way.
	return &ConfigError{File: file, Line: rr.line, Key: rr.key,
		Msg: fmt.Sprintf("every other crisis.<type>.prior_share is 0, and the prior shares are normalised to sum to 1 (docs/model.md sec. 5.2), so this one is 1 at every value above 0 (and at 0 no crisis type has a prior): %s (allowed: move another prior share as well, or set one above 0 under params)", consequence)}
}

// noteFixedReads notes (Config.Notes) each parameter fixed under params at
// another value than its default that no architecture of the config reads
// (checkReads): the run records a value that had no effect, which the user
// believes applied (a hostile review, stop 33: a template's field that
// every mechanism made from it sets inline was fixed without a word, where
// the same key swept is refused). A note, not an error: unlike a swept or
// calibrated parameter, it makes no design point or evaluation meaningless,
// and a config may keep a switched-off mechanism's settings for later. At
// its default a fixed parameter changes nothing either way, and every
// resolved config.yaml lists the defaults, so it is let be.
func (p *Plan) noteFixedReads() {
	if p.points == 0 || p.roster == nil {
		// A synthetic roster's shape may hold, at other points, the
		// states a template's mechanisms need.
		return
	}
	def := param.Defaults()
	var ranges []readRange
	for name, v := range p.Config.Fixed {
		// (A fixed parameter is neither swept nor calibrated: the config
		// refuses both.)
		line, ok := p.Config.fixedLines[name]
		if !ok || v == def.Get(name) {
			continue
		}
		if sw := offSwitch(name); sw != "" && (p.swept(sw) || p.calibrated(sw)) {
			// Its mechanism's switch moves: some point or evaluation
			// reads it, whatever the switch is at point 0 (a code review,
			// stop 33: the README's example sweeps burden.strength from 0).
			continue
		}
		ranges = append(ranges, readRange{name: name, key: "params." + name, line: line, lo: math.Min(v, def.Get(name)), hi: math.Max(v, def.Get(name))})
	}
	// One at a time, in the order written: each is judged with the
	// others at their fixed values (point 0 holds them). Keys on one line
	// (a flow mapping, params: {a: 1, b: 2}) are ordered by name: by line
	// alone they kept the map's random order, and the notes came out in
	// another order from one invocation to the next.
	slices.SortFunc(ranges, func(a, b readRange) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.name, b.name))
	})
	for _, rr := range ranges {
		var ce *ConfigError
		if err := p.checkReads([]readRange{rr}, "its value has no effect"); errors.As(err, &ce) {
			p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: %s: %s", ce.File, ce.Line, ce.Key, ce.Msg))
		}
	}
}

// noteShadowedMoves notes (Config.Notes) each inline mechanism that
// writes a field whose template parameter the sweep or the calibration
// moves: the written number is fixed (doc.go, "Inline architectures"), so
// that mechanism keeps it at every design point or evaluation while its
// architecture's rows carry the moved value. checkReads refuses the move
// only when no mechanism at all reads it; where some do and others write
// the field, the sweep reached some architectures and not others without
// a word (a referee, stop 42: mechanisms.treaty.burden swept over 1, 2
// and 3.5 left an inline treaty written with burden: 1 the same in all
// 300 replicates at every point, its rows labelled 1, 2 and 3.5).
func (p *Plan) noteShadowedMoves(at0 *builtPoint) {
	type moved struct {
		name, key string
		line      int
	}
	var moves []moved
	if p.Config.Sweep != nil {
		for _, sp := range p.Config.Sweep.Parameters {
			moves = append(moves, moved{sp.Name, "sweep.parameters." + sp.Name, sp.line})
		}
	}
	if c := p.Config.Calibration; c != nil {
		for _, cp := range c.Parameters {
			moves = append(moves, moved{cp.Name, "calibration.parameters." + cp.Name, cp.line})
		}
	}
	for _, mv := range moves {
		rest, ok := strings.CutPrefix(mv.name, "mechanisms.")
		tmpl, field, ok2 := strings.Cut(rest, ".")
		if !ok || !ok2 {
			continue
		}
		si := slices.IndexFunc(param.MechSlots(), func(s param.MechSlot) bool { return s.Key() == field })
		if si < 0 {
			continue
		}
		slot := param.MechSlots()[si]
		// A mechanism takes the field from tmpl when it is made from it,
		// or, for mechanisms.cell.obligation, from a cell template whose
		// own obligation follows it (not set explicitly).
		from := func(preset string) bool {
			if preset == tmpl {
				return true
			}
			return tmpl == "cell" && field == "obligation" && slices.Contains(param.Cells, preset) && !at0.pt.Values.IsSet("mechanisms."+preset+".obligation")
		}
		for k, a := range p.Config.Architectures {
			for mi, ms := range a.Mechanisms {
				x, written := ms.Numbers[slot]
				if !written || !from(at0.archs[k].Mechanism(ms.Name).Preset) {
					continue
				}
				p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: %s: architecture %s's mechanism %s (%s.mechanisms[%d], line %d) writes %s: %s, so it keeps that value wherever %s moves, while the architecture's rows carry the moved value (leave %s unwritten there for the mechanism to follow it)",
					p.file, mv.line, mv.key, a.Name, ms.Name, index("architectures", k), mi, ms.line, field, fmtNum(x), mv.name, field))
			}
		}
	}
}

// lonePriorShare reports whether name is a crisis type's prior share and
// every other is 0 at point 0 and moved by none of ranges, the sweep or
// the calibration: normalised, it is then 1 at every value but 0, where
// the engine refuses the point (agents.NewTypePrior).
func (p *Plan) lonePriorShare(name string, ranges []readRange) bool {
	if !strings.HasPrefix(name, "crisis.") || !strings.HasSuffix(name, ".prior_share") {
		return false
	}
	for _, ct := range param.CrisisTypes {
		other := "crisis." + ct + ".prior_share"
		if other == name {
			continue
		}
		if p.base.Get(other) != 0 || p.swept(other) || p.calibrated(other) || slices.ContainsFunc(ranges, func(rr readRange) bool { return rr.name == other }) {
			return false
		}
	}
	return true
}

// swept reports whether the config's sweep moves the parameter name.
func (p *Plan) swept(name string) bool { return slices.Contains(p.SweptNames, name) }

// calibrated reports whether the config's calibration searches name.
func (p *Plan) calibrated(name string) bool {
	c := p.Config.Calibration
	return c != nil && slices.ContainsFunc(c.Parameters, func(cp CalibrationParam) bool { return cp.Name == name })
}

// readRange is a parameter that a sweep or a calibration moves over
// [lo, hi], with the key and line that name it in messages.
type readRange struct {
	name, key string
	line      int
	lo, hi    float64
}

// checkReads refuses a parameter of ranges that no architecture of the
// config reads, saying so with consequence:
//   - one read only through a kind of mechanism that none of the
//     architectures has at point 0: treaty.* and A's formation shock and
//     the public signal by a treaty (its formation attempts, its
//     invocation), us.treaty_stickiness by a mechanism whose stickiness is
//     not 0, treaty.standing_buildup by a standing structure, and the
//     constants only accession reads by any mechanism at all (docs/model.md
//     secs. 4.5, 5.2, 5.4, 7, 9.1);
//   - alliance_ban.* on a fixed roster where no state with a ban or a
//     doctrine of non-alignment may be a member of a mechanism whose
//     obligation exceeds the limit (barredMember; sec. 5.5), the limit
//     and every obligation held;
//   - one read only by a mechanism of the model that is off: its strength
//     is 0 and neither swept nor calibrated beside it (offSwitch; sec. 19);
//   - a mechanisms.<template>.<field> that every mechanism made from the
//     template sets inline, or that no mechanism is made from. The core
//     template's latency, awareness, integration and noise reduction are
//     exempt where a standing structure exists: it reads them whether or
//     not a core does (sec. 4.5). Each architecture is built at lo and at
//     hi, the rest of point 0 unchanged; a field that moves none of them
//     is unread.
//
// A mechanism field moved beside them could change what point 0 shows,
// so it counts as present.
func (p *Plan) checkReads(ranges []readRange, consequence string) error {
	return p.checkReadsBy(readers{archs: p.Config.Architectures, none: "no architecture of the config reads it", their: "the config's architectures"}, ranges, consequence)
}

// readers are the architectures checkReadsBy judges, and how its messages
// name them: none, that none of them reads a parameter; their, the
// architectures themselves. A calibration's targets read only some of the
// config's (checkTargetedReads), and the messages must say which.
type readers struct {
	archs       []ArchitectureSpec
	none, their string
}

// checkReadsBy is checkReads over the architectures of by.
func (p *Plan) checkReadsBy(by readers, ranges []readRange, consequence string) error {
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		return nil // reported where the roster is built
	}
	// A ban or doctrine applies only above the obligation limit
	// (agents.Alliances.Banned, Doctrine): with neither the limit nor an
	// obligation moved, a mechanism at or below it reads no
	// alliance_ban.* (the presets' cells, 0.4 against 0.5).
	obligMoves := slices.ContainsFunc(ranges, func(rr readRange) bool { return obligationParam(rr.name) }) ||
		slices.ContainsFunc(p.SweptNames, obligationParam) ||
		p.Config.Calibration != nil && slices.ContainsFunc(p.Config.Calibration.Parameters, func(cp CalibrationParam) bool { return obligationParam(cp.Name) })
	limit := pt.Values.Get("alliance_ban.obligation_limit")
	// Who may join is asked only when a range is one of the bans'.
	bans := p.roster != nil && slices.ContainsFunc(ranges, func(rr readRange) bool { return strings.HasPrefix(rr.name, "alliance_ban.") })
	var treaty, sticky, standing, joinable, barred, doctrine bool
	for _, a := range by.archs {
		built, err := a.Build(pt.Values, r)
		if err != nil {
			return nil // reported where the architecture is built
		}
		joinable = joinable || len(built.Mechanisms) > 0
		for _, m := range built.Mechanisms {
			treaty = treaty || m.Treaty
			sticky = sticky || m.Stickiness() != 0
			standing = standing || m.StandingStructure() != 0
			if bans && (obligMoves || m.Obligation() > limit) {
				barred = barred || barredMember(r, &m, false)
				doctrine = doctrine || barredMember(r, &m, true)
			}
		}
	}
	for _, rr := range ranges {
		sticky = sticky || strings.HasPrefix(rr.name, "mechanisms.") && strings.HasSuffix(rr.name, ".stickiness")
		standing = standing || strings.HasPrefix(rr.name, "mechanisms.") && strings.HasSuffix(rr.name, ".standing_structure")
	}
	for _, rr := range ranges {
		// unread says why no architecture reads it, and what follows;
		// hint, when given, what to do instead.
		unread := func(why string, hint ...string) error {
			msg := fmt.Sprintf("%s: %s, so %s", by.none, why, consequence)
			for _, h := range hint {
				msg += " (" + h + ")"
			}
			return &ConfigError{File: p.file, Line: rr.line, Key: rr.key, Msg: msg}
		}
		sw := offSwitch(rr.name)
		if p.lonePriorShare(rr.name, ranges) {
			return lonePriorError(p.file, rr, consequence)
		}
		switch {
		case treatyOnlyParam(rr.name) && !treaty:
			return unread("only a treaty mechanism does (its formation attempts), and none of " + by.their + " has one")
		case invocationParam(rr.name) && !treaty:
			return unread("only an invoked treaty does (its public signal), and none of " + by.their + " has a treaty")
		case rr.name == "us.treaty_stickiness" && !sticky:
			return unread("only a mechanism whose stickiness is not 0 does, and every mechanism of " + by.their + " has stickiness 0")
		case rr.name == "treaty.standing_buildup" && !standing:
			return unread("only a standing structure does, and every mechanism of " + by.their + " has standing_structure 0")
		case accessionOnlyParam(rr.name) && !joinable:
			return unread("only a state's decision to join a mechanism does, and none of " + by.their + " has a mechanism")
		case rr.name == "alliance_ban.doctrine_cost" && bans && barred && !doctrine:
			// Only the non-aligned pay the doctrine cost; a ban alone
			// reads the strength and the limit (sec. 5.5; a code
			// review, stop 38).
			return unread(fmt.Sprintf("only the decision of a state with a doctrine of non-alignment to join or stay in a mechanism whose obligation exceeds alliance_ban.obligation_limit (%g) does (docs/model.md sec. 5.5), and no such state of the roster is a founder or eligible member of any such mechanism of %s (a state with an alliance ban is barred, not charged)", limit, by.their))
		case strings.HasPrefix(rr.name, "alliance_ban.") && bans && !barred:
			// A referee, stop 38: calibrated over [0, 1] under none and
			// hub_and_spokes, whose bilaterals no barred state may join,
			// every evaluation was the same.
			return unread(fmt.Sprintf("only the decision of a state with an alliance ban or a doctrine of non-alignment to join or stay in a mechanism whose obligation exceeds alliance_ban.obligation_limit (%g) does (docs/model.md sec. 5.5), and no such state of the roster is a founder or eligible member of any such mechanism of %s", limit, by.their))
		case sw != "" && pt.Values.Get(sw) == 0 && !slices.ContainsFunc(ranges, func(o readRange) bool { return o.name == sw }):
			return unread(fmt.Sprintf("only its mechanism does, and %s is 0 (the mechanism is off)", sw), "sweep or set "+sw+" above 0 as well")
		}
		rest, isMech := strings.CutPrefix(rr.name, "mechanisms.")
		tmpl, field, ok := strings.Cut(rest, ".")
		if !isMech || !ok || tmpl == "core" && standing && standingReads(field) || !(rr.lo < rr.hi) {
			continue
		}
		vlo, vhi := pt.Values.Clone(), pt.Values.Clone()
		if vlo.Set(rr.name, rr.lo) != nil || vhi.Set(rr.name, rr.hi) != nil {
			continue // not ours to judge
		}
		read := false
		for _, a := range by.archs {
			alo, err1 := a.Build(vlo, r)
			ahi, err2 := a.Build(vhi, r)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(alo.Mechanisms, ahi.Mechanisms) {
				read = true
				break
			}
		}
		if !read {
			return unread(fmt.Sprintf("every mechanism made from template %s sets this field inline or has it fixed under params, or none is made from it", tmpl),
				"move a field that some architecture's mechanism takes from its template")
		}
	}
	return nil
}

// obligationParam reports whether name decides whether a ban or doctrine
// applies to a mechanism: the limit, or a mechanism's obligation.
func obligationParam(name string) bool {
	return name == "alliance_ban.obligation_limit" || strings.HasPrefix(name, "mechanisms.") && strings.HasSuffix(name, ".obligation")
}

// barredMember reports whether a state of r with an alliance ban or a
// doctrine of non-alignment (with doctrineOnly, a doctrine of
// non-alignment) may be a member of m, a founder or eligible (nil: every
// state): only such a state's decisions read alliance_ban.* (docs/model.md
// sec. 5.5), whatever m's obligation, which may be swept. The patron
// decides nothing: it is a member of what it founds.
func barredMember(r *agents.Roster, m *agents.MechanismDef, doctrineOnly bool) bool {
	for k, st := range r.States {
		if k == r.Patron || !st.Domains.NonAligned && (doctrineOnly || !st.Domains.AllianceBan) {
			continue
		}
		if m.Eligible == nil || slices.Contains(m.Eligible, st.Name) || slices.Contains(m.Founders, st.Name) {
			return true
		}
	}
	return false
}

// offSwitch returns the strength that switches off the mechanism which
// alone reads the parameter (docs/model.md sec. 19: at strength 0 a
// mechanism is off), or "" for a parameter that is no mechanism's.
func offSwitch(name string) string {
	for _, f := range []struct {
		strength string
		reads    []string
	}{
		{"burden.strength", []string{"burden.adjustment_rate", "burden.capability_elasticity", "burden.domestic_cost"}},
		{"retribution.strength", []string{"retribution.learning", "retribution.memory"}},
		{"false_security.strength", []string{"false_security.adjustment_rate"}},
		{"balancing.strength", []string{"balancing.memory"}},
		{"alliance_ban.strength", []string{"alliance_ban.obligation_limit", "alliance_ban.doctrine_cost"}},
		{"constitutional_limit.strength", []string{"constitutional_limit.near", "constitutional_limit.far"}},
		{"adversary.counter_mobilisation.strength", []string{"adversary.counter_mobilisation.rate"}},
		{"coordination.latency.strength", []string{"coordination.latency_noise",
			"coordination.national.grey_zone", "coordination.national.economic_coercion", "coordination.national.blockade", "coordination.national.armed_attack",
			"coordination.adhoc.grey_zone", "coordination.adhoc.economic_coercion", "coordination.adhoc.blockade", "coordination.adhoc.armed_attack"}},
		{"domains.strength", []string{"domains.awareness_base", "domains.trade_support"}},
	} {
		if slices.Contains(f.reads, name) {
			return f.strength
		}
	}
	return ""
}

// accessionOnlyParam reports whether only the states' decisions to join
// a mechanism read the parameter: the benefits and costs of accession
// that the response to a crisis does not share, the reservation on an
// obligation, the accession tastes and the prior over crisis types of
// expected coverage (docs/model.md sec. 5.2). accession.retribution_cost
// and accession.domestic_cost are not among them: a responder meets them
// in a crisis too (sec. 7).
func accessionOnlyParam(name string) bool {
	switch name {
	case "accession.protect_benefit", "accession.capacity_benefit", "accession.autonomy_cost", "accession.entrapment_cost",
		"accession.reservation_strength", "accession.taste_scale", "accession.type_prior_weight", "accession.taste_correlation":
		return true
	}
	return false
}

// invocationParam reports whether only a treaty's invocation reads the
// parameter: the invocation threshold and the public signal's noise
// (docs/model.md sec. 7).
func invocationParam(name string) bool {
	return name == "crisis.invocation_threshold" || name == "crisis.public_noise"
}

// treatyOnlyParam reports whether only a treaty mechanism's formation
// attempts read the parameter (docs/model.md secs. 5.4, 6.4).
func treatyOnlyParam(name string) bool {
	switch name {
	case "treaty.retry_period", "treaty.failure_cost", "treaty.formalise_interop", "treaty.formalise_trust",
		"adversary.formation_shock", "adversary.formation_window":
		return true
	}
	return false
}

// standingReads reports whether a standing structure reads the core
// template's field (docs/model.md sec. 4.5: latency, awareness,
// integration, noise reduction).
func standingReads(field string) bool {
	switch field {
	case "awareness", "integration_rate", "noise_reduction":
		return true
	}
	return strings.HasPrefix(field, "latency.")
}

// notePresets notes how the presets found their mechanisms on a fixed
// roster that lacks some of the states they name (agents.PresetNote),
// when an architecture is or starts from a preset that has any: nothing
// in the results says who founded what (a referee, stop 36).
func (p *Plan) notePresets() {
	if p.roster == nil {
		return // synthetic: founded by role, by design (docs/model.md sec. 4.3)
	}
	preset := func(a ArchitectureSpec) bool {
		name := a.Preset
		if name == "" {
			name = a.Base
		}
		return name != "" && name != "none"
	}
	if !slices.ContainsFunc(p.Config.Architectures, preset) {
		return
	}
	if msg := agents.PresetNote(p.roster); msg != "" {
		p.Config.Notes = append(p.Config.Notes, fmt.Sprintf("%s:%d: population.roster: %s", p.file, p.Config.Population.line, msg))
	}
}
