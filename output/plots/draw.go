package plots

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Draw reads the results directory dir and writes every figure into
// dir/plots as NAME.png (200 dpi, at least 1600 x 1000 pixels) and
// NAME.svg. It returns an error, and writes nothing, when a table it needs is
// missing, empty or malformed; the error names the file and the column.
//
// It checks ctx between batches of the tables and between figures and
// returns ctx's error soon after it is done (well within a second: a batch
// or a figure takes milliseconds to tens of milliseconds). Every figure is
// rendered before the first is written, and each file is written under a
// temporary name, synced and renamed, so a crash or a cancellation never
// leaves a partial file under a final name.
func Draw(ctx context.Context, dir string, meta Meta) error {
	figs, _, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return err
	}
	type file struct {
		path string
		data []byte
	}
	out := filepath.Join(dir, "plots")
	var files []file
	for _, f := range figs {
		if err := ctx.Err(); err != nil {
			return err
		}
		png, err := f.png()
		if err != nil {
			return err
		}
		svg, err := f.svg()
		if err != nil {
			return err
		}
		files = append(files, file{filepath.Join(out, f.name+".png"), png}, file{filepath.Join(out, f.name+".svg"), svg})
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	syncDir(dir) // make a new plots/ entry durable too
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeAtomic(f.path, f.data); err != nil {
			return err
		}
	}
	return nil
}

// Figures returns the file stems Draw writes for dir, in drawing order.
func Figures(ctx context.Context, dir string, meta Meta) ([]string, error) {
	figs, _, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(figs))
	for i, f := range figs {
		names[i] = f.name
	}
	return names, nil
}

// buildFigures loads dir and lays out every figure, in a fixed order: the
// sweeps, the contrast heatmaps, the paired differences, the crisis figures
// and the mechanism figure. It also returns the loaded results, for the
// report.
func buildFigures(ctx context.Context, dir string, meta Meta) ([]*figure, *results, error) {
	r, err := loadResults(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	figs, err := r.figures(ctx, meta.complete(r))
	if err != nil {
		return nil, nil, err
	}
	return figs, r, nil
}

func (r *results) figures(ctx context.Context, m Meta) ([]*figure, error) {
	var figs []*figure
	sweeps, err := sweepFigures(ctx, r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, sweeps...)
	heat, err := heatmapFigures(ctx, r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, heat...)
	paired, err := pairedFigure(ctx, r, m)
	if err != nil {
		return nil, err
	}
	if paired != nil {
		figs = append(figs, paired)
	}
	crisis, err := crisisFigures(ctx, r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, crisis...)
	mech, err := mechanismFigure(ctx, r, m)
	if err != nil {
		return nil, err
	}
	if mech != nil {
		figs = append(figs, mech)
	}
	return figs, nil
}

// writeAtomic writes data to path durably: through a temporary file with a
// random suffix in the same folder (.NAME.*.tmp, so two writers never share
// one), synced, renamed, and the folder synced, so that after a crash path
// holds either its old bytes or the new ones, never a part.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("plots: write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("plots: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("plots: write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes the entries of dir durable. Some file systems cannot sync a
// folder; the rename has happened and the file's bytes are on disk, so that
// is not worth an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
