package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"pactsim/output"
)

// The way out of a results directory whose manifest.json cannot be read
// (cut short, or edited so that this runner refuses it), by the kind of
// directory: the manifest is the last file a command writes, so what
// rebuilds it is the command that wrote the directory. "Remove
// manifest.json and run again with --resume", said of every kind, sent a
// merge's owner to `runner run --resume`, which refuses a merge's parts,
// and then to `runner merge --force`, which refuses the damaged directory
// until the manifest is gone; a calibration's, to `runner run`, which
// refuses a calibration (a hostile review, stop 48).

// kindInManifest matches the kind a manifest records, which the writer
// puts second, after the format: a manifest cut short keeps it.
var kindInManifest = regexp.MustCompile(`"kind"\s*:\s*"(run|shard|merge|calibration)"`)

// damagedKind is the kind of the results directory dir whose manifest
// (data, as read; nil when unread) cannot be used: the kind the manifest
// records, else calibration where dir holds a calibration's folder, else
// "" (unknown).
func damagedKind(dir string, data []byte) output.Kind {
	if m := kindInManifest.FindSubmatch(data); m != nil {
		return output.Kind(m[1])
	}
	if fi, err := os.Lstat(filepath.Join(dir, "calibration")); err == nil && fi.IsDir() {
		return output.KindCalibration
	}
	return ""
}

// damagedRepair says how the directory dir of kind k (damagedKind) is
// rebuilt once its unusable manifest is removed.
func damagedRepair(dir string, k output.Kind) string {
	const remove = "remove " + output.ManifestName
	switch k {
	case output.KindShard:
		return fmt.Sprintf("%s and continue the shard with `runner run CONFIG -o %s --resume --shard I/N`, its own shard", remove, dir)
	case output.KindMerge:
		return fmt.Sprintf("%s and redo the merge with `runner merge --force -o %s SHARD...` (a merge is not resumed)", remove, dir)
	case output.KindCalibration:
		return fmt.Sprintf("%s and continue the calibration with `runner calibrate CONFIG -o %s --resume`", remove, dir)
	case output.KindRun:
		return fmt.Sprintf("%s and run again with --resume (`runner run CONFIG -o %s --resume`)", remove, dir)
	}
	return fmt.Sprintf("%s and run again with --resume (`runner run CONFIG -o %s --resume`; for a shard add its --shard I/N; a merge is redone with `runner merge --force -o %s SHARD...`)", remove, dir, dir)
}

// readDamagedKind reads dir's manifest, best effort, for damagedKind.
func readDamagedKind(dir string) output.Kind {
	data, _ := output.ReadFileLimited(filepath.Join(dir, output.ManifestName), output.MaxManifestBytes)
	return damagedKind(dir, data)
}
