package experiments

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestCalibratePopulationBudget: a written CMA-ES population that the
// evaluation budget cannot hold with the start (1 + population) is a
// config error at the population key, naming the allowed range, in either
// order of the keys and with the default budget; a population that fits,
// the default population at any budget, and a results directory's own
// config (decoder.stored) are accepted (a review, stop 53).
func TestCalibratePopulationBudget(t *testing.T) {
	with := func(opt string) string {
		return strings.Replace(fmt.Sprintf(calCfg, 5), "optimizer: {evaluations: 5}", "optimizer: {"+opt+"}", 1)
	}
	for _, c := range []struct{ opt, allowed string }{
		{"evaluations: 5, population: 50", "2..4"},
		{"population: 5, evaluations: 5", "2..4"},
		{"population: 400", "2..299"},
		{"evaluations: 2, population: 2", "only"},
	} {
		_, err := Parse("pop.yaml", []byte(with(c.opt)))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != "calibration.optimizer.population" || ce.Line != 12 || !strings.Contains(ce.Msg, c.allowed) || !strings.Contains(ce.Msg, "1 + population") {
			t.Errorf("%s: %v; want an error at line 12, calibration.optimizer.population, allowed %s", c.opt, err, c.allowed)
		}
		if _, err := parse(&decoder{file: "pop.yaml", stored: true}, []byte(with(c.opt))); err != nil {
			t.Errorf("%s, a results directory's own config: %v", c.opt, err)
		}
	}
	for _, opt := range []string{"evaluations: 5, population: 4", "population: 299", "evaluations: 1", "evaluations: 2, population: 0"} {
		if _, err := Parse("pop.yaml", []byte(with(opt))); err != nil {
			t.Errorf("%s: %v", opt, err)
		}
	}
}
