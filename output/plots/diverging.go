package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette"
)

// rdBu are the eleven classes of ColorBrewer's RdBu scheme (Brewer,
// colorbrewer2.org), which it marks colour-blind safe: red for negative
// (treaty better), blue for positive (layered better), near-white at zero.
var rdBu = [...]color.NRGBA{
	{0x67, 0x00, 0x1f, 0xff}, {0xb2, 0x18, 0x2b, 0xff}, {0xd6, 0x60, 0x4d, 0xff},
	{0xf4, 0xa5, 0x82, 0xff}, {0xfd, 0xdb, 0xc7, 0xff}, {0xf7, 0xf7, 0xf7, 0xff},
	{0xd1, 0xe5, 0xf0, 0xff}, {0x92, 0xc5, 0xde, 0xff}, {0x43, 0x93, 0xc3, 0xff},
	{0x21, 0x66, 0xac, 0xff}, {0x05, 0x30, 0x61, 0xff},
}

// divergingMap is a palette.ColorMap that interpolates rdBu linearly between
// -limit and +limit, so zero is always the white midpoint.
type divergingMap struct {
	min, max float64
	alpha    float64
}

var _ palette.ColorMap = (*divergingMap)(nil)

// newDivergingMap returns a map over the symmetric range [-limit, limit].
func newDivergingMap(limit float64) *divergingMap {
	return &divergingMap{min: -limit, max: limit, alpha: 1}
}

func (m *divergingMap) At(v float64) (color.Color, error) {
	if math.IsNaN(v) || v < m.min || v > m.max {
		return nil, fmt.Errorf("plots: %v outside the colour range [%v, %v]", v, m.min, m.max)
	}
	t := (v - m.min) / (m.max - m.min) * float64(len(rdBu)-1)
	i := int(math.Floor(t))
	if i >= len(rdBu)-1 {
		i = len(rdBu) - 2
	}
	f := t - float64(i)
	a, b := rdBu[i], rdBu[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), uint8(math.Round(m.alpha * 255))}, nil
}

func (m *divergingMap) Max() float64       { return m.max }
func (m *divergingMap) SetMax(v float64)   { m.max = v }
func (m *divergingMap) Min() float64       { return m.min }
func (m *divergingMap) SetMin(v float64)   { m.min = v }
func (m *divergingMap) Alpha() float64     { return m.alpha }
func (m *divergingMap) SetAlpha(a float64) { m.alpha = a }

// Palette returns n colours evenly spaced over the range; n should be odd so
// that the middle colour is exactly the zero colour.
func (m *divergingMap) Palette(n int) palette.Palette {
	cs := make([]color.Color, n)
	for i := range cs {
		v := m.min + (m.max-m.min)*float64(i)/float64(n-1)
		if i == n-1 {
			v = m.max
		}
		c, err := m.At(v)
		if err != nil {
			panic(err) // unreachable: v is inside the range by construction
		}
		cs[i] = c
	}
	return colourList(cs)
}

type colourList []color.Color

func (l colourList) Colors() []color.Color { return l }
