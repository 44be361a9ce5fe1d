package plots

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDrawFixtures(t *testing.T) {
	for _, f := range []fixture{gridFixture(), sweepFixture(), pointFixture()} {
		t.Run(f.name, func(t *testing.T) {
			dir := t.TempDir()
			if d := os.Getenv("PLOTS_KEEP"); d != "" {
				dir = filepath.Join(d, f.name)
			}
			f.write(t, dir)
			meta, err := ReadMeta(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := Draw(dir, meta); err != nil {
				t.Fatal(err)
			}
			if err := Report(dir, meta); err != nil {
				t.Fatal(err)
			}
			names, _ := filepath.Glob(filepath.Join(dir, "plots", "*"))
			t.Log(names)
		})
	}
}
