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
	return "remove " + output.ManifestName + " and " + damagedRedo(dir, k)
}

// damagedRedo is the command that rebuilds the directory dir of kind k
// once its manifest is gone.
func damagedRedo(dir string, k output.Kind) string {
	switch k {
	case output.KindShard:
		return fmt.Sprintf("continue the shard with `runner run CONFIG -o %s --resume --shard I/N`, its own shard", dir)
	case output.KindMerge:
		return fmt.Sprintf("redo the merge with `runner merge --force -o %s SHARD...` (a merge is not resumed)", dir)
	case output.KindCalibration:
		return fmt.Sprintf("continue the calibration with `runner calibrate CONFIG -o %s --resume`", dir)
	case output.KindRun:
		return fmt.Sprintf("run again with --resume (`runner run CONFIG -o %s --resume`)", dir)
	}
	return fmt.Sprintf("run again with --resume (`runner run CONFIG -o %s --resume`; for a shard add its --shard I/N; a merge is redone with `runner merge --force -o %s SHARD...`)", dir, dir)
}

// readDamagedKind reads dir's manifest, best effort, for damagedKind.
func readDamagedKind(dir string) output.Kind {
	data, _ := output.ReadFileLimited(filepath.Join(dir, output.ManifestName), output.MaxManifestBytes)
	return damagedKind(dir, data)
}

// manifestNotFile says, of the results directory dir whose manifest.json
// is not a regular file (a folder, a FIFO, a device; through a symbolic
// link or not), what it is and, where dir is pactsim's (damaged: its
// resolved config.yaml is there), how the directory of kind k is mended;
// ok is false where the manifest is a regular file or cannot be stat'ed
// (reading it says why). Not "give the path of a file", the advice for a
// config given on the command line, nor a bare "remove manifest.json"
// (a review, stop 50).
func manifestNotFile(dir string, k output.Kind) (why string, damaged, ok bool) {
	fi, err := os.Stat(filepath.Join(dir, output.ManifestName))
	if err != nil || fi.Mode().IsRegular() {
		return "", false, false
	}
	why = fmt.Sprintf("its %s is %s, not a file (pactsim writes its manifest as a regular file)", output.ManifestName, output.FileKind(fi.Mode()))
	if !resolvedConfigIn(dir) {
		return why, false, true
	}
	what := "it"
	if fi.IsDir() {
		what = "that folder (move out anything of yours in it first)"
	}
	return fmt.Sprintf("%s: if the rest of the directory is intact, remove %s and %s", why, what, damagedRedo(dir, k)), true, true
}
