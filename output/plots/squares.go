package plots

import "math"

// squares accumulates the sum of squares Σ w_i²·x_i² of a pooled standard
// error (the points' se_i, weighted by w_i: 1 for the pooled figures, n_i
// for the primary contrasts), each term computed as w·w·x·x.
//
// The sum is kept in units of 2^(2e): e is 0 until a term with
// |w·x| ≥ 2^481 or so arrives (the exponents of w and x summing to more
// than squaresBig), and then the largest such exponent sum so far, so that
// the squares of standard errors near 1e154 do not overflow and turn a
// finite pooled standard error into +Inf (and its interval into ±Inf), as
// the summary's sums do (output's moments). Multiplying by a power of two
// is exact and every step commutes with it, so below that magnitude the
// sum is the plain one, bit for bit, and above it what the plain sum
// would give without overflow.
//
// Until a term with |w·x| of about 2^-480 or more arrives (sized), the
// sum is also kept in units of 2^(2s), s the largest exponent sum so far
// (0 while every term is 0): ssum. Where every term is that small the
// standard error is taken from ssum, so that the squares of standard
// errors below about 1e-154 do not underflow to a standard error of 0 (an
// interval of width 0, read as a detectable difference); everywhere else
// from sum, which is the plain sum, bit for bit, whatever came first.
type squares struct {
	sum float64 // in units of 2^(2e)
	e   int

	sized bool    // a term of |w·x| about 2^-480 or more (or NaN, ±Inf) arrived
	ssum  float64 // while not sized: the sum in units of 2^(2s)
	s     int
}

// squaresBig is the largest exponent sum of w and x taken in the unit 1:
// below it |w·x| < 2^481, a term below 2^962, and 2^60 terms cannot
// overflow. A term whose exponent sum is below -squaresSmall is small:
// |w·x| < 2^-480.
const (
	squaresBig   = 481
	squaresSmall = 480
)

func (s *squares) add(w, x float64) {
	if !s.sized {
		s.addSmall(w, x)
	}
	if !math.IsInf(x, 0) && !math.IsNaN(x) && x != 0 {
		_, ew := math.Frexp(w)
		_, ex := math.Frexp(x)
		if e := ew + ex; e > squaresBig && e > s.e {
			s.sum = math.Ldexp(s.sum, 2*(s.e-e))
			s.e = e
		}
	}
	if s.e != 0 {
		x = math.Ldexp(x, -s.e)
	}
	s.sum += w * w * x * x
}

// addSmall is add's update of ssum, while every term is small.
func (s *squares) addSmall(w, x float64) {
	if x == 0 {
		return // a term of 0
	}
	if math.IsInf(x, 0) || math.IsNaN(x) {
		s.sized = true
		return
	}
	_, ew := math.Frexp(w)
	_, ex := math.Frexp(x)
	e := ew + ex
	if e >= -squaresSmall {
		s.sized = true
		return
	}
	if s.s == 0 || e > s.s { // s = 0: no small term yet (a small one's is below -480)
		s.ssum = math.Ldexp(s.ssum, 2*(s.s-e))
		s.s = e
	}
	x = math.Ldexp(x, -s.s)
	s.ssum += w * w * x * x
}

// rootOver returns sqrt(Σ w_i²·x_i²) / k in the values' unit (+Inf when it
// passes the largest float64).
func (s *squares) rootOver(k float64) float64 {
	if !s.sized && s.s != 0 {
		return math.Ldexp(math.Sqrt(s.ssum)/k, s.s)
	}
	return math.Ldexp(math.Sqrt(s.sum)/k, s.e)
}
