package browsertest

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PDFText extracts the text a PDF shows, in content-stream order, with runs of white space made
// one space. It reads what chromium's printer (Skia) writes: classic cross-reference tables,
// Flate-compressed content streams, and fonts whose glyph codes map to text through ToUnicode
// CMaps; that is enough to check that a printed page carries a figure, and it is not a general
// PDF reader (no object streams, encryption or other filters).
func PDFText(data []byte) (string, error) {
	if _, err := PDFPages(data); err != nil {
		return "", err
	}
	objs, err := pdfObjects(data)
	if err != nil {
		return "", err
	}
	// Fonts: resource name -> ToUnicode map, from every /Font resource dictionary.
	cmaps := map[int]*cmap{}
	cmapOf := func(font int) *cmap {
		o, ok := objs[font]
		if !ok {
			return nil
		}
		m := reToUnicode.FindSubmatch(o.dict)
		if m == nil {
			return nil
		}
		n, _ := strconv.Atoi(string(m[1]))
		if c, ok := cmaps[n]; ok {
			return c
		}
		if u, ok := objs[n]; ok {
			cmaps[n] = parseCMap(u.stream)
		}
		return cmaps[n]
	}
	fonts := map[string]*cmap{}
	addFonts := func(dict []byte) {
		for _, m := range reFontEntry.FindAllSubmatch(dict, -1) {
			n, _ := strconv.Atoi(string(m[2]))
			if c := cmapOf(n); c != nil {
				fonts[string(m[1])] = c
			}
		}
	}
	for _, o := range objs {
		for _, m := range reFontDict.FindAllSubmatch(o.dict, -1) {
			addFonts(m[1])
		}
		for _, m := range reFontRef.FindAllSubmatch(o.dict, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			if r, ok := objs[n]; ok {
				addFonts(r.dict)
			}
		}
	}
	// Content streams: the streams the pages name as /Contents, in page order.
	var out strings.Builder
	for _, num := range pdfContentObjects(objs) {
		showText(&out, objs[num].stream, fonts)
		out.WriteByte('\n')
	}
	return strings.Join(strings.Fields(out.String()), " "), nil
}

var (
	reObj       = regexp.MustCompile(`(\d+)\s+0\s+obj\b`)
	reLength    = regexp.MustCompile(`/Length\s+(\d+)(\s+0\s+R)?`)
	reToUnicode = regexp.MustCompile(`/ToUnicode\s+(\d+)\s+0\s+R`)
	reFontDict  = regexp.MustCompile(`/Font\s*<<([^>]*)>>`)
	reFontRef   = regexp.MustCompile(`/Font\s+(\d+)\s+0\s+R`)
	reFontEntry = regexp.MustCompile(`/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R`)
	reContents  = regexp.MustCompile(`/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)`)
	reRef       = regexp.MustCompile(`(\d+)\s+0\s+R`)
)

type pdfObject struct {
	dict   []byte // the object's text up to its stream, or all of it
	stream []byte // the decoded stream; nil if none
}

