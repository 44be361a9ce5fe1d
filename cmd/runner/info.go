package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"pactsim/agents/param"
	"pactsim/engine"
	"pactsim/experiments"
	"pactsim/output"
)

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate CONFIG",
		Short: "check a config and print the resolved plan size",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			plan, err := experiments.Load(args[0])
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			fmt.Fprintf(w, "config %s is valid: %s\n", args[0], plan.Name())
			fmt.Fprintf(w, "  points         %d\n", plan.NumPoints())
			fmt.Fprintf(w, "  replicates     %d\n", plan.Replicates())
			fmt.Fprintf(w, "  architectures  %d (%s)\n", len(plan.ArchitectureNames()), strings.Join(plan.ArchitectureNames(), ", "))
			fmt.Fprintf(w, "  tasks          %d\n", plan.NumTasks())
			fmt.Fprintf(w, "  runs rows      %d\n", plan.NumTasks()*len(plan.ArchitectureNames()))
			if len(plan.SweptNames) > 0 {
				fmt.Fprintf(w, "  swept          %s\n", strings.Join(plan.SweptNames, ", "))
			}
			fmt.Fprintf(w, "  config sha256  %s\n", plan.Hash())
			return nil
		},
	}
}

func newDescribeCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "describe",
		Short: "list every model parameter: meaning, default, range, source",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			w := c.OutOrStdout()
			switch format {
			case "json":
				type row struct {
					Name        string  `json:"name"`
					Symbol      string  `json:"symbol,omitempty"`
					Type        string  `json:"type"`
					Default     float64 `json:"default"`
					Min         float64 `json:"min"`
					Max         float64 `json:"max"`
					PlausibleLo float64 `json:"plausible_min"`
					PlausibleHi float64 `json:"plausible_max"`
					Unit        string  `json:"unit,omitempty"`
					Description string  `json:"description"`
					Source      string  `json:"source"`
					Inherits    string  `json:"inherits,omitempty"`
				}
				var rows []row
				for _, p := range param.All() {
					rows = append(rows, row{p.Name, p.Symbol, p.Kind.String(), p.Default, p.Min, p.Max, p.Lo, p.Hi, p.Unit, p.Description, p.Source, p.Inherits})
				}
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "md":
				fmt.Fprintln(w, "| parameter | type | default | allowed | plausible | unit | meaning | source |")
				fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- | --- |")
				for _, p := range param.All() {
					def := fmt.Sprintf("%g", p.Default)
					if p.Kind == param.Bool {
						def = fmt.Sprint(p.Default != 0)
					}
					fmt.Fprintf(w, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", p.Name, p.Kind, def, p.Allowed(), p.Plausible(), p.Unit, p.Description, p.Source)
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
			rev := "unknown (built without VCS information)"
			if vcs.Revision != nil {
				rev = *vcs.Revision
				if vcs.Modified != nil && *vcs.Modified {
					rev += " (modified)"
				}
			}
			fmt.Fprintf(c.OutOrStdout(), "pactsim engine %s, model %s, %s, revision %s\n", engine.Version, engine.ModelVersion, gov, rev)
			return nil
		},
	}
}
