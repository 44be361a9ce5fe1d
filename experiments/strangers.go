package experiments

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"pactsim/output"
)

// notPlanFile returns the first entry under dir, an unfinished directory
// begun with plan, that plan's run or calibration does not write, with the
// reason, or "" (decideDir asks it of what --resume continues). --resume lists in the manifest every
// file it finds, so a report or figure where the config draws none, an
// analysis table the config computes not, a part table it does not write,
// or a calibration's table in a run (or a run's in a calibration) would be
// sealed into the results as pactsim's and pass verify (hostile review,
// stop 30). Hidden entries pass, as no manifest lists them (journals, the
// lock, temporary files, NFS's .nfs files); so do the files whose names
// this plan writes, whatever they hold: a part is checked against its
// journal, and a derived table or figure is written again.
func notPlanFile(dir string, plan *Plan) (name, why string) {
	o := plan.Config.Output
	calibration := plan.Config.Calibration != nil
	var whole []string // the whole tables its finalisation writes
	ds, err := output.New(layout(plan, dir, nil))
	if err == nil {
		whole = ds.WholeTables()
	}
	analysis := plan.Config.Analysis
	ok := func(rel string, isDir bool) (bool, string) {
		folder, base := path.Split(rel)
		folder = strings.TrimSuffix(folder, "/")
		if output.HiddenRel(rel, isDir) {
			return true, ""
		}
		if !isDir && !output.IsResultsFile(rel) || isDir && !output.IsResultsFolder(rel) {
			return false, "pactsim writes no such file"
		}
		switch {
		case rel == "plots" || folder == "plots" || rel == "report.html":
			return o.Plots, "the config draws no figures (output.plots: false)"
		case rel == "config.yaml" || rel == output.CodebookName:
			return true, ""
		case rel == "calibration" || folder == "calibration" || rel == output.CalibratedName:
			if !calibration {
				return false, "a run writes no calibration's files"
			}
			return isDir || strings.HasPrefix(base, "trace.") || strings.HasPrefix(base, "targets.") || rel == output.CalibratedName, "a calibration writes no such file"
		case calibration:
			return false, "a calibration writes no run's tables"
		case rel == "arrow":
			return o.HasFormat("arrow"), "the config writes no Arrow files (output.formats)"
		}
		table, _ := strings.CutPrefix(rel, "arrow/")
		if t, _, _ := strings.Cut(table, "/"); t == output.TableTrajectories || t == output.TableStates {
			return o.HasTable(t), "the config writes no " + t + " table (output.tables)"
		}
		if strings.HasPrefix(rel, "arrow/") && !o.HasFormat("arrow") {
			return false, "the config writes no Arrow files (output.formats)"
		}
		if !output.IsDerivedFile(rel) {
			return true, "" // a runs part, or its folder
		}
		t := strings.TrimSuffix(path.Base(table), path.Ext(table))
		switch t {
		case output.TableSensitivity:
			return analysis != nil && analysis.Sensitivity != nil, "the config's analysis computes no sensitivity"
		case output.TableDiscovery, output.TableDiscoveryLimits:
			return analysis != nil && len(analysis.Discovery) > 0, "the config's analysis has no discovery"
		}
		return ds == nil || slices.Contains(whole, t), "this config's run writes no " + t + " table"
	}
	_ = filepath.WalkDir(output.WalkRoot(dir), func(p string, e fs.DirEntry, err error) error {
		if err != nil || name != "" {
			return filepath.SkipAll
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		good, reason := ok(rel, e.IsDir())
		if !good {
			name, why = rel, reason
			return filepath.SkipAll
		}
		if e.IsDir() && output.SkipHiddenDir(rel) {
			return filepath.SkipDir
		}
		return nil
	})
	return name, why
}

// misfit describes rel, an entry of type t, when pactsim writes that name
// as another kind of entry: "a directory named report.html, where pactsim
// expects a regular file", or a regular file, FIFO or link where it
// expects a directory, or a FIFO or link where it expects a regular file.
// Such an entry is no stranger's: the name is pactsim's, the kind is
// wrong (a review: it was said to be a file "pactsim does not write").
// It returns "" for any other entry.
func misfit(rel string, t fs.FileMode) string {
	asFolder := output.IsResultsFolder(rel)
	asFile := output.IsResultsFile(rel) && !asFolder
	var want string
	switch {
	case t.IsDir() && asFile:
		want = "a regular file"
	case !t.IsDir() && asFolder:
		want = "a directory"
	case !t.IsDir() && !t.IsRegular() && asFile:
		want = "a regular file"
	default:
		return ""
	}
	return fmt.Sprintf("%s named %s, where pactsim expects %s", output.FileKind(t), rel, want)
}
