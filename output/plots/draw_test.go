package plots

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func nan() float64 { return math.NaN() }

// drawFixture writes f into a fresh directory (or under $PLOTS_KEEP, to look
// at the output) and runs Draw and Report.
func drawFixture(t *testing.T, f fixture) string {
	t.Helper()
	dir := t.TempDir()
	if d := os.Getenv("PLOTS_KEEP"); d != "" {
		dir = filepath.Join(d, f.name)
	}
	f.write(t, dir)
	meta, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := Draw(context.Background(), dir, meta); err != nil {
		t.Fatal(err)
	}
	if err := Report(context.Background(), dir, meta); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDrawFigureSets(t *testing.T) {
	for _, tc := range []struct {
		f    fixture
		want []string
	}{
		{gridFixture(), []string{
			"sweep-us.reliability", "sweep-population.autonomy_shift",
			"contrast-us.reliability-population.autonomy_shift",
			"paired-differences", "crisis-outcomes", "challenges-by-type", "mechanisms",
		}},
		// Plain string columns, an inline architecture, one swept parameter.
		{sweepFixture(), []string{"sweep-us.reliability", "paired-differences", "crisis-outcomes", "challenges-by-type", "mechanisms"}},
		// No sweep: no sweep or heatmap figure.
		{pointFixture(), []string{"paired-differences", "crisis-outcomes", "challenges-by-type", "mechanisms"}},
	} {
		t.Run(tc.f.name, func(t *testing.T) {
			dir := drawFixture(t, tc.f)
			meta, _ := ReadMeta(dir)
			names, err := Figures(context.Background(), dir, meta)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names, tc.want) {
				t.Errorf("Figures = %q, want %q", names, tc.want)
			}
			for _, n := range tc.want {
				for _, ext := range []string{".png", ".svg"} {
					if st, err := os.Stat(filepath.Join(dir, "plots", n+ext)); err != nil || st.Size() == 0 {
						t.Errorf("%s%s: %v", n, ext, err)
					}
				}
			}
			tmp, _ := filepath.Glob(filepath.Join(dir, "plots", ".*.tmp"))
			if len(tmp) > 0 {
				t.Errorf("temporary files left: %q", tmp)
			}
			html, err := os.ReadFile(filepath.Join(dir, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(html)
			if got := strings.Count(page, "<svg "); got != len(tc.want) {
				t.Errorf("report has %d <svg>, want %d", got, len(tc.want))
			}
			for _, s := range []string{tc.f.name, "<table>", "P(layered better)", "dataset.rendered"} {
				if !strings.Contains(page, s) {
					t.Errorf("report lacks %q", s)
				}
			}
			// Self-contained: nothing fetched from anywhere.
			for _, s := range []string{"http://", "https://", "<link", " src=", "@import", "url("} {
				if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), s) &&
					!(s == "http://" && onlyNamespaces(page)) {
					t.Errorf("report references %q", s)
				}
			}
		})
	}
}

// onlyNamespaces reports whether every http:// in page is an XML namespace.
func onlyNamespaces(page string) bool {
	for _, ns := range []string{`xmlns="http://www.w3.org/2000/svg"`, `xmlns:xlink="http://www.w3.org/1999/xlink"`} {
		page = strings.ReplaceAll(page, ns, "")
	}
	return !strings.Contains(page, "http://")
}

// Drawing twice, from two separately written copies of the data, gives
// byte-identical files: SVG, PNG and the report.
func TestDeterministic(t *testing.T) {
	a := drawFixture(t, gridFixture())
	b := t.TempDir()
	gridFixture().write(t, b)
	meta, _ := ReadMeta(b)
	if err := Draw(context.Background(), b, meta); err != nil {
		t.Fatal(err)
	}
	if err := Report(context.Background(), b, meta); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(a, "plots", "*"))
	files = append(files, filepath.Join(a, "report.html"))
	for _, fa := range files {
		rel, _ := filepath.Rel(a, fa)
		x, err := os.ReadFile(fa)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two draws", rel)
		}
	}
}
