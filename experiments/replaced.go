package experiments

import (
	"fmt"
	"strings"

	"pactsim/output"
)

// replacedWhat says what --force replaces in dir, a results directory of
// info (complete or unfinished), for run, calibrate and merge to say once
// it is replaced: "a complete shard 1/3 of config 1a2b3c4d5e6f (finished
// 2026-12-05 15:04 UTC)", "an unfinished calibration of config ..." (a
// review, stop 49: `calibrate --force` over a finished shard replaced it
// without a word, as run --force and merge --force did). "" for a missing
// or empty directory, which nothing replaces.
func replacedWhat(dir string, info dirInfo) string {
	switch info.kind {
	case dirComplete:
		m := info.manifest
		if m == nil {
			return "a complete results directory"
		}
		what := string(m.Kind)
		if m.Shard != nil {
			what = fmt.Sprintf("shard %d/%d", m.Shard.Index, m.Shard.Count)
		}
		return fmt.Sprintf("a complete %s of config %s (finished %s)", what, output.ShortHash(m.ConfigSHA256), m.Finished.UTC().Format("2006-01-02 15:04 MST"))
	case dirUnfinished:
		what := "results directory"
		_, calibration, _ := output.UnfinishedContent(dir)
		t, ok := output.ReadTasks(dir)
		switch {
		case calibration:
			what = "calibration"
		case ok && strings.HasPrefix(t.What, "shard "):
			what = t.What
		case ok:
			what = "run"
		case info.plan.Config.Calibration != nil:
			what = "calibration"
		}
		return fmt.Sprintf("an unfinished %s of config %s", what, output.ShortHash(info.plan.Hash()))
	}
	return ""
}
