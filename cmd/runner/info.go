package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/engine"
	"pactsim/experiments"
	"pactsim/output"
)

func newValidateCmd() *cobra.Command {
	var out, shardFlag string
	var workers int
	var allowLarge bool
	cmd := &cobra.Command{
		Use:   "validate CONFIG",
		Short: "check a config; print the resolved plan size, an estimate of time and disk, and the limits",
		Long: `Check a config as 'runner run' would, without writing anything: decode and
resolve it, time a few of its tasks to estimate the run's time and disk,
and apply the same limits (exit 2 when the plan is over one; --allow-large
accepts a plan over a soft limit, as it does for run). With --shard I/N
the time and disk are those of that shard, which is what one machine of a
sharded run must finish (deploy/slurm/submit.sh checks shard 0 so); in a
Slurm array task or a Kubernetes Indexed Job pod, without --shard, those of
the shard its variables name, as run would take them. A shard's part files
are counted as its merge will list them, every shard's, against the
part-file limit, which the merge applies too (runner merge --allow-large).
A config with a calibration section is checked as calibrate takes it,
unsharded: --shard, or a job array's variables, are refused (exit 2).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkOut(c); err != nil {
				return err
			}
			if workers < 0 {
				return usagef("validate: --workers %d: want a positive number (or 0 for the default)", workers)
			}
			ctx, stop := catchSignals(c.Context(), "nothing was written")
			defer stop()
			plan, err := load(ctx, args[0], nil)
			if err != nil {
				return interrupted(ctx, err)
			}
			// A signal during the load is answered now, not with "valid".
			if err := ctx.Err(); err != nil {
				return interrupted(ctx, err)
			}
			sayNotes(c.ErrOrStderr(), plan)
			if workers, err = resolveWorkers("validate", workers); err != nil {
				return err
			}
			lo, hi := 0, plan.NumTasks()
			// The shard run would take: --shard, or the scheduler's
			// variables (a Slurm array task, a Kubernetes Indexed Job pod);
			// a calibration is refused as calibrate refuses it.
			var shard experiments.ShardSpec
			if plan.Config.Calibration != nil {
				if err := calibrationUnsharded("validate", shardFlag, agents.ShowName(args[0])); err != nil {
					return err
				}
			} else {
				if shard, err = experiments.ResolveShard(shardFlag, os.Getenv); err != nil {
					return err
				}
				if shard.Sharded() {
					lo, hi = plan.Shard(shard.I, shard.N)
				}
			}
			dir := out
			if dir == "" {
				dir = filepath.Join("results", plan.Name())
				if plan.Config.Calibration != nil {
					dir += "-calibration"
				}
			}
			if err := experiments.CheckOutPath(dir); err != nil {
				if out != "" || !experiments.NotCreatable(err) {
					return err
				}
				// The default directory under a working directory that
				// cannot be written (a read-only checkout, a CI
				// workspace): the config is still valid; run needs -o.
				fmt.Fprintf(c.ErrOrStderr(), "runner: note: run without -o would refuse: %v\n", err)
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "config %s is valid: %s\n", agents.ShowName(args[0]), plan.Name())
			fmt.Fprintf(w, "  points         %d\n", plan.NumPoints())
			fmt.Fprintf(w, "  replicates     %d\n", plan.Replicates())
			fmt.Fprintf(w, "  architectures  %d (%s)\n", len(plan.ArchitectureNames()), strings.Join(plan.ArchitectureNames(), ", "))
			fmt.Fprintf(w, "  tasks          %d\n", plan.NumTasks())
			cs := plan.Config.Calibration
			if cs != nil {
				// runner calibrate runs the tasks at each evaluation and
				// writes a trace, not runs: its plan is the evaluations.
				fmt.Fprintf(w, "  calibration    %s of the %d tasks (%d %s, %d %s); runner calibrate writes no runs rows\n",
					cs.Optimizer.Budget(), plan.NumTasks(),
					len(cs.Parameters), output.Plural(len(cs.Parameters), "parameter"), len(cs.Targets), output.Plural(len(cs.Targets), "target"))
			} else {
				fmt.Fprintf(w, "  runs rows      %d\n", int64(plan.NumTasks())*int64(len(plan.ArchitectureNames())))
			}
			if len(plan.SweptNames) > 0 {
				fmt.Fprintf(w, "  swept          %s\n", strings.Join(plan.SweptNames, ", "))
			}
			fmt.Fprintf(w, "  config sha256  %s\n", plan.Hash())
			if shard.Sharded() {
				from := ""
				if shard.Source != experiments.SourceFlag {
					from = " (from " + shard.Source + ")"
				}
				fmt.Fprintf(w, "  shard          %d/%d%s: tasks [%d, %d)%s\n", shard.I, shard.N, from, lo, hi, noTasks(shard, lo, hi))
			}
			var est experiments.Estimate
			if cs != nil {
				est, err = experiments.EstimateCalibration(ctx, plan, workers, dir)
			} else {
				// As run estimates it: a shard writes no whole tables and
				// runs no analysis (the merge does), and counts the part
				// files of its merge.
				est, err = experiments.EstimateShard(ctx, plan, shard, workers, dir)
			}
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				return interrupted(ctx, err)
			}
			if cs == nil {
				fmt.Fprintf(w, "  parts          %d (%d files)\n", est.Parts, est.PartFiles)
				if m := est.Merge; m.Shards > 1 {
					fmt.Fprintf(w, "  merged files   %s part files in the merge of the %d shards\n", m.Files(), m.Shards)
				}
			}
			fmt.Fprintf(w, "  estimate       %s\n", est)
			if est.Free >= 0 {
				fmt.Fprintf(w, "  free disk      %s at %s\n", output.FormatBytes(est.Free), est.FreeAt)
			}
			if err := plan.CheckEstimate(est, allowLarge); err != nil {
				// The config is valid, the plan is not accepted: stdout says
				// so before the error on stderr, so that "valid" above is not
				// the last word of an exit 2.
				fmt.Fprintln(w, "  limits         over a limit: the plan is refused (the error below says which; --allow-large accepts a soft one)")
				return err
			}
			if over := est.Over(); len(over) > 0 {
				fmt.Fprintf(w, "  limits         over a soft limit, accepted by --allow-large: %s\n", strings.Join(over, "; "))
				return nil
			}
			fmt.Fprintln(w, "  limits         within every limit (runner validate --help lists them)")
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "results directory whose disk is checked (default results/NAME, or results/NAME-calibration for a config with a calibration section, as for calibrate)")
	intFlag(cmd.Flags(), &workers, "workers", 0, "workers the time estimate assumes (0: the default, as for run)")
	cmd.Flags().BoolVar(&allowLarge, "allow-large", false, "accept a plan over a soft limit (part files, time, disk)")
	cmd.Flags().StringVar(&shardFlag, "shard", "", "check shard I of N (I/N, 0-based) as one machine of a sharded run would run it")
	cmd.Long += "\n\nLimits (hard: no override; soft: --allow-large):\n" + limitsTable()
	return cmd
}

// limitsTable renders experiments.Limits for the help text.
func limitsTable() string {
	var b strings.Builder
	what, most := 0, 0 // the columns' widths, in characters as fmt pads
	for _, l := range experiments.Limits {
		what, most = max(what, utf8.RuneCountInString(l.What)), max(most, utf8.RuneCountInString(l.Max))
	}
	for _, l := range experiments.Limits {
		kind := "soft"
		if l.Hard {
			kind = "hard"
		}
		fmt.Fprintf(&b, "  %-*s  %-*s  %s; %s (%s)\n", what, l.What, most, l.Max, kind, l.Why, l.Where)
	}
	return b.String()
}

func newDescribeCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "describe",
		Short: "list every model parameter: meaning, default, range, source",
		Long: `List every parameter a config may set under params, sweep or calibration:
its name, symbol in docs/model.md, type, default, allowed range (what
validate accepts), plausible range (what a sweep should explore), unit,
meaning and the source of its default. periods is listed with them but is
set by the config's top-level key periods (it may be swept). A boolean's
default and range read 0 (false) and 1 (true). --format md (the default)
prints a Markdown table; --format json an array of objects (name, type,
default, min and max, plausible_min and plausible_max, description,
source; symbol and unit where the parameter has one; inherits, the
parameter whose value it takes when not set, where it has one).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w := c.OutOrStdout()
			switch format {
			case "json":
				type row struct {
					Name        string     `json:"name"`
					Symbol      string     `json:"symbol,omitempty"`
					Type        string     `json:"type"`
					Default     exactFloat `json:"default"`
					Min         exactFloat `json:"min"`
					Max         exactFloat `json:"max"`
					PlausibleLo cleanFloat `json:"plausible_min"`
					PlausibleHi cleanFloat `json:"plausible_max"`
					Unit        string     `json:"unit,omitempty"`
					Description string     `json:"description"`
					Source      string     `json:"source"`
					Inherits    string     `json:"inherits,omitempty"`
				}
				var rows []row
				for _, p := range param.All() {
					rows = append(rows, row{p.Name, p.Symbol, p.Kind.String(), exactFloat(p.Default), exactFloat(p.Min), exactFloat(p.Max),
						cleanFloat(p.Lo), cleanFloat(p.Hi), p.Unit, p.Description, p.Source, p.Inherits})
				}
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "md":
				fmt.Fprintln(w, "| parameter | symbol | type | default | allowed | plausible | unit | meaning | source |")
				fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
				for _, p := range param.All() {
					def := exactNum(p.Default)
					allowed := fmt.Sprintf("[%s, %s]", exactNum(p.Min), exactNum(p.Max))
					plausible := cleanNum(p.Lo) + ".." + cleanNum(p.Hi)
					switch p.Kind {
					case param.Bool:
						def, allowed, plausible = fmt.Sprint(p.Default != 0), "true or false", "true or false"
					case param.Int:
						allowed = fmt.Sprintf("integers %s..%s", exactNum(p.Min), exactNum(p.Max))
					}
					fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |\n", p.Name, p.Symbol, p.Kind, def, allowed, plausible, p.Unit, p.Description, p.Source)
				}
				return nil
			}
			return usagef("describe: --format %q (allowed: md, json)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "output format: md or json")
	return cmd
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the engine, model and Go versions",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			gov, vcs := output.BuildVersions()
			rev := "unknown (the binary carries no VCS information, e.g. built with -buildvcs=false, and it was not started by go run inside a git checkout)"
			if vcs.Revision != nil {
				rev = *vcs.Revision
				if vcs.Modified != nil && *vcs.Modified {
					rev += " (modified)"
				}
				if vcs.Source == output.VCSGit {
					rev += " (read from the git checkout)"
				}
			}
			fmt.Fprintf(c.OutOrStdout(), "pactsim engine %s, model %s, %s, revision %s\n", engine.Version, engine.ModelVersion, gov, rev)
			return nil
		},
	}
}

// exactNum renders a parameter's number in the shortest form that reads
// back as the same float64: a default copied from describe into a config
// must be the default, bit for bit (hostile review, stop 30: rounded to 12
// digits, a calibrated default copied into a zip sweep was not recognised
// as the default, so no ablation was found, and a share's default was
// refused as not its default). Both formats give defaults and allowed
// ranges so.
func exactNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// cleanNum renders a plausible range's end, in both formats: the
// shortest form of the value rounded to 12 significant digits, so that an
// end computed in floating point (0.7 × 0.8 = 0.5599999999999999) reads
// 0.56. The registry's values are unchanged; only their display is.
func cleanNum(x float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	if err != nil {
		return exactNum(x)
	}
	return exactNum(r)
}

// exactFloat and cleanFloat are numbers that JSON encodes as exactNum and
// cleanNum render them.
type (
	exactFloat float64
	cleanFloat float64
)

func (f exactFloat) MarshalJSON() ([]byte, error) { return []byte(exactNum(float64(f))), nil }
func (f cleanFloat) MarshalJSON() ([]byte, error) { return []byte(cleanNum(float64(f))), nil }
