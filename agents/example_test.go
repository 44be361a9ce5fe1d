package agents_test

import (
	"fmt"

	"pactsim/agents"
	"pactsim/agents/param"
)

// A responder's decision in a crisis as a threshold on the strength it
// expects (docs/model.md sec. 7). With the default costs, a = θ·link·B =
// 0.64 and the rest of U is b = 0.3·0.4 − (0.5·0.5 + 0.5·0.4) = −0.33, so
// the state acts once its chance of denial passes 0.33/0.64 = 0.516, a
// little above the strength needed.
func ExampleResponseThreshold() {
	costs := agents.NewResponseCosts(param.Defaults())
	terms := agents.ResponseTerms{Threat: 0.8, Exposure: 0.5, RiskTolerance: 0.5, Legal: 0.3,
		Link: 0.8, Audience: 0.4, Severity: 1}
	belief := agents.DenialBelief{LnNeeded: 0, SD: 0.3} // the strength needed is 1
	thr := agents.ResponseThreshold(costs, terms, belief)
	fmt.Printf("acts iff expected strength > %.3f (P(deny) there %.3f)\n", thr, belief.Probability(thr))
	// Output: acts iff expected strength > 1.012 (P(deny) there 0.516)
}

// Beliefs learn from honoured and failed commitments and decay back toward
// their prior (docs/model.md sec. 9.3): Beta(6, 4) after a failure is
// Beta(6, 5), mean 6/11; twenty periods of decay at 0.05 take β back to
// 4 + 0.95^20.
func ExampleBeta() {
	prior := agents.BetaPrior(0.6, 10)
	record := prior
	record.Observe(false, 1) // a committed state stayed home
	fmt.Printf("after a failure %.3f\n", record.Mean())
	for range 20 {
		record.DecayToward(prior, 0.05)
	}
	fmt.Printf("20 quiet periods later %.3f\n", record.Mean())
	// Output:
	// after a failure 0.545
	// 20 quiet periods later 0.579
}
