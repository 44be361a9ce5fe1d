package output

import "testing"

// FormatBytes never writes 1024 of a unit below PiB: a count that rounds
// up to it is 1 of the next (a review, stop 52: a byte short of 1 MiB
// read "1024 KiB", of 1 GiB "1024 MiB").
func TestFormatBytesRoundsIntoNextUnit(t *testing.T) {
	for n, want := range map[int64]string{
		812:                           "812 B",
		1023:                          "1023 B",
		1024:                          "1 KiB",
		1536:                          "1.5 KiB",
		1<<20 - 1:                     "1 MiB",
		1<<20 - 52:                    "1023.9 KiB",
		16 << 20:                      "16 MiB",
		1<<30 - 1:                     "1 GiB",
		3<<29 + 1:                     "1.5 GiB",
		1<<50 - 1:                     "1 PiB",
		1 << 60:                       "1024 PiB",
		(1<<40)*1023 + (1<<40)*99/100: "1 PiB",
	} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
