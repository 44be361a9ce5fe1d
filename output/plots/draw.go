package plots

import (
	"fmt"
	"os"
	"path/filepath"

	"pactsim/output"
)

// Draw reads the results directory dir and writes every figure into
// dir/plots as NAME.png (200 dpi, at least 1600 x 1000 pixels) and
// NAME.svg. It returns an error, and writes nothing, when a table it needs is
// missing, empty or malformed; the error names the file and the column.
// Files are written as .NAME.tmp and renamed, so a crash leaves no partial
// figure under its final name.
func Draw(dir string, meta Meta) error {
	figs, err := buildFigures(dir, meta)
	if err != nil {
		return err
	}
	out := filepath.Join(dir, "plots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	for _, f := range figs {
		png, err := f.png()
		if err != nil {
			return err
		}
		svg, err := f.svg()
		if err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(out, f.name+".png"), png); err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(out, f.name+".svg"), svg); err != nil {
			return err
		}
	}
	return nil
}

// Figures returns the file stems Draw writes for dir, in drawing order.
func Figures(dir string, meta Meta) ([]string, error) {
	figs, err := buildFigures(dir, meta)
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
// and the mechanism figure.
func buildFigures(dir string, meta Meta) ([]*figure, error) {
	r, err := loadResults(dir)
	if err != nil {
		return nil, err
	}
	return r.figures(meta.complete(r))
}

func (r *results) figures(m Meta) ([]*figure, error) {
	var figs []*figure
	sweeps, err := sweepFigures(r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, sweeps...)
	heat, err := heatmapFigures(r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, heat...)
	paired, err := pairedFigure(r, m)
	if err != nil {
		return nil, err
	}
	if paired != nil {
		figs = append(figs, paired)
	}
	crisis, err := crisisFigures(r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, crisis...)
	mech, err := mechanismFigure(r, m)
	if err != nil {
		return nil, err
	}
	if mech != nil {
		figs = append(figs, mech)
	}
	return figs, nil
}

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and renamed (output.WriteFileAtomic).
func writeAtomic(path string, data []byte) error { return output.WriteFileAtomic(path, data) }
