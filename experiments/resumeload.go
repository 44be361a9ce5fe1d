package experiments

// The config of a --resume, begun by a version that did not refuse it.

import (
	"errors"
	"fmt"
	"path/filepath"

	"pactsim/output"
)

// LoadResumed is Load for a --resume into the results directory that
// dirFor names (from the plan: -o's default is the config's name). A
// config refused only by a check that advises a new config (one that
// decoder.stored skips, such as two calibration targets with disjoint
// ranges) is taken all the same when its resolved config is the one the
// directory was begun with, with a note that says so: the directory was
// begun by a version without the check, and a resume must be able to
// finish it (a review, stop 54: `calibrate CONFIG -o DIR --resume`, and
// even `calibrate DIR/config.yaml -o DIR --resume`, was refused for a
// calibration begun the stop before). Any other error is Load's.
func LoadResumed(path string, dirFor func(*Plan) string) (*Plan, error) {
	plan, err := Load(path)
	var ce *ConfigError
	if !errors.As(err, &ce) {
		return plan, err
	}
	data, rerr := output.ReadFileLimited(path, MaxConfigBytes)
	if rerr != nil {
		return nil, err
	}
	sp, serr := parseStored(path, data)
	if serr != nil {
		return nil, err
	}
	dir := dirFor(sp)
	begun, lerr := loadStored(filepath.Join(dir, "config.yaml"))
	if lerr != nil || begun.Hash() != sp.Hash() {
		return nil, err
	}
	sp.Config.Notes = append(sp.Config.Notes, fmt.Sprintf("%v; resumed all the same, as %s was begun with this very config: only a new run is refused it", err, dir))
	return sp, nil
}
