package engine

// placeholder until the model lands; replaced in the next commit.
type model struct{}
type sim struct{}

func (sc *Scenario) prepare() error { return nil }

func (s *sim) runTask(sc *Scenario, seed uint64, dst []Outcome, rec Recorder) {
	panic("engine: model not implemented yet")
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
