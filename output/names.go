package output

import (
	"path"
	"strings"
)

// IsResultsFile reports whether rel, a slash-separated path relative to a
// results directory, is a file that pactsim writes there (or a folder that
// holds only such files): the tables, parts, plots, report, manifest,
// config, lock, journal, pending mark and temporary files, and the analysis and
// calibration outputs of README, "What a results directory holds". `runner run
// --force` clears an unfinished directory (one without a manifest) only if
// every entry passes, so it never deletes a file pactsim did not write.
func IsResultsFile(rel string) bool {
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	if IsTempName(name) {
		return IsOwnTemp(rel)
	}
	switch dir {
	case "":
		switch name {
		case ManifestName, "config.yaml", "codebook.csv", "report.html", LockName, JournalName, TasksName, PendingName, "calibrated.yaml", AnalysisName:
			return true
		}
		return IsDerivedFile(name) || IsResultsFolder(name)
	case "arrow":
		return IsDerivedFile(rel) || isPartTable(name)
	case TableRuns, TableTrajectories, TableStates:
		_, ok := parsePartFile(name, ".parquet")
		return ok
	case "arrow/" + TableRuns, "arrow/" + TableTrajectories, "arrow/" + TableStates:
		_, ok := parsePartFile(name, ".arrow")
		return ok
	case "plots":
		_, ext := splitExt(name)
		return ext == ".png" || ext == ".svg"
	case "calibration":
		if name == TraceSumsName {
			return true
		}
		_, ext := splitExt(name)
		return ext == ".parquet" || ext == ".csv" || ext == ".arrow" || ext == ".png" || ext == ".svg"
	}
	return false
}

// IsResultsFolder reports whether rel is a folder pactsim makes in a
// results directory.
func IsResultsFolder(rel string) bool {
	switch rel {
	case "arrow", "plots", "calibration":
		return true
	}
	if t, ok := strings.CutPrefix(rel, "arrow/"); ok {
		return isPartTable(t)
	}
	return isPartTable(rel)
}

func isPartTable(name string) bool {
	return name == TableRuns || name == TableTrajectories || name == TableStates
}

func splitExt(name string) (string, string) {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext), ext
}
