package experiments

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"pactsim/output"
)

// TestVerifyFiguresPNGPixels: a PNG's bytes depend on the Go release's
// deflate encoder (image/png sits on compress/flate, which a release may
// change), so the same figure drawn by a runner built with another Go
// release can have other bytes. verify --sample all must compare a PNG by its pixels:
// the figure re-encoded (other bytes, same pixels) and listed again
// passes; one pixel changed and listed again does not.
func TestVerifyFiguresPNGPixels(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ref := reference(t, pcfg{Reps: 4, Plots: true})
	const rel = "plots/mechanisms.png"
	reencode := func(t *testing.T, dir string, edit func(*image.RGBA)) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(rel))
		old, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(old))
		if err != nil {
			t.Fatal(err)
		}
		rgba := image.NewRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		if edit != nil {
			edit(rgba)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, rgba); err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(buf.Bytes(), old) {
			t.Fatal("the re-encoded PNG has the same bytes: the test tests nothing")
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		resealFile(t, dir, rel)
	}

	same := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, same)
	reencode(t, same, nil)
	if res, err := Verify(ctx, same, VerifyOptions{Sample: -1, Workers: 2}); err != nil || !res.Figures {
		t.Errorf("verify --sample all of a figure re-encoded with its pixels unchanged: %+v, %v; want it to pass, figures matched", res, err)
	}

	changed := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, changed)
	reencode(t, changed, func(m *image.RGBA) {
		b := m.Bounds()
		m.Set(b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()/2, color.RGBA{R: 1, G: 2, B: 3, A: 255})
	})
	_, err := Verify(ctx, changed, VerifyOptions{Sample: -1, Workers: 2})
	var mm *output.MismatchError
	if !errors.As(err, &mm) {
		t.Fatalf("verify --sample all of a figure with one pixel changed and listed again: %v, want a mismatch", err)
	}
	wantText(t, err, rel, "is not what its tables draw")
}

// TestSamePixelsBoundedBySize: a figure changed and listed again is what
// verifyFigures looks for, so the stored PNG is untrusted; its header
// alone must not decide how much memory verify allocates. A PNG of a few
// hundred bytes that declares 8192×8192 pixels made png.Decode allocate
// the whole image (64 MiB here; 6.4 GiB for a 40000×40000 RGBA one)
// before finding it differs from the figure drawn, which is 64×48.
func TestSamePixelsBoundedBySize(t *testing.T) {
	var drawn bytes.Buffer
	if err := png.Encode(&drawn, image.NewRGBA(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	if err := png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	b := bomb.Bytes()
	// IHDR is the first chunk: length at 8, type at 12, width and height
	// at 16 and 20, its CRC (over type and data) at 29.
	binary.BigEndian.PutUint32(b[16:], 8192)
	binary.BigEndian.PutUint32(b[20:], 8192)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	path := filepath.Join(t.TempDir(), "bomb.png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	same, err := samePixels(path, drawn.Bytes())
	runtime.ReadMemStats(&after)
	if err != nil || same {
		t.Fatalf("samePixels of a PNG of another size: %v, %v; want false, nil", same, err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("samePixels of a %d-byte PNG that declares 8192×8192 pixels allocated %d MiB; want what the figure drawn needs", len(b), got>>20)
	}
}

// TestPlotRefusesOversizedConfig: every reader of a results directory's
// config.yaml stops at MaxConfigBytes, and verify refuses a directory
// whose config is larger; `runner plot` read it whole through
// plots.ReadMeta (64 MiB of comments, listed again in the manifest, took
// 711 MiB) and then sealed the directory that verify refuses.
func TestPlotRefusesOversizedConfig(t *testing.T) {
	ref := reference(t, pcfg{Reps: 4, Plots: true})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	cfg := filepath.Join(dir, "config.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, bytes.Repeat([]byte("# padding\n"), MaxConfigBytes/10+1)...)
	if err := os.WriteFile(cfg, b, 0o644); err != nil {
		t.Fatal(err)
	}
	resealFile(t, dir, "config.yaml")
	_, err = Plot(context.Background(), dir)
	if err == nil {
		t.Fatalf("plot of a directory whose config.yaml is %d bytes, over the limit of %d: nil error; want a refusal", len(b), MaxConfigBytes)
	}
	wantText(t, err, "config.yaml", "larger than the limit")
}
