package experiments_test

import (
	"fmt"
	"strings"

	"pactsim/experiments"
)

// Two shards of 12000 tasks with the default 8192 tasks per part: a shard
// boundary splits part 0, and the fragment after it is named by its offset.
func ExampleParts() {
	for i := range 2 {
		lo, hi := experiments.Shard(i, 2, 12000)
		for _, p := range experiments.Parts(lo, hi, experiments.DefaultPartTasks) {
			fmt.Printf("shard %d: %s [%d, %d)\n", i, p.Name, p.Lo, p.Hi)
		}
	}
	// Output:
	// shard 0: part-00000 [0, 6000)
	// shard 1: part-00000_6000 [6000, 8192)
	// shard 1: part-00001 [8192, 12000)
}

func ExampleParse() {
	cfg := `name: demo
seed: 1
replicates: 10
architectures: [treaty, layered]
sweep:
  parameters:
    us.reliability: [0.5, 0.9]
    population.autonomy_shift: {min: -0.2, max: 0.2, steps: 3}
`
	p, err := experiments.Parse("demo.yaml", []byte(cfg))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.NumPoints(), "points,", p.NumTasks(), "tasks")
	for k := range p.NumPoints() {
		fmt.Println(k, p.Point(k).Swept)
	}
	_, err = experiments.Parse("demo.yaml", []byte(strings.Replace(cfg, "0.9]", "1.5]", 1)))
	fmt.Println(err)
	// Output:
	// 6 points, 60 tasks
	// 0 [0.5 -0.2]
	// 1 [0.5 0]
	// 2 [0.5 0.2]
	// 3 [0.9 -0.2]
	// 4 [0.9 0]
	// 5 [0.9 0.2]
	// demo.yaml:7: sweep.parameters.us.reliability[1]: 1.5 is out of range (allowed [0, 1])
}
