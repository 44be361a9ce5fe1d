package experiments

import (
	"bytes"
	"strconv"

	"go.yaml.in/yaml/v3"

	"pactsim/agents/param"
)

const canonicalComment = "Resolved by pactsim: every parameter is explicit, so this file reproduces\n" +
	"the run whatever later versions change in the defaults. Its SHA-256 is the\n" +
	"experiment's config hash."

func scalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func str(s string) *yaml.Node { return scalar("!!str", s) }

func integer(x int64) *yaml.Node { return scalar("!!int", strconv.FormatInt(x, 10)) }

func boolean(b bool) *yaml.Node { return scalar("!!bool", strconv.FormatBool(b)) }

// num writes the shortest decimal that reads back to exactly x.
func num(x float64) *yaml.Node {
	s := fmtNum(x)
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return scalar("!!int", s)
	}
	return scalar("!!float", s)
}

// paramNode writes a parameter value in its kind's YAML type.
func paramNode(name string, x float64) *yaml.Node {
	if kindOf(name) == param.Bool {
		return boolean(x != 0)
	}
	return num(x)
}

type mapBuilder struct{ n *yaml.Node }

func newMap() mapBuilder { return mapBuilder{&yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

func (m mapBuilder) add(key string, v *yaml.Node) mapBuilder {
	m.n.Content = append(m.n.Content, str(key), v)
	return m
}

func flowSeq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Content: items}
}

func strSeq(ss []string) *yaml.Node {
	items := []*yaml.Node{}
	for _, s := range ss {
		items = append(items, str(s))
	}
	return flowSeq(items...)
}

// encodeCanonical writes the resolved config deterministically: keys in a
// fixed order, every parameter value explicit under params (registry order),
// defaults filled in. Preset architectures stay as names (see doc.go).
func (p *Plan) encodeCanonical() ([]byte, error) {
	c := p.Config
	top := newMap().
		add("name", str(c.Name)).
		add("seed", integer(c.Seed)).
		add("replicates", integer(int64(c.Replicates)))
	swept := map[string]bool{}
	for _, n := range p.SweptNames {
		swept[n] = true
	}
	if c.Calibration != nil {
		// Calibrated parameters are free, like swept ones: not under params.
		for _, cp := range c.Calibration.Parameters {
			swept[cp.Name] = true
		}
	}
	if !swept["periods"] {
		top.add("periods", num(p.base.Get("periods")))
	}
	top.add("architectures", p.canonicalArchitectures())
	pop := newMap().add("roster", str(c.Population.Roster))
	if c.Population.RosterCSV != "" {
		csv := str(c.Population.RosterCSV)
		csv.Style = yaml.LiteralStyle
		pop.add("roster_csv", csv)
	}
	top.add("population", pop.n)
	params := newMap()
	for _, s := range param.All() {
		// An inheriting parameter that was not set follows its parent (a
		// cell's obligation follows mechanisms.cell.obligation); writing it
		// out would cut that link when the parent is swept.
		if s.Name == "periods" || swept[s.Name] || (s.Inherits != "" && !p.base.IsSet(s.Name)) {
			continue
		}
		params.add(s.Name, paramNode(s.Name, p.base.Get(s.Name)))
	}
	top.add("params", params.n)
	if c.Sweep != nil {
		sw := newMap().add("design", str(string(c.Sweep.Design)))
		canonicalDesignSettings(sw, c.Sweep)
		ps := newMap()
		for _, sp := range c.Sweep.Parameters {
			if !sp.IsRange() {
				items := make([]*yaml.Node, len(sp.Values))
				for k, x := range sp.Values {
					items[k] = paramNode(sp.Name, x)
				}
				ps.add(sp.Name, flowSeq(items...))
				continue
			}
			r := newMap().add("min", paramNode(sp.Name, sp.Min)).add("max", paramNode(sp.Name, sp.Max))
			if sp.Steps > 0 {
				r.add("steps", integer(int64(sp.Steps)))
			}
			r.n.Style = yaml.FlowStyle
			ps.add(sp.Name, r.n)
		}
		sw.add("parameters", ps.n)
		top.add("sweep", sw.n)
	}
	top.add("output", newMap().
		add("formats", strSeq(c.Output.Formats)).
		add("tables", strSeq(c.Output.Tables)).
		add("plots", boolean(c.Output.Plots)).
		add("part_tasks", integer(int64(c.Output.PartTasks))).n)
	canonicalAnalysis(top, c)
	top.n.HeadComment = canonicalComment

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(top.n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (p *Plan) canonicalArchitectures() *yaml.Node {
	allPresets := true
	for _, a := range p.Config.Architectures {
		allPresets = allPresets && a.Preset != ""
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	if allPresets {
		seq.Style = yaml.FlowStyle
	}
	for _, a := range p.Config.Architectures {
		if a.Preset != "" {
			seq.Content = append(seq.Content, str(a.Preset))
			continue
		}
		m := newMap().add("name", str(a.Name))
		if a.Base != "" {
			m.add("base", str(a.Base))
		}
		mechs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, ms := range a.Mechanisms {
			mechs.Content = append(mechs.Content, canonicalMechanism(ms))
		}
		m.add("mechanisms", mechs)
		seq.Content = append(seq.Content, m.n)
	}
	return seq
}

func canonicalMechanism(ms MechanismSpec) *yaml.Node {
	m := newMap().add("name", str(ms.Name))
	if ms.Preset != "" {
		m.add("preset", str(ms.Preset))
	}
	// The numeric fields written, in table order; a per-type field as a
	// flow mapping of the types written.
	for fi, f := range param.MechFields {
		if !f.PerType {
			if x, ok := ms.Numbers[param.MechSlot{Field: param.MechField(fi)}]; ok {
				m.add(f.Key, num(x))
			}
			continue
		}
		types := newMap()
		for k, ct := range param.CrisisTypes {
			if x, ok := ms.Numbers[param.MechSlot{Field: param.MechField(fi), Type: k}]; ok {
				types.add(ct, num(x))
			}
		}
		if len(types.n.Content) > 0 {
			types.n.Style = yaml.FlowStyle
			m.add(f.Key, types.n)
		}
	}
	if ms.FoundersSet {
		m.add("founders", strSeq(ms.Founders))
	}
	if ms.EligibleSet {
		if ms.Eligible == nil {
			m.add("eligible", str("all"))
		} else {
			m.add("eligible", strSeq(ms.Eligible))
		}
	}
	flag := func(key string, b *bool) {
		if b != nil {
			m.add(key, boolean(*b))
		}
	}
	flag("pre_existing", ms.PreExisting)
	flag("treaty", ms.Treaty)
	flag("founders_bound", ms.FoundersBound)
	return m.n
}
