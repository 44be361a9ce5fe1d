package experiments

import (
	"math"
	"testing"

	"pactsim/agents/param"
)

// TestAblationConfig: experiments/ablation.yaml is an ablation (zip, common
// random numbers, first point the registry's defaults), point 1 + g switches
// off exactly group g of AblationGroups at its off value, and the last point
// switches off all of them. A default changed in the registry without the
// config fails here, so the ablation never silently compares against stale
// defaults.
func TestAblationConfig(t *testing.T) {
	plan, err := Load("ablation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ab := ablationOf(plan)
	if ab == nil {
		t.Fatal("ablation.yaml is not recognised as an ablation: is its first point still the registry's defaults?")
	}
	if got, want := plan.NumPoints(), len(AblationGroups)+2; got != want {
		t.Fatalf("%d points, want %d (defaults, each group off, all off)", got, want)
	}
	for g, grp := range AblationGroups {
		if ab.Labels[1+g] != grp.Name {
			t.Errorf("point %d is labelled %q, want %q", 1+g, ab.Labels[1+g], grp.Name)
		}
		for j, n := range grp.Params {
			k := -1
			for i, s := range plan.SweptNames {
				if s == n {
					k = i
				}
			}
			if k < 0 {
				t.Fatalf("%s: %s is not swept", grp.Name, n)
			}
			s, _ := param.Lookup(n)
			if s.Default == grp.Off[j] {
				t.Errorf("%s: off value %v is the default: switching it off changes nothing", n, grp.Off[j])
			}
			if x := plan.Swept(1 + g)[k]; x != grp.Off[j] {
				t.Errorf("point %d: %s = %v, want its off value %v", 1+g, n, x, grp.Off[j])
			}
			if x := plan.Swept(plan.NumPoints() - 1)[k]; x != grp.Off[j] {
				t.Errorf("last point: %s = %v, want its off value %v", n, x, grp.Off[j])
			}
		}
	}
	if last := ab.Labels[plan.NumPoints()-1]; last != AllOff {
		t.Errorf("last point is labelled %q, want %q", last, AllOff)
	}
}

// TestBreakEvenConfig: experiments/breakeven.yaml follows docs/model.md
// sec. 19's rule. Point 0 is the registry's defaults; then, strength by
// strength in the order swept, six points move that strength alone over six
// evenly spaced values from 0 to 1.5 × the top of its plausible range,
// capped at the top of its allowed range. A plausible range changed in the
// registry without the config fails here, so the break-even search never
// silently stops short of the range the model states (as it did for the
// treaty's standing structure and economic coverage, swept to 0.975 and
// 0.585 from the 0.7–1.3 × default rule instead of to 1 and 0.9).
func TestBreakEvenConfig(t *testing.T) {
	const steps = 6
	plan, err := Load("breakeven.yaml")
	if err != nil {
		t.Fatal(err)
	}
	names := plan.SweptNames
	if got, want := plan.NumPoints(), 1+steps*len(names); got != want {
		t.Fatalf("%d points, want %d (the defaults, then %d per strength)", got, want, steps)
	}
	def := plan.Swept(0)
	for i, n := range names {
		s, ok := param.Lookup(n)
		if !ok {
			t.Fatalf("%s is not in the registry", n)
		}
		if def[i] != s.Default {
			t.Errorf("point 0: %s = %v, want the default %v", n, def[i], s.Default)
		}
		top := min(s.Max, 1.5*s.Hi)
		for k := range steps {
			pt := 1 + steps*i + k
			x := plan.Swept(pt)
			want := top * float64(k) / (steps - 1)
			// The config writes each value rounded to a few digits.
			if math.Abs(x[i]-want) > 1e-9*max(1, top) {
				t.Errorf("point %d: %s = %v, want %v (step %d of 0..%v)", pt, n, x[i], want, k, top)
			}
			for j := range names {
				if j != i && x[j] != def[j] {
					t.Errorf("point %d moves %s too (%v, default %v)", pt, names[j], x[j], def[j])
				}
			}
		}
	}
}
