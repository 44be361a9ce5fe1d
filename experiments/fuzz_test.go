package experiments

import (
	"bytes"
	"os"
	"testing"
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
	f.Fuzz(func(t *testing.T, data []byte) {
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
	})
}
