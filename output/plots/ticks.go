package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks labels multiples of a round step (1, 2, 2.5 or 5 times a power
// of ten) giving four to seven labels, so zero is labelled whenever the range
// spans it; unlabelled minor ticks sit halfway between. plot.DefaultTicks
// may skip zero (it chose 0.15, -0.05, -0.25 for a difference axis).
type niceTicks struct{}

var _ plot.Ticker = niceTicks{}

func (niceTicks) Ticks(min, max float64) []plot.Tick {
	return ticksOver(min, max, 7)
}

// sweepTicks are niceTicks for a sweep figure's x axis, whose panels are
// narrow: where the labels would run to more than sweepTickChars
// characters, a coarser step (about half as many labels). A strength swept
// over 0–0.15 got seven labels "0.000" to "0.150" that ran into each other
// (a review, stop 51).
type sweepTicks struct{}

var _ plot.Ticker = sweepTicks{}

// sweepTickChars is the most characters of labels a sweep's x axis takes:
// seven one-decimal labels (0.3 to 0.9) fit.
const sweepTickChars = 21

func (sweepTicks) Ticks(min, max float64) []plot.Tick {
	ticks := ticksOver(min, max, 7)
	chars := 0
	for _, t := range ticks {
		chars += len(t.Label)
	}
	if chars > sweepTickChars {
		return ticksOver(min, max, 3.5)
	}
	return ticks
}

// ticksOver is niceTicks with the step rounded up from (max − min)/div.
func ticksOver(min, max, div float64) []plot.Tick {
	if !(max > min) || math.IsInf(max-min, 0) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 4, 64)}}
	}
	step := niceStep((max - min) / div)
	if !(step >= 0x1p-1022) || math.IsInf(step, 0) || min+step/2 == min || max-step/2 == max {
		// A span too small for a normal power of ten (a sweep of 0 and
		// 5e-324: the step underflowed to 0, and the loop below never
		// ended), or for the ends' precision: label the ends.
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 4, 64)}, {Value: max, Label: strconv.FormatFloat(max, 'g', 4, 64)}}
	}
	decimals := max0(-int(math.Floor(math.Log10(step) + 1e-9)))
	if s := step * math.Pow(10, float64(decimals)); math.Abs(s-math.Round(s)) > 1e-9 {
		decimals++ // 2.5 x 10^k needs one more digit
	}
	var ticks []plot.Tick
	first := math.Ceil(min/(step/2)-1e-9) * (step / 2)
	for i := 0; i < 64; i++ { // at most about 2·7 + 2 ticks; the bound is a guard
		v := first + float64(i)*step/2
		if v > max+1e-9*step {
			break
		}
		k := math.Round(v / step * 2)
		if math.Mod(k, 2) == 0 {
			v = k / 2 * step
			if v == 0 {
				v = 0 // no "-0"
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', decimals, 64)})
		} else {
			ticks = append(ticks, plot.Tick{Value: k / 2 * step})
		}
	}
	return ticks
}

// niceStep rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(v float64) float64 {
	return niceCeil(v)
}

func max0(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// intTicks are niceTicks at whole numbers only, for an integer parameter's
// axis: no 7.5 periods.
type intTicks struct{}

var _ plot.Ticker = intTicks{}

func (intTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	labels := 0
	for _, t := range (niceTicks{}).Ticks(min, max) {
		if t.Value != math.Round(t.Value) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
			labels++
		}
		out = append(out, t)
	}
	if labels < 2 { // a span of less than two whole numbers
		return (niceTicks{}).Ticks(min, max)
	}
	return out
}
