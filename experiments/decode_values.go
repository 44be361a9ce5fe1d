package experiments

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/big"
	"pactsim/agents"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents/param"
)

// The decoder's readers of values: strings, booleans, whole and real
// numbers (with the leading-zero and beyond-float64 checks), registered
// parameters' values, and lists of names. Each reports a value that is not
// what its key allows as a ConfigError with the node's line.

func (d *decoder) str(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		hint := ""
		if n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value != "" {
			// YAML reads a plain 2024-05-01, 2024, true or null as a
			// timestamp, number, boolean or null: quoting keeps the text.
			hint = fmt.Sprintf(" (quote it, %q, to use it as a string)", n.Value)
		}
		return "", d.errf(n, key, "want a string, got %s%s", describe(n), hint)
	}
	return n.Value, nil
}

func (d *decoder) boolean(n *yaml.Node, key string) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false, d.errf(n, key, "want true or false, got %s", describe(n))
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		return false, d.errf(n, key, "want true or false, got %s", describe(n))
	}
	return b, nil
}

// leadingZero matches a plain number with a leading zero, such as 017:
// YAML 1.1 reads it as octal (yaml.v3 does, giving 15), YAML 1.2 as
// decimal (17), and a reader of the config cannot tell which was meant.
var leadingZero = regexp.MustCompile(`^[-+]?0[0-9_]+$`)

// checkLeadingZero refuses a plain number with a leading zero, naming
// both readings; one tagged !!int or !!float too, in any style, which
// yaml.v3 reads as octal as well (a review, stop 51: seed: !!int 017 and
// periods: !!float "017" were read as 15, where seed: 017 is refused).
func (d *decoder) checkLeadingZero(n *yaml.Node, key, allowed string) error {
	tagged := n.Style&yaml.TaggedStyle != 0 && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float")
	if n.Kind != yaml.ScalarNode || n.Style != 0 && !tagged || !leadingZero.MatchString(n.Value) {
		return nil
	}
	dec := strings.TrimLeft(strings.TrimLeft(n.Value, "+-"), "0_")
	if dec == "" {
		dec = "0"
	}
	if strings.HasPrefix(n.Value, "-") {
		dec = "-" + dec
	}
	msg := fmt.Sprintf("%s has a leading zero, which YAML may read as octal; write %s for the decimal number", n.Value, dec)
	if oct := strings.TrimLeft(strings.TrimLeft(n.Value, "+-"), "0"); oct != "" && strings.Trim(oct, "01234567_") == "" {
		msg += " or 0o" + oct + " for octal"
	}
	return d.errf(n, key, "%s%s", msg, allowed)
}

// integer reads a whole number in [lo, hi]; allowed describes the range.
func (d *decoder) integer(n *yaml.Node, key string, lo, hi int64, allowed string) (int64, error) {
	if err := d.checkLeadingZero(n, key, " (allowed "+allowed+")"); err != nil && (n.ShortTag() != "!!float" || n.Style&yaml.TaggedStyle == 0) {
		return 0, err // a tagged !!float is refused below, as a float
	}
	var x int64
	switch {
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int":
		if err := n.Decode(&x); err != nil {
			if !digits(n.Value) {
				// !!int 3.5: the tag says integer, the text does not.
				return 0, d.errf(n, key, "want an integer (allowed %s), got %q", allowed, n.Value)
			}
			return 0, d.errf(n, key, "%s is out of range (allowed %s)", n.Value, allowed)
		}
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" && n.Style&yaml.TaggedStyle != 0:
		// Tagged !!float by hand (`!!float 6`): the file says a float
		// where an integer is wanted (a review: it was read as 6).
		if _, ok := yamlInt(n.Value, 10); !ok && digits(n.Value) {
			return 0, d.errf(n, key, "want an integer (allowed %s), got %q tagged !!float, which is not a float (a float is written in decimal)", allowed, n.Value)
		}
		return 0, d.errf(n, key, "want an integer (allowed %s), got %q tagged !!float: write the integer untagged", allowed, n.Value)
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" && digits(n.Value):
		// YAML reads an integer beyond 64 bits, written digit by digit, as
		// a float: it is out of range, not written as a float.
		v, ok := yamlInt(n.Value, 10)
		if !ok || !v.IsInt64() {
			return 0, d.errf(n, key, "%s is out of range (allowed %s)", n.Value, allowed)
		}
		x = v.Int64()
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float":
		// A whole number written as one (2.0, 1e3) is taken, as the
		// integer parameters under params and periods take it; from 2^53
		// on a float no longer says which integer was meant
		// (9007199254740993.0 and ...992.5 both read as 2^53).
		// Its text must be a whole number too, not only the float it
		// rounds to (6.0000000000000001 reads as 6; a review).
		var f float64
		r, exact := new(big.Rat).SetString(strings.ReplaceAll(n.Value, "_", ""))
		if err := n.Decode(&f); err != nil || f != math.Trunc(f) || agents.Underflowed(f, n.Value) || exact && !r.IsInt() {
			return 0, d.errf(n, key, "want an integer (allowed %s), got %s", allowed, describe(n))
		}
		if math.Abs(f) >= 1<<53 {
			return 0, d.errf(n, key, "%s is written as a float, which from 2^53 on does not say which integer is meant: write it as an integer, digit by digit (allowed %s)", n.Value, allowed)
		}
		x = int64(f)
	case n.Kind == yaml.ScalarNode && n.Style == 0 && n.ShortTag() == "!!str" && beyond64(n.Value):
		// YAML reads a plain hex integer beyond 64 bits (0x1_0000_…) as
		// a string: it was meant as an integer, and is out of range.
		return 0, d.errf(n, key, "%s is out of range (allowed %s)", n.Value, allowed)
	default:
		return 0, d.errf(n, key, "want an integer (allowed %s), got %s", allowed, describe(n))
	}
	if x < lo || x > hi {
		return 0, d.errf(n, key, "%s is out of range (allowed %s)", n.Value, allowed)
	}
	return x, nil
}

