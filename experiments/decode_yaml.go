package experiments

// The YAML document's bytes: the reader's errors, given the line they lack,
// aliases, and the bound on what the parser would build.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
)

// noteAliases fills anchorOf and aliasLines from the tree under n.
func (d *decoder) noteAliases(root *yaml.Node) {
	var walk func(n *yaml.Node, depth int, visit func(*yaml.Node))
	walk = func(n *yaml.Node, depth int, visit func(*yaml.Node)) {
		if n == nil || depth > 64 {
			return
		}
		visit(n)
		if n.Kind == yaml.AliasNode {
			return // its target is walked where it is written
		}
		for _, c := range n.Content {
			walk(c, depth+1, visit)
		}
	}
	walk(root, 0, func(n *yaml.Node) {
		if n.Kind != yaml.AliasNode || n.Alias == nil {
			return
		}
		if d.aliasLines == nil {
			d.anchorOf, d.aliasLines = map[*yaml.Node]*yaml.Node{}, map[*yaml.Node][]int{}
		}
		a := n.Alias
		if _, seen := d.aliasLines[a]; !seen {
			walk(a, 0, func(c *yaml.Node) {
				if _, inner := d.anchorOf[c]; !inner {
					d.anchorOf[c] = a
				}
			})
		}
		d.aliasLines[a] = append(d.aliasLines[a], n.Line)
	})
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlError turns a parser error into a ConfigError, keeping its line.
func (d *decoder) yamlError(err error, data []byte) *ConfigError {
	if agents.WideEncoding(data) == "" {
		data = fromUTF16(data)
	}
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = msg[len(m[0]):]
	}
	if line == 0 && !parserProblems[msg] && !unknownAnchor.MatchString(msg) && !readerError(msg) && !strings.Contains(msg, "incompatible YAML document") {
		// The scanner's errors leave out the line when it is the first
		// (the library prints a line only when its 0-based count is not
		// 0): "\tname: q" or "name: a: b" on line 1 named no line at all
		// (a hostile review, stop 49).
		line = 1
	}
	// The reader's errors carry no position: find the byte it refused. The
	// parser's count lines from 0 (the scanner's from 1), and leave out
	// line 0: name the directive's for a directive, else add the 1 they
	// lack. Where the construct began on the first line the library gives
	// the problem's line instead, which at the end of the file is one past
	// the last. An unknown alias carries none: name the first line using it.
	switch {
	case parserProblems[msg]:
		line = min(line+1, max(1, lineCount(data)))
		if p := problemLine(data, msg, line); blockProblems[msg] && p > 0 {
			line = p
		}
		if l, what := lookalike(data, line); l > 0 {
			line, msg = l, msg+" ("+what+")"
		}
	case line == 0 && unknownAnchor.MatchString(msg):
		line = aliasLine(data, unknownAnchor.FindStringSubmatch(msg)[1])
	case line == 0 && readerError(msg):
		if wide := agents.WideEncoding(data); wide != "" {
			msg += " (the file is " + wide + ": a config is UTF-8, or UTF-16 with a byte-order mark; save it as UTF-8)"
		} else if l, what := badByte(data); l > 0 {
			line, msg = l, msg+" ("+what+"; a config is UTF-8 text without control characters other than tab and line breaks)"
		}
	case msg == "found character that cannot start any token" && reservedStart(data, line):
		msg += " (@ and ` are reserved in YAML and cannot begin a plain value: quote it)"
	case msg == "found character that cannot start any token" && tabIndented(data, line):
		msg += " (a tab indents this line: YAML indents with spaces only)"
	case strings.Contains(msg, "tab character") && (tabIndented(data, line) || tabIndented(data, line+1)):
		// The library names the line before the tab's when the tab
		// follows a line of less indentation.
		if !tabIndented(data, line) {
			line++
		}
		msg += " (a tab indents this line: YAML indents with spaces only)"
	case (msg == "could not find expected ':'" || msg == "mapping values are not allowed in this context") && longKey(data, line):
		// Nested, or quoted, the library says the second (a review,
		// stop 51).
		msg += " (the key on this line is over 1,024 characters, the most YAML reads as a key)"
	case strings.Contains(msg, "incompatible YAML document"):
		if l := directiveLine(data); l > 0 {
			line = l
		}
		msg += " (a %YAML directive other than 1.1 is not read: drop the directive)"
	default:
		if l, what := lookalike(data, line); l > 0 {
			line, msg = l, msg+" ("+what+")"
		}
	}
	return &ConfigError{File: d.file, Line: line, Msg: "invalid YAML: " + msg}
}

