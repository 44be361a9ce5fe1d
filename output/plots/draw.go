package plots

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"pactsim/output"
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
	_, err = drawFigures(ctx, dir, figs)
	return err
}

// Publish does what Draw and then Report do, reading the tables and laying
// out and rendering every figure once: it writes dir/plots/NAME.png and
// NAME.svg, then dir/report.html, whose inline figures are the same SVG
// bytes. Like them it checks ctx between batches and figures, and every
// file is written atomically.
//
// check, when not nil, is given the file stems of the figures about to be
// written (NAME of NAME.png and NAME.svg, in drawing order) once every
// figure is laid out and before anything is written; an error from it
// stops Publish with nothing written. A run's finalisation uses it to
// refuse a file in plots/ that is none of its figures, which its manifest
// would otherwise list as the run's.
func Publish(ctx context.Context, dir string, meta Meta, check func(stems []string) error) error {
	figs, r, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return err
	}
	if check != nil {
		if err := check(stems(figs)); err != nil {
			return err
		}
	}
	svgs, err := drawFigures(ctx, dir, figs)
	if err != nil {
		return err
	}
	return writeReport(ctx, dir, meta, figs, r, svgs)
}

// drawFigures renders every figure of figs and then writes each into
// dir/plots as NAME.png and NAME.svg, in order. It returns the SVG bytes,
// one per figure, for the report.
func drawFigures(ctx context.Context, dir string, figs []*figure) ([][]byte, error) {
	files, svgs, err := renderFigures(ctx, figs)
	if err != nil {
		return nil, err
	}
	// Mkdir, not MkdirAll: a results directory moved or removed while the
	// figures were drawn must not be made again, empty, here (the run's
	// manifest then listed nothing, exit 0: a failure-injection review).
	out := filepath.Join(dir, "plots")
	if err := os.Mkdir(out, 0o755); errors.Is(err, fs.ErrExist) {
		if fi, serr := os.Stat(out); serr != nil || !fi.IsDir() {
			return nil, fmt.Errorf("plots: %s exists and is not a folder", out)
		}
	} else if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	_ = output.SyncDir(dir) // make a new plots/ entry durable too
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(f.rel)), f.data); err != nil {
			return nil, err
		}
	}
	return svgs, nil
}

// renderedFile is a figure's file as rendered: its slash-separated path
// relative to the results directory, and its bytes.
type renderedFile struct {
	rel  string
	data []byte
}

// renderFigures renders every figure of figs as plots/NAME.png and
// plots/NAME.svg, in order, and returns the files and the SVG bytes, one
// per figure, for the report.
func renderFigures(ctx context.Context, figs []*figure) ([]renderedFile, [][]byte, error) {
	var files []renderedFile
	svgs := make([][]byte, 0, len(figs))
	for _, f := range figs {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		png, err := f.png()
		if err != nil {
			return nil, nil, err
		}
		svg, err := f.svg()
		if err != nil {
			return nil, nil, err
		}
		files = append(files, renderedFile{"plots/" + f.name + ".png", png}, renderedFile{"plots/" + f.name + ".svg", svg})
		svgs = append(svgs, svg)
	}
	return files, svgs, nil
}

// Render returns, by slash-separated path relative to dir, the bytes
// Publish would write for dir (plots/NAME.png, plots/NAME.svg and
// report.html), and writes nothing: verify compares them with the files
// a manifest lists (a reproducibility review, stop 38: a figure changed
// and listed again passed verify --sample all).
func Render(ctx context.Context, dir string, meta Meta) (map[string][]byte, error) {
	figs, r, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return nil, err
	}
	files, svgs, err := renderFigures(ctx, figs)
	if err != nil {
		return nil, err
	}
	page, err := reportBytes(ctx, meta, figs, r, svgs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(files)+1)
	for _, f := range files {
		out[f.rel] = f.data
	}
	out["report.html"] = page
	return out, nil
}

// Figures returns the file stems Draw writes for dir, in drawing order.
func Figures(ctx context.Context, dir string, meta Meta) ([]string, error) {
	figs, _, err := buildFigures(ctx, dir, meta)
	if err != nil {
		return nil, err
	}
	return stems(figs), nil
}

// stems returns the file stems of figs, in order.
func stems(figs []*figure) []string {
	names := make([]string, len(figs))
	for i, f := range figs {
		names[i] = f.name
	}
	return names
}

// buildFigures loads dir and lays out every figure, in a fixed order: the
// sweeps, the contrast heatmaps, the paired differences, the primary
// contrasts by treaty formation, the crisis figures
// and the mechanism figure, then the analysis figures of whichever analysis
// tables dir has (sensitivity, discovery, calibration). A calibration's
// directory has no summary (runner calibrate runs no design): it gets the
// calibration figures alone. It also returns the loaded results, for the
// report.
func buildFigures(ctx context.Context, dir string, meta Meta) ([]*figure, *results, error) {
	an, err := loadAnalyses(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	var r *results
	var figs []*figure
	summary, err := exists(filepath.Join(dir, summaryName))
	if err != nil {
		return nil, nil, err
	}
	if an.cal != nil && !summary {
		r = &results{dir: dir, calibrationOnly: true}
	} else {
		if r, err = loadResults(ctx, dir, meta.SharedWorlds); err != nil {
			return nil, nil, err
		}
		if figs, err = r.figures(ctx, meta.complete(r)); err != nil {
			return nil, nil, err
		}
		if err := countUndefined(ctx, dir, len(r.points), an.disc); err != nil {
			return nil, nil, err
		}
	}
	r.an = an
	if an.weight != nil {
		if n := an.weight.maxBars(); n > maxWeightBars {
			r.note("The contributions figures are left out: they draw one bar per row of the ablation, up to %d a panel; this run has %d (the table above and %s have every row).", maxWeightBars, n, contributionsName)
		}
	}
	more, err := analysisFigures(ctx, an, meta.complete(r))
	if err != nil {
		return nil, nil, err
	}
	return append(figs, more...), r, nil
}

// analysisFigures lays out the figures of the analysis tables present.
func analysisFigures(ctx context.Context, an *analyses, m Meta) ([]*figure, error) {
	var figs []*figure
	if an.sens != nil {
		f, err := sensitivityFigures(ctx, an.sens, m)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f...)
	}
	if an.weight != nil {
		f, err := weightFigures(ctx, an.weight, m)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f...)
	}
	if an.disc != nil {
		f, err := discoveryFigures(ctx, an.disc, m)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f...)
	}
	if an.cal != nil {
		f, err := calibrationFigures(ctx, an.cal, m)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f...)
	}
	return figs, nil
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
	paired, err := pairedFigures(ctx, r, m)
	if err != nil {
		return nil, err
	}
	figs = append(figs, paired...)
	formation, err := formationFigure(ctx, r.primaryData, m)
	if err != nil {
		return nil, err
	}
	if formation != nil {
		figs = append(figs, formation)
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

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and renamed (output.WriteFileAtomic).
func writeAtomic(path string, data []byte) error { return output.WriteFileAtomic(path, data) }
