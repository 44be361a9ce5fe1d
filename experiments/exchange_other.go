//go:build !linux

package experiments

import "errors"

// exchange is not to be had here: swap falls back to two renames.
var exchange = func(a, b string) error { return errors.ErrUnsupported }