// fromUTF16 is data as UTF-8 when it is UTF-16 with a byte-order mark,
// which the YAML reader converts itself, so that the line and the byte an
// error names are found in it as in a UTF-8 file (a review, stop 51: an
// unknown alias or a control character in such a file was named at no
// line, a %YAML directive a line early); data otherwise.
func fromUTF16(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return data
	}
	u := make([]uint16, (len(data)-2)/2)
	for i := range u {
		u[i] = order.Uint16(data[2+2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

// lookalike finds, on the 1-based line of data or the one before it (the
// parser may stop a line after the cause), a character that looks like
// YAML's space or colon and is not one, where YAML wants its own: a
// no-break or other Unicode space in the indentation or after a colon (a
// word processor's "name:\u00a0x"), or a fullwidth colon before any
// colon of the line. It returns its line and what to do, or 0 when there
// is none. A hostile review: "could not find expected ':'" named
// neither. Inside a value ("name: Ratner\u00a0pact", "note: 東京：大阪")
// such a character is text YAML reads, and the error lies elsewhere.
func lookalike(data []byte, line int) (int, string) {
	for _, l := range []int{line, line - 1} {
		text, ok := lineOf(data, l)
		if !ok {
			continue
		}
		lead, colon, prev := true, false, rune(0)
		for _, r := range unquoted(text) {
			space := r != ' ' && r != '\t' && r != '\r' && (unicode.IsSpace(r) || unicode.Is(unicode.Zs, r))
			switch {
			case (r == '\uff1a' || r == '\ufe55') && !colon:
				return l, fmt.Sprintf("this line holds %U, a colon YAML does not read as ':': type an ordinary colon", r)
			case space && (lead || prev == ':'):
				return l, fmt.Sprintf("this line holds %U, a space YAML does not read as one, to separate or indent: type an ordinary space", r)
			case lead && unicode.Is(unicode.Cf, r):
				// A byte-order mark left mid-file by joining two files
				// ("cat base.yaml extra.yaml"), or a zero-width space:
				// YAML reads it as text, and a line of it alone, or before
				// a comment, as a key without its ':' (a hostile review,
				// stop 49).
				return l, fmt.Sprintf("this line begins with %U, an invisible character (a byte-order mark or zero-width character, often left by joining files): delete it", r)
			}
			colon = colon || r == ':'
			lead = lead && (space || r == ' ' || r == '\t' || r == '-')
			prev = r
		}
	}
	return 0, ""
}

// tabIndented reports whether the 1-based line of data has a tab in its
// indentation.
func tabIndented(data []byte, line int) bool {
	l, ok := lineOf(data, line)
	return ok && strings.ContainsRune(l[:len(l)-len(strings.TrimLeft(l, " \t"))], '\t')
}

// reservedStart reports whether the 1-based line of data begins, after its
// indentation and any flow or block indicators, with @ or `, which YAML
// reserves.
func reservedStart(data []byte, line int) bool {
	l, ok := lineOf(data, line)
	l = strings.TrimLeft(l, " \t-[{,")
	return ok && (strings.HasPrefix(l, "@") || strings.HasPrefix(l, "`"))
}

// lineOf returns the 1-based line of data (yamlLines).
func lineOf(data []byte, line int) (string, bool) {
	lines := yamlLines(data)
	if line < 1 || line > len(lines) {
		return "", false
	}
	return lines[line-1], true
}

// longKey reports whether the 1-based line of data holds a key longer than
// the 1,024 characters YAML's scanner allows a key before its ':'.
func longKey(data []byte, line int) bool {
	l, ok := lineOf(data, line)
	if !ok {
		return false
	}
	l = strings.TrimLeft(l, " -")
	k := strings.Index(l, ":")
	if k < 0 {
		k = len(l)
	}
	return utf8.RuneCountInString(l[:k]) > 1024
}

// yamlBreaks turns each of YAML's line breaks (CR LF, CR, NEL, U+2028,
// U+2029) into LF.
var yamlBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// yamlLines splits data into its lines as YAML counts them, as lineCount
// and badByte do: a file saved with CR (or NEL) line ends is not one line
// (a review, stop 51: an unknown alias was named at line 1, a %YAML
// directive a line early, and the hints on a tab or a no-break space
// were left out).
func yamlLines(data []byte) []string {
	return strings.Split(yamlBreaks.Replace(string(data)), "\n")
}

// lineCount is the number of lines of data as YAML counts them (LF, CR,
// CR LF, NEL, U+2028 and U+2029 each end one; a last line without a break
// counts).
func lineCount(data []byte) int {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	n := strings.Count(s, "\n") + strings.Count(s, "\r") + strings.Count(s, "\u0085") + strings.Count(s, "\u2028") + strings.Count(s, "\u2029")
	if r, _ := utf8.DecodeLastRuneInString(s); s != "" && !strings.ContainsRune("\n\r\u0085\u2028\u2029", r) {
		n++
	}
	return n
}

// parserProblems are the YAML parser's errors (not the scanner's), whose
// line the library reports counted from 0, or not at all for the first.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found undefined tag handle":             true,
}

// blockProblems are the parser's errors inside a block mapping or list,
// which yaml.v3 names at the line where that mapping or list began (its
// context), not at the line of the problem: a list item among a mapping's
// keys at line 11 of params was named at params' first key, line 6 (a
// review, stop 51). So are its errors inside a flow collection ([...],
// {...}) that spans lines: "x: y: z" on a list's third line was named at
// the line of its '[' (a review, stop 53). A prefix of the file that ends
// after an element and its ',' fails otherwise ("did not find expected
// node content"); one that ends after an element without its ',' gives
// the same error, so the line found is at most the problem's, never
// before the collection's.
var blockProblems = map[string]bool{
	"did not find expected key":           true,
	"did not find expected '-' indicator": true,
	"did not find expected ',' or ']'":    true,
	"did not find expected ',' or '}'":    true,
}

// problemLine is the 1-based line of the parser's problem msg, which the
// library named at line from (blockProblems): the least k >= from whose
// first k lines of data give msg too. A shorter prefix ends the block
// before the problem, closing it as the end of the stream does, so it
// parses or fails otherwise; a longer one holds the problem. 0 when the
// data's lines do not give msg.
func problemLine(data []byte, msg string, from int) int {
	if !blockProblems[msg] {
		return 0
	}
	lines := yamlLines(data)
	same := func(k int) bool {
		err := parseYAML([]byte(strings.Join(lines[:k], "\n")))
		if err == nil {
			return false
		}
		m := err.Error()
		return strings.TrimPrefix(m, yamlLine.FindString(m)) == msg
	}
	if from < 1 || from > len(lines) || !same(len(lines)) {
		return 0
	}
	return from + sort.Search(len(lines)-from, func(i int) bool { return same(from + i) })
}

// parseYAML parses data's first two documents, as decode does, and returns
// the parser's error, or nil.
func parseYAML(data []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for range 2 {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	return nil
}

var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

// aliasLine returns the 1-based line of the first alias *name in data (an
// alias ends at white space, a flow indicator or the end), outside a
// comment, or 0.
func aliasLine(data []byte, name string) int {
	for i, l := range yamlLines(data) {
		if strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		if c := strings.Index(l, " #"); c >= 0 {
			l = l[:c]
		}
		for at := 0; ; {
			k := strings.Index(l[at:], "*"+name)
			if k < 0 {
				break
			}
			end := at + k + 1 + len(name)
			if end == len(l) || strings.ContainsRune(" \t,[]{}\r", rune(l[end])) {
				return i + 1
			}
			at = end
		}
	}
	return 0
}

// readerError reports whether msg is one of the YAML reader's errors for
// bytes it refuses, which carry no position.
func readerError(msg string) bool {
	for _, m := range []string{"control characters are not allowed", "UTF-8 octet", "invalid Unicode character", "incomplete UTF-8"} {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

// badByte returns the 1-based line of the first byte in data that YAML's
// reader refuses (an invalid UTF-8 sequence, or a control character other
// than tab and the line breaks), and what it is; 0 when there is none,
// or data is UTF-16. A byte-order mark (U+FEFF) is allowed anywhere, as
// the reader allows it.
func badByte(data []byte) (int, string) {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		return 0, "" // UTF-16, which the reader converts itself
	}
	// Lines are counted as YAML counts them: LF, CR, CR LF, NEL, U+2028
	// and U+2029 each end one.
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, fmt.Sprintf("byte 0x%02x is not UTF-8", data[i])
		case r == '\r' && i+1 < len(data) && data[i+1] == '\n':
		case r == '\n' || r == '\r' || r == 0x85 || r == 0x2028 || r == 0x2029:
			line++
		case r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff:
			return line, fmt.Sprintf("control character %U", r)
		}
		i += size
	}
	return 0, ""
}

// unquoted is a line of YAML without its quoted scalars and its comment,
// roughly: where a lookalike space is text, not syntax.
func unquoted(text string) string {
	var b strings.Builder
	var quote rune
	prev := ' '
	for _, r := range text {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t'):
			return b.String()
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// directiveLine is the 1-based line of data's first %YAML directive, or 0.
func directiveLine(data []byte) int {
	for i, l := range yamlLines(data) {
		if strings.HasPrefix(strings.TrimPrefix(l, "\ufeff"), "%YAML") {
			return i + 1
		}
	}
	return 0
}

// yamlItems bounds from above the number of nodes a YAML parser builds
// for data: every node but the first follows a line break, a flow
// separator (',', '[', '{'), a key's ':' or a block entry's '-'. Counting
// them reads the bytes once; the parser would hold about 250 bytes a node
// (a 16 MiB list of "- 1" lines took 1 GB).
func yamlItems(data []byte) int {
	n := 1
	for _, c := range data {
		switch c {
		case '\n', ',', '[', '{', ':', '-':
			n++
		}
	}
	return n
}