// pdfObjects reads every "N 0 obj" of the file, decoding Flate streams.
func pdfObjects(data []byte) (map[int]pdfObject, error) {
	type raw struct {
		num        int
		start, end int // of the object's body
		lenDirect  int
		lenRef     int
		streamFrom int
	}
	var raws []raw
	locs := reObj.FindAllSubmatchIndex(data, -1)
	for i, loc := range locs {
		num, _ := strconv.Atoi(string(data[loc[2]:loc[3]]))
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		r := raw{num: num, start: loc[1], end: end, lenDirect: -1, streamFrom: -1}
		body := data[r.start:end]
		if k := bytes.Index(body, []byte("stream")); k >= 0 && !bytes.HasPrefix(body[max(0, k-3):], []byte("endstream")) {
			if m := reLength.FindSubmatch(body[:k]); m != nil {
				n, _ := strconv.Atoi(string(m[1]))
				if len(m[2]) > 0 {
					r.lenRef = n
				} else {
					r.lenDirect = n
				}
			}
			from := r.start + k + len("stream")
			if from < len(data) && data[from] == '\r' {
				from++
			}
			if from < len(data) && data[from] == '\n' {
				from++
			}
			r.streamFrom = from
		}
		raws = append(raws, r)
	}
	ints := map[int]int{}
	for _, r := range raws {
		if r.streamFrom < 0 {
			if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(data[r.start:r.end])), "endobj"))); err == nil {
				ints[r.num] = n
			}
		}
	}
	objs := map[int]pdfObject{}
	for _, r := range raws {
		if r.streamFrom < 0 {
			objs[r.num] = pdfObject{dict: data[r.start:r.end]}
			continue
		}
		dict := data[r.start:r.streamFrom]
		n := r.lenDirect
		if r.lenRef > 0 {
			n = ints[r.lenRef]
		}
		if n < 0 || r.streamFrom+n > len(data) {
			k := bytes.Index(data[r.streamFrom:], []byte("endstream"))
			if k < 0 {
				return nil, fmt.Errorf("browsertest: PDF object %d: stream without an end", r.num)
			}
			n = k
		}
		s := data[r.streamFrom : r.streamFrom+n]
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(s))
			if err != nil {
				return nil, fmt.Errorf("browsertest: PDF object %d: %w", r.num, err)
			}
			d, err := io.ReadAll(zr)
			if err != nil && len(d) == 0 {
				return nil, fmt.Errorf("browsertest: PDF object %d: %w", r.num, err)
			}
			s = d
		} else if bytes.Contains(dict, []byte("/Filter")) {
			s = nil // an image or another filter: not text
		}
		objs[r.num] = pdfObject{dict: dict, stream: s}
	}
	return objs, nil
}

