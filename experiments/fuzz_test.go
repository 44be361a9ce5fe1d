package experiments

import (
	"bytes"
	"errors"
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

// FuzzParseAnalysis feeds arbitrary bytes to the reader of `runner analyze
// DIR FILE`'s analysis file, against a config with a saltelli sweep (a
// review, stop 49): it must not panic, must fail only with a
// *ConfigError, and what it accepts must be written by
// canonicalAnalysisFile as a file that reads back to the same bytes.
func FuzzParseAnalysis(f *testing.F) {
	for _, name := range []string{"sensitivity.yaml", "where-layered-wins.yaml"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if _, after, ok := bytes.Cut(data, []byte("\nanalysis:")); ok {
			f.Add(append([]byte("analysis:"), after...))
		}
	}
	for _, s := range []string{
		analysisSection,
		"quantities: [{outcome: wars, architecture: none}]\n",
		"analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}}\n",
		"analysis: null\n",
		"- analysis\n",
	} {
		f.Add([]byte(s))
	}
	plan, err := Parse("fuzz.yaml", []byte(analysisHead+saltelliSweep))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		spec, err := plan.ParseAnalysis("fuzz.yaml", data)
		if err != nil {
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("error %T is not a *ConfigError: %v", err, err)
			}
			return
		}
		canon, err := plan.canonicalAnalysisFile(spec)
		if err != nil {
			t.Fatal(err)
		}
		back, resolved, err := plan.storedAnalysis("analysis.yaml", canon)
		if err != nil || !resolved {
			t.Fatalf("the resolved analysis does not read back (resolved %v): %v\n%s", resolved, err, canon)
		}
		if again, err := plan.canonicalAnalysisFile(back); err != nil || !bytes.Equal(again, canon) {
			t.Fatalf("the resolved analysis is not a fixed point (%v):\n%s\n---\n%s", err, canon, again)
		}
	})
}

// FuzzResolveShard feeds arbitrary --shard values and scheduler variables
// to the shard resolver (a review, stop 49): it must not panic, must fail
// only with ErrBadShard, and what it accepts is a shard 0 <= I < N.
func FuzzResolveShard(f *testing.F) {
	f.Add("", "3", "1", "4", "", "4", "", "")
	f.Add("1/3", "", "", "", "", "", "", "3")
	f.Add("", "9223372036854775807", "0", "9223372036854775807", "1", "9223372036854775806", "", "")
	f.Add("", "", "", "", "", "", "2", "04")
	f.Add(" 1/3", "", "", "", "", "", " ", "3")
	f.Fuzz(func(t *testing.T, flag, id, lo, count, step, hi, index, shards string) {
		env := map[string]string{
			"SLURM_ARRAY_TASK_ID": id, "SLURM_ARRAY_TASK_MIN": lo, "SLURM_ARRAY_TASK_COUNT": count,
			"SLURM_ARRAY_TASK_STEP": step, "SLURM_ARRAY_TASK_MAX": hi,
			"JOB_COMPLETION_INDEX": index, "PACTSIM_SHARDS": shards,
		}
		getenv := func(k string) string { return env[k] }
		for _, resolve := range []func() (ShardSpec, error){
			func() (ShardSpec, error) { return ResolveShard(flag, getenv) },
			func() (ShardSpec, error) { return ResolveUnsharded(getenv) },
		} {
			s, err := resolve()
			if err != nil {
				if !errors.Is(err, ErrBadShard) {
					t.Fatalf("error is not ErrBadShard: %v", err)
				}
				continue
			}
			if s.N < 1 || s.I < 0 || s.I >= s.N {
				t.Fatalf("accepted shard %+v", s)
			}
			if lo, hi := Shard(s.I, s.N, 1000); lo < 0 || hi < lo || hi > 1000 {
				t.Fatalf("shard %+v of 1000 tasks is [%d, %d)", s, lo, hi)
			}
		}
	})
}

// FuzzParseStored feeds arbitrary bytes to the reader of a results
// directory's config.yaml (decoder.stored), seeded with the resolved form
// of every shipped config (a review, stop 49): it must not panic, must
// fail only with a *ConfigError, and what it accepts must have a
// canonical form that reads back, stored, to itself.
func FuzzParseStored(f *testing.F) {
	for _, name := range shippedConfigs(f) {
		p, err := Load(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p.Canonical())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseStored("config.yaml", data)
		if err != nil {
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("error %T is not a *ConfigError: %v", err, err)
			}
			return
		}
		q, err := parseStored("config.yaml", p.Canonical())
		if err != nil {
			t.Fatalf("canonical form does not read back: %v", err)
		}
		if !bytes.Equal(p.Canonical(), q.Canonical()) {
			t.Fatal("canonical form is not a fixed point")
		}
	})
}