// yamlInt reads s as an integer of any size written in base (0: the
// base its prefix says, 0x, 0o or 0b, else decimal), with an optional
// sign and YAML's underscores between digits; ok is false when s is not
// one.
func yamlInt(s string, base int) (x *big.Int, ok bool) {
	return new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), base)
}

// digits reports whether s is written as an integer, of any size (yamlInt).
func digits(s string) bool {
	_, ok := yamlInt(s, 0)
	return ok
}

// beyond64 reports whether s is written as an integer (digits) too large
// for an int64.
func beyond64(s string) bool {
	x, ok := yamlInt(s, 0)
	return ok && !x.IsInt64()
}

func (d *decoder) number(n *yaml.Node, key string) (float64, error) {
	return d.numberIn(n, key, "")
}

// numberIn reads a finite number; allowed, when not "", says what is
// allowed in the message of a value that is not one.
func (d *decoder) numberIn(n *yaml.Node, key, allowed string) (float64, error) {
	return d.numberAs(n, key, allowed, "a number")
}

// numberAs is numberIn whose message for a value that is not a number
// says what the key wants: "an integer" for an integer parameter, as
// replicates and seed say (a hostile review: periods: !!str 40
// wanted "a number", replicates: !!str 40 "an integer").
func (d *decoder) numberAs(n *yaml.Node, key, allowed, want string) (float64, error) {
	if allowed != "" {
		allowed = " (allowed " + allowed + ")"
	}
	if err := d.checkLeadingZero(n, key, allowed); err != nil {
		return 0, err
	}
	if n.Kind == yaml.ScalarNode && n.Style == 0 && n.ShortTag() == "!!str" {
		// YAML reads a plain number beyond float64, such as 1e400, as a
		// string; it was meant as a number.
		if _, err := strconv.ParseFloat(n.Value, 64); errors.Is(err, strconv.ErrRange) {
			return 0, d.errf(n, key, "%s is beyond the range of a 64-bit number (magnitude at most %g)%s", n.Value, math.MaxFloat64, allowed)
		}
	}
	if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
		return 0, d.errf(n, key, "want %s%s, got %s", want, allowed, describe(n))
	}
	var x float64
	if err := n.Decode(&x); err != nil {
		v, ok := yamlInt(n.Value, 0)
		if n.ShortTag() != "!!int" || !ok {
			return 0, d.errf(n, key, "want %s%s, got %s", want, allowed, describe(n))
		}
		// !!int beyond 64 bits, tagged by hand: a number, to be judged
		// by its range.
		x, _ = new(big.Float).SetInt(v).Float64()
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, d.errf(n, key, "%s is not a finite number%s", n.Value, allowed)
	}
	if agents.Underflowed(x, n.Value) {
		return 0, d.errf(n, key, "%s is too small for a 64-bit number, which would read it as 0 (nonzero magnitudes from %g; write 0 if 0 is meant)%s", n.Value, math.SmallestNonzeroFloat64, allowed)
	}
	if x == 0 {
		// −0 is read as +0: the canonical config writes it as -0, which
		// YAML reads back as the integer 0, so keeping the sign would
		// make the stored config disagree with its own hash.
		x = 0
	}
	return x, nil
}

