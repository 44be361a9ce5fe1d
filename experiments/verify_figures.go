package experiments

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"pactsim/output"
	"pactsim/output/plots"
)

// verifyFigures redraws the figures and report of the complete directory
// dir from its tables, writing nothing (plots.Render), and compares them
// with the ones its manifest m lists: every listed figure must be one the
// tables draw, with the listed SHA-256, and every figure they draw must
// be listed (a PNG whose bytes differ passes if its pixels are the same:
// samePixels). A directory written with `plots: false` lists none and is
// passed. The files themselves have been checked against m already, so a
// figure changed and listed again is what this finds (a reproducibility
// review, stop 38: verify --sample all passed it, though plot redraws a
// directory's figures byte for byte).
func verifyFigures(ctx context.Context, dir string, m *output.Manifest) (bool, error) {
	listed := map[string]string{}
	for _, f := range m.Files {
		if output.IsFigureFile(f.Path) {
			listed[f.Path] = f.SHA256
		}
	}
	// None listed: a `plots: false` run's, or one whose `runner analyze`
	// was interrupted while it drew them (it removes the old analysis's
	// figures first, and the directory is sealed without; `runner plot`
	// draws them). So a run whose figures were removed with their
	// entries passes (a hostile review, stop 41): nothing tells the two
	// apart.
	if len(listed) == 0 {
		return false, nil
	}
	meta, err := plots.ReadMeta(dir)
	if err != nil {
		return false, err
	}
	redrawn, err := plots.Render(ctx, dir, meta)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, err
	}
	for _, rel := range slices.Sorted(maps.Keys(listed)) {
		data, ok := redrawn[rel]
		if !ok {
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s lists %s, which its tables do not draw: run `runner plot %s` to redraw the figures", dir, rel, dir)}
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != listed[rel] {
			if strings.HasSuffix(rel, ".png") {
				same, err := samePixels(filepath.Join(dir, filepath.FromSlash(rel)), data)
				if err != nil {
					return false, err
				}
				if same {
					continue
				}
			}
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s: %s is not what its tables draw (sha256 %s, drawn %s): run `runner plot %s` to redraw the figures", dir, rel, output.ShortHash(listed[rel]), output.ShortHash(got), dir)}
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(redrawn)) {
		if _, ok := listed[rel]; !ok {
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s: its tables draw %s, which its manifest does not list: run `runner plot %s` to redraw the figures", dir, rel, dir)}
		}
	}
	return true, nil
}

// samePixels reports whether the PNG file at path holds the same image as
// the PNG bytes drawn. A PNG's bytes are its pixels deflated by the
// standard library of the Go release that built the runner (image/png on
// compress/flate), whose encoder a Go release may change: the same figure
// drawn by a runner built with another Go release can have other bytes,
// and only its pixels say whether it is what the tables draw. The
// tables' bytes do not depend on it (their compression is a pinned
// module's). The file has been checked against the manifest already; one
// that does not decode is a mismatch.
func samePixels(path string, drawn []byte) (bool, error) {
	stored, err := output.ReadRegular(path)
	if err != nil {
		return false, fmt.Errorf("experiments: %w", err)
	}
	// The stored file is untrusted (changed and listed again is what
	// verifyFigures looks for), and png.Decode allocates the image its
	// header declares before reading a pixel: a PNG of a few bytes that
	// declares 40000×40000 pixels would take 6.4 GB. Its size is compared
	// with the drawn figure's first, from the headers alone.
	sc, err := png.DecodeConfig(bytes.NewReader(stored))
	if err != nil {
		return false, nil
	}
	dc, err := png.DecodeConfig(bytes.NewReader(drawn))
	if err != nil {
		return false, fmt.Errorf("experiments: a figure drawn again does not decode: %w", err)
	}
	if sc.Width != dc.Width || sc.Height != dc.Height {
		return false, nil
	}
	a, err := png.Decode(bytes.NewReader(stored))
	if err != nil {
		return false, nil
	}
	b, err := png.Decode(bytes.NewReader(drawn))
	if err != nil {
		return false, fmt.Errorf("experiments: a figure drawn again does not decode: %w", err)
	}
	r := a.Bounds()
	if r != b.Bounds() {
		return false, nil
	}
	if x, ok := a.(*image.RGBA); ok {
		if y, ok := b.(*image.RGBA); ok && x.Stride == y.Stride {
			return bytes.Equal(x.Pix, y.Pix), nil
		}
	}
	if x, ok := a.(*image.NRGBA); ok {
		if y, ok := b.(*image.NRGBA); ok && x.Stride == y.Stride {
			return bytes.Equal(x.Pix, y.Pix), nil
		}
	}
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			ar, ag, ab, aa := a.At(px, py).RGBA()
			br, bg, bb, ba := b.At(px, py).RGBA()
			if ar != br || ag != bg || ab != bb || aa != ba {
				return false, nil
			}
		}
	}
	return true, nil
}
