package experiments

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactsim/agents"
)

func shippedConfigs(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("testdata/*.yaml")
	files = append(files, more...)
	for _, want := range []string{"quick.yaml", "treaty-vs-layered.yaml", "reliability-autonomy.yaml"} {
		if !slices.Contains(files, want) {
			t.Fatalf("shipped config %s is missing", want)
		}
	}
	return files
}

func TestShippedConfigs(t *testing.T) {
	// The shipped configs run every preset, model 2.0's treaty_plus_cells
	// and layered_then_treaty included, so both primary contrasts are
	// reported (docs/model.md sec. 19; issue 12, points 5 and 8).
	all := agents.PresetNames()
	for _, f := range shippedConfigs(t) {
		p, err := Load(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if _, err := p.Scenario(p.NumPoints() - 1); err != nil {
			t.Errorf("%s: last point: %v", f, err)
		}
		switch filepath.Base(f) {
		case "quick.yaml":
			if p.NumTasks() > 100 || p.Point(0).Values.Int("periods") != 40 || !slices.Equal(p.ArchitectureNames(), all) {
				t.Errorf("quick.yaml: %d tasks, want a few dozen with all six architectures and 40 periods", p.NumTasks())
			}
		case "treaty-vs-layered.yaml":
			if p.Seed() != 20261125 || p.Replicates() < 1000 || !slices.Equal(p.SweptNames, []string{"us.reliability"}) || !slices.Equal(p.ArchitectureNames(), all) {
				t.Errorf("treaty-vs-layered.yaml: seed %d, %d replicates, swept %v", p.Seed(), p.Replicates(), p.SweptNames)
			}
		case "reliability-autonomy.yaml":
			if !slices.Equal(p.SweptNames, []string{"us.reliability", "population.autonomy_shift"}) || p.NumPoints() != 25 {
				t.Errorf("reliability-autonomy.yaml: swept %v, %d points", p.SweptNames, p.NumPoints())
			}
		}
	}
}

// TestCanonicalRoundTrip checks that the written-out config is a fixed point:
// loading it gives the same bytes, hash and design, wherever it is written
// (the roster travels inside it).
func TestCanonicalRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, f := range shippedConfigs(t) {
		p, err := Load(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out := filepath.Join(dir, strings.ReplaceAll(f, "/", "_"))
		if err := os.WriteFile(out, p.Canonical(), 0o644); err != nil {
			t.Fatal(err)
		}
		q, err := Load(out)
		if err != nil {
			t.Fatalf("%s: reloading canonical form: %v\n%s", f, err, p.Canonical())
		}
		if !bytes.Equal(p.Canonical(), q.Canonical()) {
			t.Errorf("%s: canonical form is not a fixed point:\n%s\n---\n%s", f, p.Canonical(), q.Canonical())
		}
		if p.Hash() != q.Hash() || len(p.Hash()) != 64 {
			t.Errorf("%s: hash %s then %s", f, p.Hash(), q.Hash())
		}
		if p.NumTasks() != q.NumTasks() || !slices.Equal(p.matrix, q.matrix) || !slices.Equal(p.SweptNames, q.SweptNames) {
			t.Errorf("%s: reloaded plan differs", f)
		}
		for k := range p.NumPoints() {
			a, b := p.Point(k).Values, q.Point(k).Values
			for _, name := range []string{"us.reliability", "mechanisms.maritime_awareness.obligation", "mechanisms.sanctions_enforcement.obligation", "periods", "accession.review_period"} {
				if a.Get(name) != b.Get(name) {
					t.Errorf("%s point %d: %s = %v then %v", f, k, name, a.Get(name), b.Get(name))
				}
			}
		}
	}
}

func TestCanonicalDetails(t *testing.T) {
	p, err := Load("testdata/inline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := string(p.Canonical())
	for _, want := range []string{
		"roster: roster.csv\n  roster_csv: |",           // roster embedded
		"  adversary.resolve: 1.1\n",                    // fixed value
		"  crisis.friction: 0.4\n",                      // default made explicit
		"mechanisms.maritime_awareness.obligation: 0.5", // set inheriting parameter kept
		"formats: [arrow]", "tables: [runs, states]",    // canonical order
		"eligible: all", "founders: [US, JP, AU, IN]",
		"accession.review_period: {min: 2, max: 6}",
	} {
		if !strings.Contains(c, want) {
			t.Errorf("canonical form lacks %q:\n%s", want, c)
		}
	}
	for _, absent := range []string{
		"mechanisms.cell.obligation: 0.4",             // swept
		"mechanisms.sanctions_enforcement.obligation", // inherits, not set
	} {
		if strings.Contains(c, absent) {
			t.Errorf("canonical form has %q", absent)
		}
	}
	// The hash changes with any setting.
	q := mustParse(t, strings.Replace(string(p.Canonical()), "seed: 42", "seed: 43", 1))
	if q.Hash() == p.Hash() {
		t.Error("changing the seed kept the hash")
	}
}

func TestInlineArchitectures(t *testing.T) {
	p, err := Load("testdata/inline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for k := range p.NumPoints() {
		pt := p.Point(k)
		r, _ := p.Roster(pt)
		archs, err := p.Architectures(pt, r)
		if err != nil {
			t.Fatal(err)
		}
		layered, open, bound := archs[1], archs[2], archs[3]
		if len(open.Mechanisms) != len(layered.Mechanisms)+1 {
			t.Fatalf("open-core has %d mechanisms, want layered's %d plus quad", len(open.Mechanisms), len(layered.Mechanisms))
		}
		for i, m := range layered.Mechanisms {
			o := open.Mechanisms[i]
			if o.Name != m.Name {
				t.Fatalf("mechanism %d: %s replaced by %s: replacement must keep position", i, m.Name, o.Name)
			}
			if m.Name == "core" {
				// Replaced in place, starting from the base core.
				if o.Eligible != nil || o.MinMembers() != 4 || !o.PreExisting || o.Visibility() != pt.Values.Get("mechanisms.core.visibility") || !slices.Equal(o.Founders, m.Founders) {
					t.Errorf("open core: %+v", o)
				}
			}
			if m.Name == "maritime_awareness" && (m.Obligation() != 0.5 || o.Obligation() != 0.5) {
				t.Errorf("maritime_awareness obligation %v, want its own 0.5 over the cell default", m.Obligation())
			}
			if m.Name == "sanctions_enforcement" && m.Obligation() != pt.Values.Get("mechanisms.cell.obligation") {
				t.Errorf("sanctions obligation %v does not follow the swept cell obligation %v", m.Obligation(), pt.Values.Get("mechanisms.cell.obligation"))
			}
		}
		quad := open.Mechanisms[len(open.Mechanisms)-1]
		if quad.Name != "quad" || *quad.Coverage() != [4]float64{0.5, 0.8, 0.8, 0.9} || quad.Visibility() != pt.Values.Get("mechanisms.core.visibility") || !slices.Equal(quad.Eligible, []string{"US", "JP", "AU", "IN"}) || quad.Treaty {
			t.Errorf("quad: %+v", quad)
		}
		pact := bound.Mechanisms[0]
		if len(bound.Mechanisms) != 1 || !pact.Treaty || !pact.FoundersBound || pact.Obligation() != 1 {
			t.Errorf("bound-treaty: %+v", bound.Mechanisms)
		}
	}
}

// TestNegativeZero: a −0 anywhere a number is read (a fixed value, a grid
// value, a range's bound, an analysis threshold) is read as +0, so the
// canonical form, which would write it as -0 and read it back as +0, stays
// a fixed point with the same hash: otherwise verify, resume and a re-run
// from DIR/config.yaml would find the stored config at odds with its hash.
func TestNegativeZero(t *testing.T) {
	head := "name: z\nseed: 1\nreplicates: 2\narchitectures: [none, treaty]\n"
	for _, c := range []struct{ name, yaml string }{
		{"fixed", head + "params:\n  population.autonomy_shift: -0.0\n"},
		{"grid", head + "sweep:\n  parameters:\n    population.autonomy_shift: [-0.0, 0.1]\n"},
		{"range", head + "sweep:\n  parameters:\n    population.autonomy_shift: {min: -0.0, max: 0.1, steps: 2}\n"},
		{"lhs and discovery", head + "sweep:\n  design: lhs\n  samples: 6\n  parameters:\n    population.autonomy_shift: {min: -0.0, max: 0.1}\n" +
			"analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: -0.0}}\n"},
	} {
		p := mustParse(t, c.yaml)
		canon := p.Canonical()
		if bytes.Contains(canon, []byte("-0\n")) || bytes.Contains(canon, []byte("-0,")) || bytes.Contains(canon, []byte("-0]")) || bytes.Contains(canon, []byte("-0}")) {
			t.Errorf("%s: the canonical form keeps a -0:\n%s", c.name, canon)
		}
		q := mustParse(t, string(canon))
		if !bytes.Equal(canon, q.Canonical()) || p.Hash() != q.Hash() {
			t.Errorf("%s: the canonical form is not a fixed point (hash %.12s then %.12s):\n%s\n---\n%s", c.name, p.Hash(), q.Hash(), canon, q.Canonical())
		}
		zero := mustParse(t, strings.ReplaceAll(c.yaml, "-0.0", "0"))
		if p.Hash() != zero.Hash() {
			t.Errorf("%s: -0.0 and 0 give different configs", c.name)
		}
	}
}
