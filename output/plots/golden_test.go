package plots

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var regen = flag.Bool("regen", false, "rewrite the golden PNGs under testdata/ from the current code")

// Golden-image tolerance. A pixel differs when any channel differs by more
// than pixelDelta (of 255); the test allows up to maxDiffShare of the pixels
// to differ. Anti-aliased edges and glyphs may shift by a level or two of
// coverage between CPU architectures (fused multiply-add in the rasteriser
// on arm64, ppc64le and s390x) and Go releases; a real change (a moved line,
// a wrong colour, a lost legend entry or label) touches far more than 0.5% of
// a 1.6-megapixel figure. Sizes must match exactly.
const (
	pixelDelta   = 16
	maxDiffShare = 0.005
)

// goldenFigures are the figures of the grid fixture checked against
// testdata/NAME_golden.png: one of each kind. The analysis figures have
// their own fixtures (TestGoldenAnalysisImages).
var goldenFigures = []string{
	"sweep-us.reliability",
	"contrast-us.reliability-population.autonomy_shift",
	"paired-differences",
	"crisis-outcomes",
	"mechanisms",
}

func TestGoldenImages(t *testing.T) {
	dir := t.TempDir()
	gridFixture().write(t, dir)
	meta, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	figs, _, err := buildFigures(context.Background(), dir, meta)
	if err != nil {
		t.Fatal(err)
	}
	byName := make(map[string]*figure)
	for _, f := range figs {
		byName[f.name] = f
	}
	for _, name := range goldenFigures {
		t.Run(name, func(t *testing.T) {
			f, ok := byName[name]
			if !ok {
				t.Fatalf("figure %s not drawn", name)
			}
			checkGolden(t, f)
		})
	}
}

// checkGolden compares f's PNG with testdata/NAME_golden.png under the
// golden tolerance, or rewrites the golden with -regen.
func checkGolden(t *testing.T, f *figure) {
	t.Helper()
	raw, err := f.png()
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := got.Bounds(); b.Dx() < 1600 || b.Dy() < 1000 {
		t.Errorf("size %dx%d, want at least 1600x1000", b.Dx(), b.Dy())
	}
	path := filepath.Join("testdata", f.name+"_golden.png")
	if *regen {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		if err := enc.Encode(&buf, got); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	fh, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenImages -regen)", err)
	}
	defer fh.Close()
	want, err := png.Decode(fh)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := compareImages(got, want); err != nil {
		out, _ := os.MkdirTemp("", "plots-golden-")
		keep := filepath.Join(out, f.name+".png")
		_ = os.WriteFile(keep, raw, 0o644)
		t.Errorf("%s: %v; got written to %s", path, err, keep)
	}
}

// compareImages applies the golden tolerance.
func compareImages(got, want image.Image) error {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Dx() != wb.Dx() || gb.Dy() != wb.Dy() {
		return fmt.Errorf("size %dx%d, want %dx%d", gb.Dx(), gb.Dy(), wb.Dx(), wb.Dy())
	}
	diff := 0
	for y := 0; y < gb.Dy(); y++ {
		for x := 0; x < gb.Dx(); x++ {
			r1, g1, b1, a1 := got.At(gb.Min.X+x, gb.Min.Y+y).RGBA()
			r2, g2, b2, a2 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) || far(a1, a2) {
				diff++
			}
		}
	}
	share := float64(diff) / float64(gb.Dx()*gb.Dy())
	if share > maxDiffShare {
		return fmt.Errorf("%d pixels (%.3f%%) differ by more than %d/255, allowed %.3f%%", diff, 100*share, pixelDelta, 100*maxDiffShare)
	}
	return nil
}

func far(a, b uint32) bool {
	a, b = a>>8, b>>8
	if a > b {
		return a-b > pixelDelta
	}
	return b-a > pixelDelta
}

func TestCompareImagesCatchesChange(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 100, 100))
	b := image.NewRGBA(image.Rect(0, 0, 100, 100))
	if err := compareImages(a, b); err != nil {
		t.Fatal(err)
	}
	for x := range 100 { // one line of 100 of 10,000 pixels: 1%
		b.Pix[4*(50*100+x)] = 200
	}
	if err := compareImages(a, b); err == nil {
		t.Error("a changed line passed the tolerance")
	}
	if err := compareImages(a, image.NewRGBA(image.Rect(0, 0, 100, 99))); err == nil {
		t.Error("a size change passed")
	}
}

// goldenAnalysisFigures are the analysis figures checked against
// testdata/NAME_golden.png, each drawn from its own fixture directory.
var goldenAnalysisFigures = []struct {
	name  string
	write func(t *testing.T, dir string)
}{
	{"sensitivity-sobol", func(t *testing.T, dir string) { writeAnalysisRun(t, dir, 96, "sobol", false) }},
	{"sensitivity-morris", func(t *testing.T, dir string) { writeAnalysisRun(t, dir, 96, "morris", false) }},
	{"discovery-tradeoff", func(t *testing.T, dir string) { writeAnalysisRun(t, dir, 400, "", true) }},
	{"discovery-box", func(t *testing.T, dir string) { writeAnalysisRun(t, dir, 400, "", true) }},
	{"calibration-loss", func(t *testing.T, dir string) { writeCalibrationDir(t, dir, calibrationFixture()) }},
	{"calibration-targets", func(t *testing.T, dir string) { writeCalibrationDir(t, dir, calibrationFixture()) }},
}

func TestGoldenAnalysisImages(t *testing.T) {
	for _, g := range goldenAnalysisFigures {
		t.Run(g.name, func(t *testing.T) {
			dir := t.TempDir()
			g.write(t, dir)
			meta, err := ReadMeta(dir)
			if err != nil {
				t.Fatal(err)
			}
			figs, _, err := buildFigures(context.Background(), dir, meta)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range figs {
				if f.name == g.name {
					checkGolden(t, f)
					return
				}
			}
			t.Fatalf("figure %s not drawn", g.name)
		})
	}
}
