package param

// Values holds one value for every registered parameter, indexed by ID.
// The zero Values is not usable; start from Defaults.
type Values struct {
	v   []float64
	set []bool // explicitly set (for Inherits)
}

// Defaults returns a Values holding every default.
func Defaults() Values {
	v := Values{v: make([]float64, len(registry)), set: make([]bool, len(registry))}
	for k, p := range registry {
		v.v[k] = p.Default
	}
	return v
}

// Clone returns an independent copy.
func (v Values) Clone() Values {
	return Values{v: append([]float64(nil), v.v...), set: append([]bool(nil), v.set...)}
}

// Set checks x against the registry and stores it.
func (v Values) Set(name string, x float64) error {
	k, ok := index[name]
	if !ok {
		return Unknown(name)
	}
	if err := registry[k].Check(x); err != nil {
		return err
	}
	v.v[k] = x
	v.set[k] = true
	return nil
}

// Get returns the value of name, following Inherits when name was not set
// explicitly. It panics on an unregistered name: that is a programmer error.
func (v Values) Get(name string) float64 {
	k, ok := index[name]
	if !ok {
		panic("param: Get of unregistered parameter " + name)
	}
	if !v.set[k] && registry[k].Inherits != "" {
		return v.Get(registry[k].Inherits)
	}
	return v.v[k]
}

// Int returns Get(name) as an int.
func (v Values) Int(name string) int { return int(v.Get(name)) }

// Bool returns Get(name) as a bool.
func (v Values) Bool(name string) bool { return v.Get(name) != 0 }

// IsSet reports whether name was set explicitly.
func (v Values) IsSet(name string) bool {
	k, ok := index[name]
	return ok && v.set[k]
}
