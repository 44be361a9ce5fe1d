package agents

import "math"

// Log is the natural logarithm of x, within 0.7 units in the last place
// (TestLogAccuracy measures 0.58; math.Log 0.77), the same on every amd64
// CPU.
//
// The engine takes a few hundred logarithms per architecture-run, most in
// Box–Muller's normal draws and in the logistic draws of A's decisions
// (docs/model.md secs. 6.3, 7, 11), where math.Log, a long serial chain,
// was a tenth of a crisis. This one takes about as many instructions (71
// against 67) in a shorter chain (docs/model.md sec. 22.1). It is
// table-driven (Tang, "Table-driven implementation of the logarithm
// function in IEEE floating-point arithmetic", ACM TOMS 16(4), 1990):
// x = 2^k·m with m in [1, 2), F the
// nearest multiple of 1/128 to m (1 ≤ F ≤ 2), and
//
//	ln x = k·ln2 + ln F + ln(1 + r),  r = (m − F)/F,  |r| ≤ 2^-8.
//
// m − F is exact (Sterbenz) and r is rounded once. ln F comes from a table
// in two parts: a high part on the grid of 2^-32, so that k·ln2hi + ln F's
// high part is exact (ln2hi is math's Ln2Hi, also on that grid, and |k| <
// 2^11), and the rest. ln(1 + r) is its Taylor polynomial of degree 7,
// whose first omitted term, r^8/8, is below 2^-67. The polynomial is added
// to the table's high part without rounding (Fast2Sum), so the result is
// rounded once more than r. Within 2^-7 of 1, where ln x can be smaller
// than r (x lies between 1 and the grid point next to it) and r's rounding
// would count double, the series in f = x − 1 is used instead: f is exact
// there (Sterbenz), and the series of degree 8 leaves f^9/9 < 2^-59·|f|.
// The table's last entry (F = 2) is ln 2 split as Ln2Hi + Ln2Lo
// themselves, so that with k = −1 the two cancel exactly. A subnormal x is
// scaled by 2^54 first; zero, negative, infinite and NaN arguments get
// math.Log's answers.
func Log(x float64) float64 {
	b := math.Float64bits(x)
	var sub float64 // −54 for a subnormal x, scaled by 2^54 first
	if b-0x0010000000000000 >= 0x7fe0000000000000 {
		// Not positive, normal and finite: math.Log's answers, without a
		// call, so that Log needs no stack frame.
		switch {
		case x > 0 && x < 0x1p-1022:
			x *= 0x1p54
			b, sub = math.Float64bits(x), -54
		case x == 0:
			return math.Inf(-1)
		case x > 0 || x != x:
			return x // +Inf, NaN
		default:
			return math.NaN()
		}
	}
	if b-logNear1 < logNear1Span { // 1 − 2^-7 ≤ x < 1 + 2^-7
		f := x - 1
		f2 := f * f
		return f + f2*(-0.5+f*(1.0/3+f*(-0.25+f*(0.2+f*(-1.0/6+f*(1.0/7+f*-0.125))))))
	}
	// m is x/2^k in [1, 2); j = round(128·(m − 1)), computed on the
	// fraction's bits, and F = 1 + j/128, whose bits are j's shifted into
	// place (j = 128 carries into the exponent: F = 2).
	const frac = 1<<52 - 1
	j := (b&frac + 1<<44) >> 45
	m := math.Float64frombits(b&frac | 1023<<52)
	F := math.Float64frombits(j<<45 + 1023<<52)
	r := (m - F) / F
	t := &logTable[j]
	kf := float64(int64(b>>52)-1023) + sub
	r2 := r * r
	p := r + r2*(-0.5+r*(1.0/3+r*(-0.25+r*(0.2+r*(-1.0/6+r*(1.0/7))))))
	// hi = ln(2^k·F)'s high part, exact; |hi| ≥ |p| unless hi = 0 (the
	// grid point nearest 1 but 1 is 2^-8 from it, farther than |m − F|),
	// so s + e = hi + p exactly (Fast2Sum, Dekker 1971) and the small terms
	// are added to the error before the one final rounding.
	hi := kf*logLn2Hi + t[0]
	s := hi + p
	e := (hi - s) + p
	return s + ((kf*logLn2Lo + t[1]) + e)
}