// pdfContentObjects returns the content streams the pages name, in the order of their objects'
// numbers (chromium numbers pages in order).
func pdfContentObjects(objs map[int]pdfObject) []int {
	var pages []int
	for num, o := range objs {
		if pdfPage.Match(o.dict) {
			pages = append(pages, num)
		}
	}
	sortInts(pages)
	var out []int
	for _, p := range pages {
		m := reContents.FindSubmatch(objs[p].dict)
		if m == nil {
			continue
		}
		for _, r := range reRef.FindAllSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(string(r[1]))
			out = append(out, n)
		}
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// cmap maps a font's codes (of one byte width) to text.
type cmap struct {
	width int
	m     map[uint32]string
}

var (
	reBfChar  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	reBfRange = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	reHexTok  = regexp.MustCompile(`<([0-9A-Fa-f]*)>|\[|\]`)
)

func parseCMap(s []byte) *cmap {
	c := &cmap{width: 2, m: map[uint32]string{}}
	if m := regexp.MustCompile(`begincodespacerange\s*<([0-9A-Fa-f]+)>`).FindSubmatch(s); m != nil {
		c.width = len(m[1]) / 2
	}
	for _, block := range reBfChar.FindAllSubmatch(s, -1) {
		toks := hexTokens(block[1])
		for i := 0; i+1 < len(toks); i += 2 {
			c.m[hexNum(toks[i])] = utf16Hex(toks[i+1])
		}
	}
	for _, block := range reBfRange.FindAllSubmatch(s, -1) {
		toks := reHexTok.FindAllSubmatch(block[1], -1)
		for i := 0; i+2 < len(toks); {
			lo, hi := hexNum(string(toks[i][1])), hexNum(string(toks[i+1][1]))
			if string(toks[i+2][0]) == "[" {
				j := i + 3
				for code := lo; j < len(toks) && string(toks[j][0]) != "]"; code, j = code+1, j+1 {
					c.m[code] = utf16Hex(string(toks[j][1]))
				}
				i = j + 1
				continue
			}
			base := []rune(utf16Hex(string(toks[i+2][1])))
			for code := lo; code <= hi && len(base) > 0 && code-lo < 65536; code++ {
				r := append([]rune(nil), base...)
				r[len(r)-1] += rune(code - lo)
				c.m[code] = string(r)
			}
			i += 3
		}
	}
	return c
}

func hexTokens(b []byte) []string {
	var out []string
	for _, m := range reHexTok.FindAllSubmatch(b, -1) {
		if m[0][0] == '<' {
			out = append(out, string(m[1]))
		}
	}
	return out
}

func hexNum(h string) uint32 {
	n, _ := strconv.ParseUint(h, 16, 32)
	return uint32(n)
}

func utf16Hex(h string) string {
	b, err := hex.DecodeString(h)
	if err != nil || len(b)%2 != 0 {
		return ""
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// showText writes the text that the content stream s shows, a space between positioned runs.
func showText(out *strings.Builder, s []byte, fonts map[string]*cmap) {
	var font *cmap
	var operands []string // the operands since the last operator
	var array []string    // the strings of a TJ array being read
	inArray := false
	decode := func(tok string) string {
		var raw []byte
		if tok[0] == '<' {
			raw, _ = hex.DecodeString(strings.Map(func(r rune) rune {
				if strings.ContainsRune("0123456789abcdefABCDEF", r) {
					return r
				}
				return -1
			}, tok[1:len(tok)-1]))
		} else {
			raw = unescapeLiteral(tok[1 : len(tok)-1])
		}
		if font == nil {
			return string(raw)
		}
		var b strings.Builder
		for i := 0; i+font.width <= len(raw); i += font.width {
			var code uint32
			for k := 0; k < font.width; k++ {
				code = code<<8 | uint32(raw[i+k])
			}
			b.WriteString(font.m[code])
		}
		return b.String()
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f':
			i++
		case c == '%':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '(':
			depth, j := 0, i
			for ; j < len(s); j++ {
				if s[j] == '\\' {
					j++
					continue
				}
				if s[j] == '(' {
					depth++
				} else if s[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			tok := string(s[i:min(j+1, len(s))])
			if inArray {
				array = append(array, decode(tok))
			} else {
				operands = append(operands, tok)
			}
			i = j + 1
		case c == '<' && i+1 < len(s) && s[i+1] == '<':
			i += 2
		case c == '>' && i+1 < len(s) && s[i+1] == '>':
			i += 2
		case c == '<':
			j := bytes.IndexByte(s[i:], '>')
			if j < 0 {
				return
			}
			tok := string(s[i : i+j+1])
			if inArray {
				array = append(array, decode(tok))
			} else {
				operands = append(operands, tok)
			}
			i += j + 1
		case c == '[':
			inArray, array = true, nil
			i++
		case c == ']':
			inArray = false
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \n\r\t\f()<>[]/%", rune(s[j])) {
				j++
			}
			if c == '/' {
				j = i + 1
				for j < len(s) && !strings.ContainsRune(" \n\r\t\f()<>[]/%", rune(s[j])) {
					j++
				}
			}
			if j == i {
				j++
			}
			tok := string(s[i:j])
			i = j
			if inArray {
				// A large negative kern inside TJ is a gap between words.
				if f, err := strconv.ParseFloat(tok, 64); err == nil && f < -200 {
					array = append(array, " ")
				}
				continue
			}
			switch tok {
			case "Tf":
				if len(operands) >= 2 {
					font = fonts[strings.TrimPrefix(operands[len(operands)-2], "/")]
				}
			case "Tj", "'", `"`:
				if len(operands) > 0 {
					last := operands[len(operands)-1]
					if last != "" && (last[0] == '(' || last[0] == '<') {
						out.WriteString(decode(last))
					}
				}
			case "TJ":
				out.WriteString(strings.Join(array, ""))
				array = nil
			case "Td", "TD":
				// Chromium places glyph by glyph with horizontal moves (spaces are glyphs of
				// their own); only a move to another line separates words.
				if len(operands) >= 2 {
					if ty, err := strconv.ParseFloat(operands[len(operands)-1], 64); err == nil && ty != 0 {
						out.WriteByte(' ')
					}
				}
			case "T*", "Tm", "ET":
				out.WriteByte(' ')
			}
			if len(tok) > 0 && (tok[0] == '/' || tok[0] == '-' || tok[0] == '.' || (tok[0] >= '0' && tok[0] <= '9')) {
				operands = append(operands, tok)
			} else {
				operands = operands[:0]
			}
		}
	}
}

func unescapeLiteral(s string) []byte {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b = append(b, s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			n, _ := strconv.ParseUint(s[i:j], 8, 8)
			b = append(b, byte(n))
			i = j - 1
		default:
			b = append(b, s[i])
		}
	}
	return b
}
