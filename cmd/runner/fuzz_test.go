package main

import (
	"strconv"
	"strings"
	"testing"
)

// FuzzParseSample feeds arbitrary --sample values to verify's reader of
// them (a review, stop 50): it must not panic, must refuse only with a
// usage error (exit 2) that quotes the value, and what it accepts is all
// (-1, only for "all") or a positive number of tasks that the value
// writes in decimal.
func FuzzParseSample(f *testing.F) {
	for _, s := range []string{"all", "3", "0", "-1", "99999999999999999999", "-99999999999999999999", "+4", "ALL", " 3", "0x10", "1_000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseSample(s)
		if err != nil {
			if !isUsage(err) {
				t.Fatalf("--sample %q: not a usage error: %v", s, err)
			}
			if !strings.Contains(err.Error(), "--sample "+strconv.Quote(s)) {
				t.Fatalf("--sample %q: the error does not quote it: %v", s, err)
			}
			return
		}
		if (n == -1) != (s == "all") || n == 0 || n < -1 {
			t.Fatalf("--sample %q read as %d", s, n)
		}
		if n > 0 {
			digits := strings.TrimLeft(strings.TrimPrefix(s, "+"), "0")
			if digits == "" || strings.Trim(digits, "0123456789") != "" {
				t.Fatalf("--sample %q accepted as %d: not a number in decimal", s, n)
			}
		}
	})
}