// The bits of 1 − 2^-7 and the span of those up to 1 + 2^-7, where Log
// takes the series in x − 1.
const (
	logNear1     = 0x3fefc00000000000
	logNear1Span = 0x3ff0200000000000 - logNear1
)

// ln2 in two parts (math's Ln2Hi and Ln2Lo): the high part has 32
// significant bits, so k·logLn2Hi is exact for |k| < 2^21.
const (
	logLn2Hi = 6.93147180369123816490e-01
	logLn2Lo = 1.90821492927058770002e-10
)

// logTable[j] is ln(1 + j/128) as a high part on the grid of 2^-32 and the
// rest (within 2^-86), generated from a 200-bit reference; TestLogTable
// checks every entry against it. The last is ln 2 split as Ln2Hi + Ln2Lo.
var logTable = [129][2]float64{
	{0, 0},                                     // ln(1 + 0/128)
	{0x1.fe02a7p-08, -0x1.3be61dc0f225cp-34},   // ln(1 + 1/128)
	{0x1.fc0a8bp-07, 0x1.f807c79f3db4fp-36},    // ln(1 + 2/128)
	{0x1.7b91b08p-06, -0x1.52772ab6c055ap-37},  // ln(1 + 3/128)
	{0x1.f829b1p-06, -0x1.87ccffb30703fp-34},   // ln(1 + 4/128)
	{0x1.39e87bap-05, -0x1.42a056fea4dfdp-41},  // ln(1 + 5/128)
	{0x1.77458f6p-05, 0x1.96e7e231a7951p-36},   // ln(1 + 6/128)
	{0x1.b42dd72p-05, -0x1.cd1c827ae5d67p-34},  // ln(1 + 7/128)
	{0x1.f0a30cp-05, 0x1.162a6617cc971p-37},    // ln(1 + 8/128)
	{0x1.16536efp-04, -0x1.72147c5e768fap-34},  // ln(1 + 9/128)
	{0x1.341d796p-04, 0x1.bd1d092998376p-36},   // ln(1 + 10/128)
	{0x1.51b073fp-04, 0x1.860fda49e39a2p-38},   // ln(1 + 11/128)
	{0x1.6f0d28bp-04, -0x1.a94b4641b6646p-36},  // ln(1 + 12/128)
	{0x1.8c345d6p-04, 0x1.8cd907ad65a15p-35},   // ln(1 + 13/128)
	{0x1.a926d3ap-04, 0x1.2b558d942f48bp-34},   // ln(1 + 14/128)
	{0x1.c5e548fp-04, 0x1.6f1d0c57585fcp-34},   // ln(1 + 15/128)
	{0x1.e27076ep-04, 0x1.57972f4f544p-35},     // ln(1 + 16/128)
	{0x1.fec9132p-04, -0x1.20aa2aae8d733p-35},  // ln(1 + 17/128)
	{0x1.0d77e7dp-03, -0x1.7b8d34cb44743p-34},  // ln(1 + 18/128)
	{0x1.1b72ad5p-03, 0x1.7b3d014830234p-34},   // ln(1 + 19/128)
	{0x1.29552f8p-03, 0x1.ff5234c05dc71p-35},   // ln(1 + 20/128)
	{0x1.371fc2p-03, 0x1.e8f743bcd96c5p-35},    // ln(1 + 21/128)
	{0x1.44d2b6dp-03, -0x1.a4170cc161358p-34},  // ln(1 + 22/128)
	{0x1.526e5e38p-03, 0x1.0da1bd17200ebp-34},  // ln(1 + 23/128)
	{0x1.5ff30708p-03, 0x1.3c9e9e439f105p-34},  // ln(1 + 24/128)
	{0x1.6d60fe7p-03, 0x1.9d21c8d54765cp-35},   // ln(1 + 25/128)
	{0x1.7ab8902p-03, 0x1.0d9091be36b2dp-35},   // ln(1 + 26/128)
	{0x1.87fa065p-03, 0x1.0648848100481p-34},   // ln(1 + 27/128)
	{0x1.9525a9dp-03, -0x1.75297137d9f16p-36},  // ln(1 + 28/128)
	{0x1.a23bc2p-03, -0x1.d4a9ce6c8ee5p-35},    // ln(1 + 29/128)
	{0x1.af3c94e8p-03, 0x1.7fe5b19cc0327p-40},  // ln(1 + 30/128)
	{0x1.bc28674p-03, 0x1.6c66b14fce745p-34},   // ln(1 + 31/128)
	{0x1.c8ff7c78p-03, 0x1.a9a21ac25d81fp-35},  // ln(1 + 32/128)
	{0x1.d5c216b8p-03, -0x1.822375237794dp-34}, // ln(1 + 33/128)
	{0x1.e27076ep-03, 0x1.57972f4f544p-34},     // ln(1 + 34/128)
	{0x1.ef0adccp-03, -0x1.1d364d6f390d6p-34},  // ln(1 + 35/128)
	{0x1.fb9186d8p-03, -0x1.0e0eab9555ccap-34}, // ln(1 + 36/128)
	{0x1.0402594cp-02, -0x1.65f7e4a3b085fp-35}, // ln(1 + 37/128)
	{0x1.0a324e28p-02, -0x1.8de39411810cp-35},  // ln(1 + 38/128)
	{0x1.1058bf9cp-02, -0x1.1b52ae7605f55p-34}, // ln(1 + 39/128)
	{0x1.1675cabcp-02, -0x1.459f1fc63382bp-34}, // ln(1 + 40/128)
	{0x1.1c898c18p-02, -0x1.666050439718bp-34}, // ln(1 + 41/128)
	{0x1.22941fbcp-02, 0x1.ef2cb44850a7bp-35},  // ln(1 + 42/128)
	{0x1.2895a13cp-02, 0x1.e86a35eb49305p-34},  // ln(1 + 43/128)
	{0x1.2e8e2bbp-02, -0x1.ee2cf63d336e5p-34},  // ln(1 + 44/128)
	{0x1.347dd9a8p-02, 0x1.87d54d645675p-34},   // ln(1 + 45/128)
	{0x1.3a64c558p-02, -0x1.6ba1638d0ca33p-34}, // ln(1 + 46/128)
	{0x1.40430868p-02, 0x1.a9f8ef43049f8p-36},  // ln(1 + 47/128)
	{0x1.4618bc2p-02, 0x1.c5ec27d0b7b38p-34},   // ln(1 + 48/128)
	{0x1.4be5f958p-02, -0x1.10ebe4966cd6cp-35}, // ln(1 + 49/128)
	{0x1.51aad874p-02, -0x1.207d2f636c29fp-34}, // ln(1 + 50/128)
	{0x1.57677174p-02, 0x1.569b1526adb28p-36},  // ln(1 + 51/128)
	{0x1.5d1bdbf4p-02, 0x1.809ca508d8e0fp-34},  // ln(1 + 52/128)
	{0x1.62c82f2cp-02, -0x1.8e1ab42428375p-36}, // ln(1 + 53/128)
	{0x1.686c81e8p-02, 0x1.b14aec442be1p-34},   // ln(1 + 54/128)
	{0x1.6e08eaa4p-02, -0x1.45e1c73ec6ce7p-34}, // ln(1 + 55/128)
	{0x1.739d7f6cp-02, -0x1.0bfe58c76cebp-36},  // ln(1 + 56/128)
	{0x1.792a55fcp-02, 0x1.d47a27c15da48p-34},  // ln(1 + 57/128)
	{0x1.7eaf83b8p-02, 0x1.57e1b259d2f3ep-37},  // ln(1 + 58/128)
	{0x1.842d1dap-02, 0x1.e8b17493b1466p-34},   // ln(1 + 59/128)
	{0x1.89a3386cp-02, 0x1.425ab5a718811p-38},  // ln(1 + 60/128)
	{0x1.8f11e874p-02, -0x1.33a7103d12c55p-35}, // ln(1 + 61/128)
	{0x1.947941c4p-02, -0x1.ee90545b322ecp-34}, // ln(1 + 62/128)
	{0x1.99d9581p-02, 0x1.7e08acba92eecp-34},   // ln(1 + 63/128)
	{0x1.9f323eccp-02, -0x1.9ed03525ca264p-40}, // ln(1 + 64/128)
	{0x1.a484091p-02, -0x1.a44f5d4035949p-34},  // ln(1 + 65/128)
	{0x1.a9cec9a8p-02, 0x1.a08498d484ff5p-34},  // ln(1 + 66/128)
	{0x1.af129324p-02, 0x1.de1ac44ce1128p-36},  // ln(1 + 67/128)
	{0x1.b44f77bcp-02, 0x1.91ec5197ddb56p-35},  // ln(1 + 68/128)
	{0x1.b9858968p-02, 0x1.310fb598fb15p-34},   // ln(1 + 69/128)
	{0x1.beb4d9dcp-02, -0x1.8e4840879e2c8p-34}, // ln(1 + 70/128)
	{0x1.c3dd7a7cp-02, 0x1.b5a9ae7678297p-35},  // ln(1 + 71/128)
	{0x1.c8ff7c78p-02, 0x1.a9a21ac25d81fp-34},  // ln(1 + 72/128)
	{0x1.ce1af0b8p-02, 0x1.7cfadedf4af2bp-36},  // ln(1 + 73/128)
	{0x1.d32fe7ep-02, 0x1.d7aac3bd9197dp-39},   // ln(1 + 74/128)
	{0x1.d83e7258p-02, 0x1.45e7ca0a2b746p-35},  // ln(1 + 75/128)
	{0x1.dd46a04cp-02, 0x1.c4a0bee626a4ap-38},  // ln(1 + 76/128)
	{0x1.e24881a8p-02, -0x1.c9ecf1a1385d3p-37}, // ln(1 + 77/128)
	{0x1.e744261cp-02, 0x1.68787e37da36fp-34},  // ln(1 + 78/128)
	{0x1.ec399d24p-02, 0x1.a33005d73b95p-36},   // ln(1 + 79/128)
	{0x1.f128f5fcp-02, -0x1.0f9134ca37c4fp-34}, // ln(1 + 80/128)
	{0x1.f6123fa8p-02, -0x1.faea73d752787p-35}, // ln(1 + 81/128)
	{0x1.faf588f8p-02, -0x1.c33849941306cp-36}, // ln(1 + 82/128)
	{0x1.ffd2e084p-02, 0x1.7f4985597d036p-34},  // ln(1 + 83/128)
	{0x1.02552a5ap-01, 0x1.743fb1a71a576p-35},  // ln(1 + 84/128)
	{0x1.04bdf9dap-01, 0x1.24da4cbf98201p-34},  // ln(1 + 85/128)
	{0x1.0723e5c2p-01, -0x1.905fd8d434e3bp-36}, // ln(1 + 86/128)
	{0x1.0986f4f6p-01, -0x1.195be8dc04ad6p-34}, // ln(1 + 87/128)
	{0x1.0be72e42p-01, 0x1.4aa0ada625eedp-35},  // ln(1 + 88/128)
	{0x1.0e44985ep-01, -0x1.c66e8122a3443p-34}, // ln(1 + 89/128)
	{0x1.109f39e2p-01, 0x1.a992dfbc7d936p-34},  // ln(1 + 90/128)
	{0x1.12f7195ap-01, -0x1.8208759fdb9ccp-34}, // ln(1 + 91/128)
	{0x1.154c3d3p-01, -0x1.6542cace198b9p-34},  // ln(1 + 92/128)
	{0x1.179eabbep-01, -0x1.d997d00e7c641p-35}, // ln(1 + 93/128)
	{0x1.19ee6b46p-01, 0x1.f25bb3172f75ep-35},  // ln(1 + 94/128)
	{0x1.1c3b81f8p-01, -0x1.d87b686d60e26p-34}, // ln(1 + 95/128)
	{0x1.1e85f5e8p-01, -0x1.f7e5f84274cb4p-34}, // ln(1 + 96/128)
	{0x1.20cdcd1ap-01, -0x1.aa924d95f85e1p-34}, // ln(1 + 97/128)
	{0x1.23130d7cp-01, -0x1.40bd7d21c978ep-37}, // ln(1 + 98/128)
	{0x1.2555bceap-01, -0x1.c20d30fef1495p-35}, // ln(1 + 99/128)
	{0x1.2795e128p-01, 0x1.36235d6f07e7bp-34},  // ln(1 + 100/128)
	{0x1.29d37fecp-01, 0x1.5845642e6b65dp-36},  // ln(1 + 101/128)
	{0x1.2c0e9ed4p-01, 0x1.23a2ee5ea70c7p-35},  // ln(1 + 102/128)
	{0x1.2e47436ep-01, 0x1.009a10150861ap-35},  // ln(1 + 103/128)
	{0x1.307d7334p-01, 0x1.e217c3f6b2144p-34},  // ln(1 + 104/128)
	{0x1.32b13392p-01, -0x1.bc51d9bf55293p-34}, // ln(1 + 105/128)
	{0x1.34e289dap-01, -0x1.8f16748a3693cp-36}, // ln(1 + 106/128)
	{0x1.37117b54p-01, 0x1.d1ed717740921p-35},  // ln(1 + 107/128)
	{0x1.393e0d36p-01, -0x1.3abccac777b4p-34},  // ln(1 + 108/128)
	{0x1.3b6844ap-01, -0x1.eea838909f3d3p-44},  // ln(1 + 109/128)
	{0x1.3d9026a8p-01, -0x1.d520ab7f7b386p-34}, // ln(1 + 110/128)
	{0x1.3fb5b84ep-01, -0x1.d217b4962c55fp-34}, // ln(1 + 111/128)
	{0x1.41d8fe84p-01, 0x1.9cab99192f30cp-35},  // ln(1 + 112/128)
	{0x1.43f9fe3p-01, -0x1.8c66216361192p-35},  // ln(1 + 113/128)
	{0x1.4618bc22p-01, -0x1.d09ec17a42642p-36}, // ln(1 + 114/128)
	{0x1.48353d1ep-01, 0x1.511bee7abd176p-34},  // ln(1 + 115/128)
	{0x1.4a4f85dcp-01, -0x1.f8289fbb08171p-34}, // ln(1 + 116/128)
	{0x1.4c679afcp-01, 0x1.9dc7362d1d9bap-34},  // ln(1 + 117/128)
	{0x1.4e7d811cp-01, -0x1.1489ec69ecf53p-34}, // ln(1 + 118/128)
	{0x1.50913ccp-01, 0x1.686b4bcb3a5b1p-37},   // ln(1 + 119/128)
	{0x1.52a2d266p-01, -0x1.0e9544620dd44p-35}, // ln(1 + 120/128)
	{0x1.54b2467ap-01, -0x1.9ada15baaf5d3p-35}, // ln(1 + 121/128)
	{0x1.56bf9d5cp-01, -0x1.818cd7dc73bd2p-34}, // ln(1 + 122/128)
	{0x1.58cadb5cp-01, 0x1.af3126125e4bbp-34},  // ln(1 + 123/128)
	{0x1.5ad404c4p-01, -0x1.4c1a609acaab4p-34}, // ln(1 + 124/128)
	{0x1.5cdb1dc6p-01, 0x1.82ec919edc78cp-34},  // ln(1 + 125/128)
	{0x1.5ee02a92p-01, 0x1.059d5c358257fp-35},  // ln(1 + 126/128)
	{0x1.60e32f44p-01, 0x1.e236329f22568p-35},  // ln(1 + 127/128)
	{0x1.62e42feep-01, 0x1.a39ef35793c76p-33},  // ln(1 + 128/128)
}
