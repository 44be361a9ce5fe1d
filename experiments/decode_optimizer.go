package experiments

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"pactsim/analysis"
)

func (d *decoder) optimizer(n *yaml.Node, o *OptimizerSpec) error {
	fields, err := d.mapping(n, "calibration.optimizer", optimizerKeys)
	if err != nil {
		return err
	}
	var population *yaml.Node
	for _, f := range fields {
		k := join("calibration.optimizer", f.name)
		switch f.name {
		case "method":
			o.Method, err = d.oneOf(f.val, k, "method", []string{MethodCMAES, MethodLHS})
		case "evaluations":
			var x int64
			x, err = d.integer(deref(f.val), k, 1, MaxEvaluations, fmt.Sprintf("integers 1..%d", MaxEvaluations))
			o.Evaluations = int(x)
		case "population":
			var x int64
			allowed := fmt.Sprintf("0 (CMA-ES's default 4 + 3 ln n) or integers 2..%d", analysis.MaxPopulation)
			if x, err = d.integer(deref(f.val), k, 0, analysis.MaxPopulation, allowed); err == nil && x == 1 {
				err = d.errf(f.val, k, "1 is out of range (allowed %s): CMA-ES recombines the better half of a population", allowed)
			}
			o.Population, population = int(x), f.val
		case "start":
			o.Start, err = d.oneOf(f.val, k, "start", startNames)
		}
		if err != nil {
			return err
		}
	}
	if o.Method == MethodLHS && o.Population != 0 {
		return d.errf(population, "calibration.optimizer.population", "%d is CMA-ES's population; method lhs has none (it evaluates the start and evaluations − 1 points of a Latin hypercube): remove the key or write 0", o.Population)
	}
	// A written population must fit the budget with the start: a search
	// of fewer evaluations never finishes one generation, so CMA-ES never
	// updates its mean or step and the calibration is the start plus a
	// few draws around it (a review, stop 53: population 50 with
	// evaluations 5 was accepted without a word). The default λ (0) is
	// not refused: a budget of 1 or 2 evaluations is a smoke run. A
	// results directory's own config (decoder.stored) keeps what an older
	// version accepted.
	if o.Population >= 2 && o.Evaluations < o.Population+1 && !d.stored {
		allowed := fmt.Sprintf("0, CMA-ES's default, or integers 2..%d", o.Evaluations-1)
		if o.Evaluations < 3 {
			allowed = "0, CMA-ES's default, only"
		}
		return d.errf(population, "calibration.optimizer.population", "%d is out of range with evaluations %d (allowed %s): a generation of CMA-ES evaluates population points after the start, so the budget must hold 1 + population evaluations; raise evaluations to at least %d or lower the population", o.Population, o.Evaluations, allowed, o.Population+1)
	}
	return nil
}
