package experiments

import (
	"bytes"
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzLoad feeds arbitrary bytes to the config loader: it must never panic,
// must fail only with a *ConfigError, and whatever it accepts must have a
// canonical form that is a fixed point.
func FuzzLoad(f *testing.F) {
	for _, name := range shippedConfigs(f) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"---\n---\n",
		head + "params: {us.reliability: .nan}\n",
		head + "sweep: {design: halton, samples: 3, parameters: {us.reliability: {min: 0.1, max: 0.2}}}\n",
		head + "sweep: {design: zip, parameters: {us.reliability: [0.1], adversary.resolve: [1, 2]}}\n",
		"name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation: {roster: synthetic}\nsweep: {parameters: {population.size: [4, 8]}}\n",
		"a: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(loadsToFixedPoint)
}

// loadsToFixedPoint is the property both fuzzers check: the loader never
// panics, fails only with a *ConfigError, and what it accepts has a
// canonical form that loads to itself.
func loadsToFixedPoint(t *testing.T, data []byte) {
	p, err := Parse("fuzz.yaml", data)
	if err != nil {
		if _, ok := err.(*ConfigError); !ok {
			t.Fatalf("error %T is not a *ConfigError: %v", err, err)
		}
		return
	}
	q, err := Parse("fuzz.yaml", p.Canonical())
	if err != nil {
		t.Fatalf("canonical form does not load: %v\n%s", err, p.Canonical())
	}
	if !bytes.Equal(p.Canonical(), q.Canonical()) {
		t.Fatalf("canonical form is not a fixed point:\n%s\n---\n%s", p.Canonical(), q.Canonical())
	}
}

// FuzzRosterCSV feeds arbitrary roster CSV to the loader, embedded in a
// config as population.roster_csv (what DIR/config.yaml holds): a roster
// is the other file a user writes by hand, often in a spreadsheet, and
// its text is carried verbatim into the canonical config, so odd bytes
// (carriage returns, tabs, trailing spaces, a byte-order mark) must come
// back unchanged or be refused.
func FuzzRosterCSV(f *testing.F) {
	builtin, err := os.ReadFile("../agents/data/indo-pacific.csv")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(builtin),
		"state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\nUS,patron,1,0.9,0.1,0.5,0.1,1,1,x\nJP,core,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		"state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\r\nUS,patron,1,0.9,0.1,0.5,0.1,1,1,\"a, b\"\r\nJP,hedger,0.5,0.8,0.2,0.7,0.3,0.6,0.9, y \r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, csv string) {
		data, err := yaml.Marshal(map[string]any{
			"name": "x", "seed": 1, "replicates": 1, "architectures": []string{"none"},
			"population": map[string]string{"roster": "r.csv", "roster_csv": csv},
		})
		if err != nil {
			t.Skip(err) // not a YAML string: no user could write it either
		}
		loadsToFixedPoint(t, data)
	})
}
