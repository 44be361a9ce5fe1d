package experiments

import (
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
