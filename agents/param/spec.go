package param

import (
	"fmt"
	"math"
)

// Kind is the value type of a parameter.
type Kind uint8

const (
	Float Kind = iota // a real number
	Int               // a whole number
	Bool              // 0 (false) or 1 (true)
)

func (k Kind) String() string {
	switch k {
	case Int:
		return "int"
	case Bool:
		return "bool"
	default:
		return "float"
	}
}

// Spec describes one registered parameter.
type Spec struct {
	Name        string  // dotted name, e.g. "us.reliability"
	Symbol      string  // symbol in the model document, if any
	Kind        Kind    // value type
	Default     float64 // default value (booleans: 0 or 1)
	Min, Max    float64 // range validation allows (inclusive)
	Lo, Hi      float64 // plausible range a sweep should explore
	Unit        string  // unit, or "" for a dimensionless quantity
	Description string  // one-line meaning
	Source      string  // where the default comes from
	// Inherits names the parameter whose value this one takes when it is not
	// set explicitly (a cell's obligation inherits mechanisms.cell.obligation).
	Inherits string
}

// Check reports whether x is an allowed value of the parameter, with an error
// that names the parameter and the allowed range.
func (s Spec) Check(x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s: %v is not a finite number (allowed %s)", s.Name, x, s.Allowed())
	}
	switch s.Kind {
	case Bool:
		if x != 0 && x != 1 {
			return fmt.Errorf("%s: %v is not a boolean (allowed true or false)", s.Name, x)
		}
		return nil
	case Int:
		if x != math.Trunc(x) {
			// Worded as the config's other integers are (replicates, seed,
			// steps): "periods: 4.5 is not a whole number" said it in other
			// words (a review).
			return fmt.Errorf("%s: want an integer (allowed %s), got %v", s.Name, s.Allowed(), x)
		}
	}
	if x < s.Min || x > s.Max {
		v := fmt.Sprint(x)
		if s.Kind == Int && math.Abs(x) < 1e21 {
			v = fmt.Sprintf("%.0f", x) // as written: 1000000000, not 1e+09
		}
		return fmt.Errorf("%s: %s is out of range (allowed %s)", s.Name, v, s.Allowed())
	}
	return nil
}

// Allowed renders the allowed range for messages and documentation.
func (s Spec) Allowed() string {
	switch s.Kind {
	case Bool:
		return "true or false"
	case Int:
		return fmt.Sprintf("integers %g..%g", s.Min, s.Max)
	}
	return fmt.Sprintf("[%g, %g]", s.Min, s.Max)
}

// Plausible renders the plausible range.
func (s Spec) Plausible() string {
	if s.Kind == Bool {
		return "true or false"
	}
	return fmt.Sprintf("%g..%g", s.Lo, s.Hi)
}