// paramValue reads a value of a registered parameter: a boolean for Bool
// parameters, a number otherwise, checked against the registry's range.
func (d *decoder) paramValue(n *yaml.Node, key string, s param.Spec) (float64, error) {
	n = deref(n)
	var x float64
	if s.Kind == param.Bool {
		b, err := d.boolean(n, key)
		if err != nil {
			return 0, err
		}
		if b {
			x = 1
		}
	} else {
		var err error
		want := "a number"
		if s.Kind == param.Int {
			want = "an integer"
		}
		if x, err = d.numberAs(n, key, s.Allowed(), want); err != nil {
			return 0, err
		}
	}
	if s.Kind == param.Int && !math.IsNaN(x) && x != math.Trunc(x) {
		// As integer words it for replicates or steps: "got a number
		// (4.5)", the text as written.
		return 0, d.errf(n, key, "want an integer (allowed %s), got %s", s.Allowed(), describe(n))
	}
	if err := s.Check(x); err != nil {
		return 0, d.errf(n, key, "%s", checkMsg(s, x))
	}
	return x, nil
}

// checkMsg is Spec.Check's message without the parameter-name prefix, which
// the ConfigError key already carries.
func checkMsg(s param.Spec, x float64) string {
	err := s.Check(x)
	if err == nil {
		return ""
	}
	return strings.TrimPrefix(err.Error(), s.Name+": ")
}

func (d *decoder) lookup(n *yaml.Node, key, name string) (param.Spec, error) {
	s, ok := param.Lookup(name)
	if !ok {
		if name == "" || strings.ContainsFunc(name, agents.Invisible) || strings.TrimSpace(name) != name {
			// Quoted in the key as at the top level (decoder.mapping):
			// "params.us.reliability : ..." hid the space it names, and
			// "params.: ..." an empty name (a review, stop 51).
			key = strings.TrimSuffix(key, name) + strconv.Quote(name)
		}
		if slices.Contains(topKeys, name) && name != "periods" {
			// seed, replicates, name, ... under params, a sweep or a
			// calibration were "unknown parameter" with no word that they
			// are the config's own keys (a hostile review, stop 54: a
			// sweep over seed: [1, 2, 3], meant as more draws).
			more := ""
			if name == "seed" || name == "replicates" {
				more = "; each replicate already draws its own independent stream, so raise replicates for more draws"
			}
			return s, d.errf(n, key, "%q is a top-level key of the config, not a model parameter (`runner describe` lists those): set it once at the top of the file%s", name, more)
		}
		return s, d.errf(n, key, "%v", param.Unknown(name))
	}
	return s, nil
}

func (d *decoder) stringList(n *yaml.Node, key string) ([]string, error) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil, d.errf(n, key, "want a list of strings, got %s", describe(n))
	}
	out := []string{}
	for k, c := range n.Content {
		s, err := d.str(deref(c), index(key, k))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// distinctList is stringList for a list of states: a name given twice is
// refused, as every other list of the config refuses it (a repeat changes
// nothing but the config's hash).
func (d *decoder) distinctList(n *yaml.Node, key string) ([]string, error) {
	ss, err := d.stringList(n, key)
	if err != nil {
		return nil, err
	}
	for k, s := range ss {
		if first := slices.Index(ss, s); first < k {
			return nil, d.errf(deref(deref(n).Content[k]), index(key, k), "duplicate state %q (also %s)", s, index(key, first))
		}
	}
	return ss, nil
}

// subset reads a non-empty list of distinct names from allowed and returns
// them in allowed's (canonical) order.
func (d *decoder) subset(n *yaml.Node, key string, allowed []string) ([]string, error) {
	if l := deref(n); l.Kind == yaml.SequenceNode {
		for k, c := range l.Content {
			if _, err := d.str(deref(c), index(key, k)); err != nil {
				return nil, d.notOneOf(c, index(key, k), "value", allowed, err)
			}
		}
	}
	ss, err := d.stringList(n, key)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, d.errf(n, key, "must not be empty (allowed: %s)", strings.Join(allowed, ", "))
	}
	seen := map[string]bool{}
	for k, s := range ss {
		if !slices.Contains(allowed, s) {
			return nil, d.errf(deref(n).Content[k], index(key, k), "unknown value %q (allowed: %s)", s, strings.Join(allowed, ", "))
		}
		if seen[s] {
			return nil, d.errf(deref(n).Content[k], index(key, k), "%q is listed twice", s)
		}
		seen[s] = true
	}
	var out []string
	for _, a := range allowed {
		if seen[a] {
			out = append(out, a)
		}
	}
	return out, nil
}

