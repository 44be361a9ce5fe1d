package engine

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

// The golden tests (TestRegress, TestRegress20, TestModel11Reproduction)
// pin the engine's numbers to a tolerance, not bit for bit: since engine
// 0.3.0 the engine's exponential is agents.Exp (within 1.5 ulp, the same on
// every CPU), where the goldens were made with math.Exp. Every outcome and
// every record field is compared; records by two sums per field and
// architecture-run, Σ v and Σ (r+1)·v over the run's records r = 0, 1, …,
// so a changed, missing or reordered record changes them.

// goldenTol is the relative tolerance of a golden comparison (absolute
// below 1). Replacing math.Exp by agents.Exp moved the goldens' outcomes by
// at most 1.9e-14 relative and changed no count: 1e-9 leaves four orders
// of margin and is still far below the Monte Carlo error of any outcome
// (a standard error of 1e-9 would take some 10^17 replicates).
const goldenTol = 1e-9

// fieldSums accumulates the two sums of every numeric field of one record
// type over one architecture-run.
type fieldSums struct {
	names  []string
	s1, s2 []float64
	n      int
}

func (f *fieldSums) reset() { f.names, f.s1, f.s2, f.n = f.names[:0], f.s1[:0], f.s2[:0], 0 }

// add adds record v (a struct) to the sums. Numbers and booleans are
// fields; arrays are fields per element; strings are left out (the state's
// name follows from its index).
func (f *fieldSums) add(v any) {
	w := float64(f.n + 1)
	f.n++
	k := 0
	var walk func(name string, x reflect.Value)
	walk = func(name string, x reflect.Value) {
		var y float64
		switch x.Kind() {
		case reflect.Struct:
			for i := range x.NumField() {
				walk(name+x.Type().Field(i).Name, x.Field(i))
			}
			return
		case reflect.Array, reflect.Slice:
			for i := range x.Len() {
				walk(fmt.Sprintf("%s[%d]", name, i), x.Index(i))
			}
			return
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			y = float64(x.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			y = float64(x.Uint())
		case reflect.Float32, reflect.Float64:
			y = x.Float()
		case reflect.Bool:
			if x.Bool() {
				y = 1
			}
		default:
			return
		}
		if k == len(f.names) {
			f.names, f.s1, f.s2 = append(f.names, name), append(f.s1, 0), append(f.s2, 0)
		}
		f.s1[k] += y
		f.s2[k] += w * y
		k++
	}
	walk("", reflect.ValueOf(v))
}

func (f *fieldSums) write(buf *bytes.Buffer) {
	fmt.Fprintf(buf, " n=%d", f.n)
	for k, name := range f.names {
		fmt.Fprintf(buf, " %s=%s/%s", name, strconv.FormatFloat(f.s1[k], 'g', -1, 64), strconv.FormatFloat(f.s2[k], 'g', -1, 64))
	}
}

// recordSums is a Recorder keeping the sums of every period and state
// record per architecture.
type recordSums struct{ period, state []fieldSums }

func newRecordSums(archs int) *recordSums {
	return &recordSums{make([]fieldSums, archs), make([]fieldSums, archs)}
}

func (l *recordSums) reset() {
	for a := range l.period {
		l.period[a].reset()
		l.state[a].reset()
	}
}

func (l *recordSums) RecordPeriod(a int, r *PeriodRecord) { l.period[a].add(*r) }
func (l *recordSums) RecordState(a int, r *StateRecord)   { l.state[a].add(*r) }

// writeRun writes one task's lines: per architecture its period and state
// sums and the outcomes named in names (all outcomes when nil) that are
// present, at full precision.
func (l *recordSums) writeRun(buf *bytes.Buffer, archs []string, out []Outcome, names []string) {
	for a, o := range out {
		fmt.Fprintf(buf, "  %s periods", archs[a])
		l.period[a].write(buf)
		fmt.Fprintf(buf, "\n  %s states", archs[a])
		l.state[a].write(buf)
		fmt.Fprintf(buf, "\n  %s", archs[a])
		for k, spec := range Outcomes {
			if names != nil && !slices.Contains(names, spec.Name) {
				continue
			}
			if x, ok := o.Get(OutcomeID(k)); ok {
				fmt.Fprintf(buf, " %s=%s", spec.Name, strconv.FormatFloat(x, 'g', -1, 64))
			}
		}
		buf.WriteByte('\n')
	}
}

var goldenSep = regexp.MustCompile(`[ =/]+`)

// checkGolden compares got with the golden file path (or, with -update,
// writes it): line by line, token by token, numbers within goldenTol,
// everything else exactly.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./engine -run %s -update creates it)", err, t.Name())
	}
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	if len(g) != len(w) {
		t.Fatalf("%d lines, %s has %d", len(g), path, len(w))
	}
	for k := range g {
		if msg := goldenLineDiff(string(g[k]), string(w[k])); msg != "" {
			t.Fatalf("%s line %d: %s\n got %.300s\nwant %.300s", path, k+1, msg, g[k], w[k])
		}
	}
}

// goldenLineDiff says how two lines differ beyond the tolerance, or "".
func goldenLineDiff(got, want string) string {
	tg, tw := goldenSep.Split(got, -1), goldenSep.Split(want, -1)
	if len(tg) != len(tw) {
		return fmt.Sprintf("%d fields, want %d", len(tg), len(tw))
	}
	for i := range tg {
		if tg[i] == tw[i] {
			continue
		}
		x, errX := strconv.ParseFloat(tg[i], 64)
		y, errY := strconv.ParseFloat(tw[i], 64)
		if errX != nil || errY != nil {
			return fmt.Sprintf("field %d is %q, want %q", i, tg[i], tw[i])
		}
		if d := math.Abs(x - y); !(d <= goldenTol*max(1, math.Abs(x), math.Abs(y))) {
			name := "?"
			for j := i - 1; j >= 0; j-- {
				if _, err := strconv.ParseFloat(tg[j], 64); err != nil {
					name = tg[j]
					break
				}
			}
			return fmt.Sprintf("field %d (%s) is %v, want %v (relative difference %.3g > %g)", i, name, x, y, d/max(1, math.Abs(y)), goldenTol)
		}
	}
	return ""
}
