package experiments

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestCalibratePlots: with output.plots a calibration draws its figures
// and report before its manifest, which lists them, so `runner verify`
// passes; `runner plot` redraws the same bytes from the tables on disk.
func TestCalibratePlots(t *testing.T) {
	src := strings.Replace(fmt.Sprintf(calCfg, 8), "plots: false", "plots: true", 1)
	path := filepath.Join(t.TempDir(), "cal.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "cal")
	res, err := calibrate(t, plan, dir, CalibrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "report.html"); res.Report != want {
		t.Errorf("Report = %q, want %q", res.Report, want)
	}
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	figures := []string{"plots/calibration-loss.png", "plots/calibration-loss.svg", "plots/calibration-targets.png", "plots/calibration-targets.svg", "report.html"}
	before := map[string][]byte{}
	for _, rel := range figures {
		if !listed[rel] {
			t.Errorf("the manifest does not list %s", rel)
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		before[rel] = data
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2}); err != nil {
		t.Errorf("verify: %v", err)
	}
	report, err := Plot(context.Background(), dir)
	if err != nil {
		t.Fatalf("plot of a calibration's directory: %v", err)
	}
	if report != res.Report {
		t.Errorf("Plot's report %q, want %q", report, res.Report)
	}
	for _, rel := range figures {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, before[rel]) {
			t.Errorf("runner plot redrew %s with other bytes", rel)
		}
	}
}
