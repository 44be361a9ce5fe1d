package experiments

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	"pactsim/output"
	"pactsim/output/plots"
)

// verifyFigures redraws the figures and report of the complete directory
// dir from its tables, writing nothing (plots.Render), and compares them
// with the ones its manifest m lists: every listed figure must be one the
// tables draw, with the listed SHA-256, and every figure they draw must
// be listed. A directory written with `plots: false` lists none and is
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
	if len(listed) == 0 {
		return false, nil
	}
	meta, err := plots.ReadMeta(dir)
	if err != nil {
		return false, err
	}
	drawn, err := plots.Render(ctx, dir, meta)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		return false, err
	}
	for _, rel := range slices.Sorted(maps.Keys(listed)) {
		data, ok := drawn[rel]
		if !ok {
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s lists %s, which its tables do not draw: run `runner plot %s` to redraw the figures", dir, rel, dir)}
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != listed[rel] {
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s: %s is not what its tables draw (sha256 %s, drawn %s): run `runner plot %s` to redraw the figures", dir, rel, output.ShortHash(listed[rel]), output.ShortHash(got), dir)}
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(drawn)) {
		if _, ok := listed[rel]; !ok {
			return false, &output.MismatchError{Msg: fmt.Sprintf("%s: its tables draw %s, which its manifest does not list: run `runner plot %s` to redraw the figures", dir, rel, dir)}
		}
	}
	return true, nil
}