// paramHint says where a key of a config's mapping at path belongs when
// it names a model parameter, written as the key itself ("us.reliability:
// 0.7" at the top, "sweep: {us.reliability: [...]}") or as the path's
// parameter ("population: {size: 20}" for population.size); "" when it
// names none, or in an analysis file, which sets no parameter. Such a key
// was refused as unknown with no word of params (a review, stop 50).
func (d *decoder) paramHint(path, name string) string {
	if !d.config {
		return ""
	}
	full := join(path, name)
	if _, ok := param.Lookup(full); !ok {
		if _, ok := param.Lookup(name); !ok {
			return ""
		}
		full = name
	}
	switch path {
	case "sweep":
		return fmt.Sprintf("; %s is a parameter: sweep it under sweep.parameters", full)
	case "calibration":
		return fmt.Sprintf("; %s is a parameter: search it under calibration.parameters", full)
	}
	return fmt.Sprintf("; %s is a parameter: fix it under params, or sweep it under sweep.parameters", full)
}

// rosterHint follows err, the failure to read the roster file name, in
// population.roster's error: for a file this user may not read, the
// advice on access (noAccess), where the list of built-in rosters led
// away from the file that is there (a hostile review, stop 55); else the
// built-in rosters, and where no file is at name, rosterNameHint.
func rosterHint(name string, err error, readFile func(string) ([]byte, error)) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if dir, advice, ok := accessAdvice(err, pe.Path); ok {
			// A file there, that this user may not read: not a misspelt
			// name (a hostile review, stop 55).
			if dir != "" {
				return fmt.Sprintf(" (folder %s cannot be searched (x); %s)", agents.ShowName(dir), advice)
			}
			return " (" + advice + ")"
		}
	}
	builtin := fmt.Sprintf(" (built-in rosters: %s, or %s)", strings.Join(agents.BuiltinRosters(), ", "), Synthetic)
	if !errors.Is(err, fs.ErrNotExist) {
		return builtin
	}
	return builtin + rosterNameHint(name, readFile)
}

// rosterNameHint names the built-in roster that name, a path no file is
// at, differs from only by case or by space at an end ("Indo-Pacific",
// "indo-pacific "), which was refused as a missing file with no word of
// the name meant (a review, stop 50), or says that a leading ~ is not
// expanded; a space at an end of a path whose file is there without it,
// an environment variable ($HOME) or a URL, each refused with "no such
// file" alone (a hostile review, stop 53), are named too. readFile reads
// a path as the config's roster is read. "" otherwise; rosterHint calls
// it only where no file is at name: a path that is there (a folder named
// r$x.csv) was found as written, and was told that the config does not
// expand $x (a review, stop 53).
func rosterNameHint(name string, readFile func(string) ([]byte, error)) string {
	if strings.HasPrefix(name, "~") {
		// A shell's ~ is text here (a review, stop 50).
		return "; a config does not expand ~ to a home folder: write the path in full, or relative to the config"
	}
	for _, b := range append(agents.BuiltinRosters(), Synthetic) {
		if b != name && strings.EqualFold(strings.TrimSpace(name), b) {
			return fmt.Sprintf("; %q is not a built-in name: did you mean %q? (names are case-sensitive and take no space at either end)", name, b)
		}
	}
	if t := strings.TrimSpace(name); t != name && t != "" {
		if _, err := readFile(t); err == nil {
			return fmt.Sprintf("; %q has a space at an end, and the file %s is there: a path takes no space at either end", name, agents.ShowName(t))
		}
	}
	if v := envVar.FindString(name); v != "" {
		return fmt.Sprintf("; a config does not expand environment variables (%s): write the path in full, or relative to the config", v)
	}
	if strings.Contains(name, "://") {
		return "; a roster is a file on this machine, not a URL: download it and give its path"
	}
	return ""
}

// envVar matches a shell's $NAME or ${NAME} in a path.
var envVar = regexp.MustCompile(`\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)`)

// meant is "; did you mean X?" for the one of allowed that name misspells
// (param.NearestOf: another case, - for _, a letter or two), or "". A
// preset, architecture or outcome written "Treaty" or "hub-and-spokes"
// was refused with the list alone (a review, stop 50).
func meant(name string, allowed []string) string {
	if s := param.NearestOf(strings.ReplaceAll(name, "-", "_"), allowed); s != "" && s != name {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
