package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestResumeAfterTornJournalPath (a review, stop 49): a crash while the
// journal was appended to can leave a line cut inside its path, and the
// next append ends it with a newline. Its entry named a file that never
// exists, so every --resume failed at the manifest ("went missing since
// it was written: run the command again (--resume for a run)"), for good;
// the line is damage, and the run finishes into the uninterrupted run's
// bytes.
func TestResumeAfterTornJournalPath(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	for _, tail := range []string{"", "\n"} {
		plan, dir := runStopped(t, c, 1, RunOptions{})
		journal := filepath.Join(dir, output.JournalName)
		f, err := os.OpenFile(journal, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.WriteString(strings.Repeat("0", 64) + "  runs/part-000" + tail)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		mustRun(t, plan, dir, RunOptions{Resume: true})
		sameFiles(t, ref, dir)
	}
}
