package plots

import (
	"image/color"
	"slices"

	"pactsim/engine"
)

// Okabe-Ito colours (Okabe & Ito 2008, "Color Universal Design"; the
// eight-colour set popularised by Wong 2011, Nature Methods 8:441), plus the
// neutral grey that the R Cookbook adds to it. They stay distinguishable under
// the three common colour-vision deficiencies.
var (
	okabeBlack         = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	okabeOrange        = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	okabeSkyBlue       = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	okabeBluishGreen   = color.NRGBA{0x00, 0x9e, 0x73, 0xff}
	okabeYellow        = color.NRGBA{0xf0, 0xe4, 0x42, 0xff}
	okabeBlue          = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	okabeVermillion    = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	okabeReddishPurple = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}
	okabeGrey          = color.NRGBA{0x99, 0x99, 0x99, 0xff}
)

// presetColours fixes the colour of each preset architecture in every figure.
// Treaty and layered, the headline pair, get the two most distinct hues.
var presetColours = map[string]color.NRGBA{
	"none":                okabeBlack,
	"hub_and_spokes":      okabeOrange,
	"treaty":              okabeBlue,
	"layered":             okabeVermillion,
	"treaty_plus_cells":   okabeBluishGreen,
	"layered_then_treaty": okabeReddishPurple,
}

// spareColours go, in this order, to architectures that are not presets.
// Yellow is last: it is faint on white.
var spareColours = []color.NRGBA{okabeSkyBlue, okabeGrey, okabeYellow}

// ArchitectureColours returns the colour of each architecture in names. A
// preset architecture always gets its own colour; the others get the spare
// Okabe-Ito colours in the sorted order of their names, so the assignment
// depends only on the set of names, never on the order of rows or figures.
// Past the spare colours they cycle, each cycle a shade of the first:
// darker, lighter, darker still, lighter still, none near black or white,
// so that two architectures share a colour only past five cycles (a
// review, stop 24: the fourth non-preset architecture took the first
// one's colour).
func ArchitectureColours(names []string) map[string]color.NRGBA {
	out := make(map[string]color.NRGBA, len(names))
	var others []string
	for _, n := range names {
		if c, ok := presetColours[n]; ok {
			out[n] = c
		} else if !slices.Contains(others, n) {
			others = append(others, n)
		}
	}
	slices.Sort(others)
	for i, n := range others {
		out[n] = shade(spareColours[i%len(spareColours)], cycleShades[i/len(spareColours)%len(cycleShades)])
	}
	return out
}

// withAlpha returns c with opacity a in [0, 1].
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(a*255 + 0.5)
	return c
}

// Category colours for the crisis figures. They colour outcomes, not
// architectures, so they avoid the preset architecture hues where they can.
var (
	crisisColours = map[engine.OutcomeID]color.NRGBA{
		engine.Repelled:     okabeBluishGreen,
		engine.FaitAccompli: okabeYellow,
		engine.Wars:         okabeReddishPurple,
	}
	challengeColours = map[engine.OutcomeID]color.NRGBA{
		engine.ChallengesGreyZone: okabeSkyBlue,
		engine.ChallengesEconomic: okabeYellow,
		engine.ChallengesBlockade: okabeBluishGreen,
		engine.ChallengesArmed:    okabeReddishPurple,
	}
)

// cycleShades are the shades of the spare colours' cycles: a factor
// towards black (< 0, at most 0.45 of the way) or white (> 0).
var cycleShades = []float64{0, -0.3, 0.35, -0.45, 0.55}

// shade moves c a share f of the way towards white (f > 0) or black
// (f < 0).
func shade(c color.NRGBA, f float64) color.NRGBA {
	mix := func(v uint8) uint8 {
		if f >= 0 {
			return uint8(float64(v) + f*float64(255-v) + 0.5)
		}
		return uint8(float64(v)*(1+f) + 0.5)
	}
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), c.A}
}
