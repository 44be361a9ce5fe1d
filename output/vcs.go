package output

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Where a manifest's VCS fields come from (README, "What a results directory holds").
const (
	// VCSBuildInfo: the binary's own stamp (go build in a checkout).
	VCSBuildInfo = "buildinfo"
	// VCSGit: the binary has no stamp (go run, or -buildvcs=false) and
	// was compiled from a git checkout that is still there: the fields
	// are read from that checkout when the run starts.
	VCSGit = "git"
	// VCSNone: neither; revision, time and modified are null.
	VCSNone = "none"
)

// gitTimeout bounds every git command: provenance must never hang a run.
const gitTimeout = 3 * time.Second

var (
	buildOnce sync.Once
	buildGo   string
	buildVCS  VCS
)

// BuildVersions returns the Go version and the version control state of
// the code that is running: the build's VCS stamp when it has one; else,
// when the go command compiled the binary for this very invocation (the
// README's `go run`) from a git checkout, that checkout's HEAD, commit time and whether it has
// uncommitted changes; else source "none" and null fields. It runs git at
// most once per process, with a timeout; a missing git is "none".
func BuildVersions() (goVersion string, vcs VCS) {
	buildOnce.Do(func() { buildGo, buildVCS = readBuildVersions() })
	return buildGo, buildVCS
}

// BuildTarget names the instruction set the running binary was compiled
// for, "GOARCH=amd64 GOAMD64=v1": what, beside the engine version and the
// config, decides a run's last bits. The compiler fuses a multiply and an
// add into one instruction where the target has it (GOAMD64=v3, arm64),
// which rounds once instead of twice, so two builds of the same commit for
// different targets can write different results (docs/model.md sec. 22.1).
// A merge or a resume refuses to mix them.
func BuildTarget() string {
	target := "GOARCH=" + runtime.GOARCH
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM":
				target += " " + s.Key + "=" + s.Value
			}
		}
	}
	return target
}

// OtherBuild says how a build target a directory recorded differs from
// this binary's: "" when it is this one, else "built for X; this runner
// is built for Y, whose results can differ in the last bits", the words
// every refusal to mix two targets uses ("" recorded reads "an
// unrecorded target").
func OtherBuild(recorded string) string {
	this := BuildTarget()
	if recorded == this {
		return ""
	}
	if recorded == "" {
		recorded = "an unrecorded target"
	}
	return "built for " + recorded + "; this runner is built for " + this + ", whose results can differ in the last bits"
}

// VCSText describes v for a message and for comparison: its source,
// revision, time and modified flag ("null" for those it lacks), on one
// line.
func VCSText(v VCS) string {
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	mod := "null"
	if v.Modified != nil {
		mod = fmt.Sprint(*v.Modified)
	}
	return fmt.Sprintf("{source %s, revision %s, time %s, modified %s}", v.Source, str(v.Revision), str(v.Time), mod)
}

// OtherBinary says how the Go version and VCS text (VCSText) an
// unfinished directory recorded differ from this binary's: "" when they
// are this one's (or were not recorded), else "built with GO, vcs V; this
// runner is built with GO', vcs V'". A merge refuses shards of two
// binaries, so a resume must not finish one binary's parts under
// another's name.
func OtherBinary(goVersion, vcs string) string {
	g, v := BuildVersions()
	if goVersion == "" || goVersion == g && vcs == VCSText(v) {
		return ""
	}
	msg := fmt.Sprintf("built with %s, vcs %s; this runner is built with %s, vcs %s", goVersion, vcs, g, VCSText(v))
	if v.Modified != nil && goVersion == g {
		flipped := v
		m := !*v.Modified
		flipped.Modified = &m
		if vcs == VCSText(flipped) {
			// The same revision, the work tree changed: an untracked
			// file counts (git status), such as a results folder written
			// inside the checkout but outside its ignored results/.
			msg += " (the same revision; the checkout's work tree changed in between: an untracked file counts, such as a results folder inside the checkout outside results/)"
		}
	}
	return msg
}

func readBuildVersions() (string, VCS) {
	goVersion := runtime.Version()
	var vcs VCS
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			v := s.Value
			switch s.Key {
			case "vcs.revision":
				vcs.Revision = &v
			case "vcs.time":
				vcs.Time = &v
			case "vcs.modified":
				b := v == "true"
				vcs.Modified = &b
			}
		}
	}
	if vcs.Revision != nil {
		vcs.Source = VCSBuildInfo
		return goVersion, vcs
	}
	if root := sourceCheckout(); root != "" && builtJustNow() {
		if g, ok := gitVCS(root); ok {
			return goVersion, g
		}
	}
	return goVersion, VCS{Source: VCSNone}
}

// builtJustNow reports whether the running executable is one that the go
// command built for this invocation (`go run`, `go test`): those live in a
// go-build temporary folder and are compiled from the checkout as it is
// now, so its HEAD and status describe them. A binary built earlier
// without a VCS stamp may have been compiled from another revision than
// the checkout holds today; reading git for it would record a wrong
// revision, so it gets source "none".
func builtJustNow() bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	for dir := filepath.Dir(exe); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if strings.HasPrefix(filepath.Base(dir), "go-build") {
			return true
		}
	}
	return false
}

// sourceCheckout returns the root of the pactsim module this package was
// compiled from, when that path is recorded (no -trimpath) and still holds
// the module; else "".
func sourceCheckout() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(file)) // ROOT/output/vcs.go
	f, err := os.Open(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); strings.HasPrefix(line, "module ") {
			if strings.TrimSpace(strings.TrimPrefix(line, "module ")) == "pactsim" {
				return root
			}
			return ""
		}
	}
	return ""
}

// gitVCS reads HEAD, its commit time (UTC, RFC 3339, as the build stamp
// writes it) and whether the work tree differs from it (git status
// --porcelain is not empty, untracked files included, as the build stamp
// counts them).
func gitVCS(root string) (VCS, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	git := func(args ...string) (string, bool) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err == nil
	}
	rev, ok := git("rev-parse", "HEAD")
	if !ok || len(rev) < 40 {
		return VCS{}, false
	}
	when, ok := git("show", "-s", "--format=%cI", "HEAD")
	if !ok {
		return VCS{}, false
	}
	if t, err := time.Parse(time.RFC3339, when); err == nil {
		when = t.UTC().Format(time.RFC3339)
	}
	status, ok := git("status", "--porcelain")
	if !ok {
		return VCS{}, false
	}
	modified := status != ""
	return VCS{Source: VCSGit, Revision: &rev, Time: &when, Modified: &modified}, true
}
