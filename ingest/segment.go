package ingest

import "strings"

// doc is an article split into live tokens, blocks, quotations and sentences.
type doc struct {
	text string
	ts   []token // tokens outside boilerplate
	// blockOf[i] is the block (line or paragraph) of ts[i].
	blockOf []int
	// blocks are token ranges [start, end) of ts, one per non-empty line.
	blocks [][2]int
	// qmate[i] is, for a quotation mark ts[i], the index of its partner; -1 for an
	// unpaired mark; blockEnd for a quotation that runs to the end of its block and
	// continues in the next one.
	qmate []int
	// inq[i] is the index of the opening mark of the quotation that contains ts[i]
	// (the marks themselves included), or -1.
	inq   []int
	sents []sentence
	// sentStart[i] reports whether ts[i] opens a sentence.
	sentStart []bool
}

// openToEnd marks a quotation that runs on into the next paragraph.
const openToEnd = -2

type sentence struct {
	a, b  int // token range in doc.ts
	block int
}

// newDoc tokenizes text, drops boilerplate and finds quotations and sentences.
func newDoc(text string) *doc {
	all := tokenize(text)
	masked := maskBoilerplate(text, all)
	d := &doc{text: text}
	d.ts = all[:0] // filtered in place: the write index never passes the read index
	d.blockOf = make([]int, 0, len(all))
	block := -1
	var pendingNL int32
	for i := range all {
		t := all[i]
		pendingNL += t.nl
		if masked[i] {
			continue
		}
		t.nl = pendingNL
		pendingNL = 0
		if block < 0 || t.nl > 0 {
			block++
			d.blocks = append(d.blocks, [2]int{len(d.ts), len(d.ts)})
		}
		d.ts = append(d.ts, t)
		d.blockOf = append(d.blockOf, block)
		d.blocks[block][1] = len(d.ts)
	}
	d.pairQuotes()
	d.splitSentences()
	d.sentStart = make([]bool, len(d.ts))
	for _, s := range d.sents {
		d.sentStart[s.a] = true
	}
	return d
}

// maskBoilerplate marks tokens of lines that are captions, credits, embedded posts,
// disclaimers or related-link notes, and of inline "(RELATED: ...)" notes.
func maskBoilerplate(text string, toks []token) []bool {
	masked := make([]bool, len(toks))
	// lines
	start := 0
	for start < len(toks) {
		end := start + 1
		for end < len(toks) && toks[end].nl == 0 {
			end++
		}
		if boilerplateLine(text, toks[start:end]) {
			for i := start; i < end; i++ {
				masked[i] = true
			}
		}
		start = end
	}
	// a metadata field opening the text: "date 2024-02-02", "published 2024-02-02"
	for i := 0; i+1 < len(toks) && i < 1; i++ {
		if toks[i].kind == tkWord && !toks[i].cap && metadataLabels[toks[i].lower] && isISODate(toks[i+1].text) {
			masked[i], masked[i+1] = true, true
		}
	}
	// a dateline opening a line: "WASHINGTON (Reuters) -", "KYIV, Ukraine (AP) —"
	for i := 0; i < len(toks); i++ {
		if i == 0 || toks[i].nl > 0 {
			if e := datelineEnd(toks, i); e > i {
				for k := i; k < e; k++ {
					masked[k] = true
				}
			}
		}
	}
	// inline notes in brackets: "(RELATED: ...)", "[READ MORE: ...]"
	for i := 0; i+2 < len(toks); i++ {
		if (toks[i].text == "(" || toks[i].text == "[") && toks[i+1].kind == tkWord && toks[i+1].upper && i+2 < len(toks) && toks[i+2].text == ":" {
			switch toks[i+1].lower {
			case "related", "read", "watch", "see", "listen", "also", "more", "photos", "video":
				closer := ")"
				if toks[i].text == "[" {
					closer = "]"
				}
				for j := i; j < len(toks); j++ {
					masked[j] = true
					if toks[j].text == closer || (j > i && toks[j].nl > 0) {
						break
					}
				}
			}
		}
	}
	return masked
}

var metadataLabels = set("date", "published", "updated", "posted", "modified")

// datelineEnd returns the token after a dateline that opens a line at toks[i]: a place
// in capitals, optionally a region, a date and an agency in brackets or slashes, then
// a dash ("PORTO ALEGRE, Brazil, May 6 (Reuters) -", "PITTSBURGH, March 4, 2025
// /PRNewswire/ --"); i when the line opens otherwise.
func datelineEnd(toks []token, i int) int {
	if i >= len(toks) || toks[i].kind != tkWord || !toks[i].upper {
		return i
	}
	depth := 0
	for k := i + 1; k < len(toks) && k < i+18; k++ {
		t := toks[k]
		if t.nl > 0 {
			return i
		}
		switch {
		case t.kind == tkPunct && depth == 0 && k > i && (t.text == "-" || t.text == "--" || t.text == "–" || t.text == "—"):
			if k+1 < len(toks) && toks[k+1].nl == 0 {
				return k + 1
			}
			return i
		case t.text == "(":
			depth++
		case t.text == ")":
			depth--
		case t.kind == tkWord:
			if depth == 0 && !t.cap && !isDigits(t.text) {
				return i
			}
		case t.kind == tkPunct && (t.text == "," || t.text == "." || t.text == "/"):
		default:
			return i
		}
	}
	return i
}

func isISODate(s string) bool {
	return len(s) == 10 && isDigits(s[0:4]) && s[4] == '-' && isDigits(s[5:7]) && s[7] == '-' && isDigits(s[8:10])
}

// Boilerplate phrases are matched as sequences of lower-case tokens. Those in
// lineStartPhrases make a line boilerplate when they open it ("Sign up for our
// newsletter", "Editor's note: ..."); those in creditPhrases only when nothing in the
// line reports speech, since a sentence may mention them in passing ("The company said
// it had updated its privacy policy").
var lineStartPhrases = [][]string{
	{"click", "here"}, {"sign", "up"}, {"subscribe", "to"}, {"subscribe", "now"},
	{"follow", "us", "on"}, {"follow", "him", "on"}, {"follow", "her", "on"},
	{"follow", "them", "on"}, {"this", "content", "was"}, {"this", "content", "is"},
	{"this", "article", "was"}, {"this", "article", "is"}, {"this", "article", "has"},
	{"this", "story", "was"}, {"this", "story", "has"}, {"this", "material", "may"},
	{"editor's", "note"}, {"editor’s", "note"}, {"editors'", "note"}, {"editors’", "note"},
	{"correction", ":"}, {"clarification", ":"}, {"download", "the", "app"},
	{"copyright"}, {"©"}, {"(", "c", ")"}, {"have", "a", "tip"}, {"got", "a", "tip"},
	{"watch", "highlights"}, {"watch", "live"}, {"listen", "to"}, {"share", "this"},
	{"the", "views", "expressed"}, {"views", "expressed"}, {"media", "contact"},
	{"news", "provided", "by"}, {"forward-looking", "statements"},
}

var creditPhrases = [][]string{
	{"all", "rights", "reserved"}, {"©"}, {"getty", "images"}, {"afp", "via", "getty"},
	{"image", "credit"}, {"photo", "credit"}, {"(", "photo", "by"}, {"(", "image", ":"},
	{"contributed", "to", "this", "report"}, {"contributed", "reporting"},
	{"this", "story", "has", "been", "updated"}, {"terms", "of", "service"},
	{"privacy", "policy"}, {"for", "informational", "purposes", "only"},
	{"does", "not", "constitute"}, {"may", "not", "be", "published"},
	{"not", "investment", "advice"}, {"forward-looking", "statements"},
}

// phrasesByFirst indexes phrase lists by their first token.
func phrasesByFirst(list [][]string) map[string][][]string {
	m := map[string][][]string{}
	for _, p := range list {
		m[p[0]] = append(m[p[0]], p)
	}
	return m
}

var (
	lineStartIndex = phrasesByFirst(lineStartPhrases)
	creditIndex    = phrasesByFirst(creditPhrases)
)

// phraseAt reports whether one of the indexed phrases starts at line[i].
func phraseAt(index map[string][][]string, line []token, i int) bool {
next:
	for _, p := range index[line[i].lower] {
		if i+len(p) > len(line) {
			continue
		}
		for k, w := range p[1:] {
			if line[i+1+k].lower != w {
				continue next
			}
		}
		return true
	}
	return false
}

// hasBoilerplatePhrase reports whether the line opens with a boilerplate phrase, holds
// a credit phrase and reports nothing, or holds an embedded post's link.
func hasBoilerplatePhrase(line []token) bool {
	if phraseAt(lineStartIndex, line, 0) || line[0].text == "SOURCE" {
		return true
	}
	credit := false
	for i, t := range line {
		if t.kind == tkWord && (strings.HasPrefix(t.lower, "pic.twitter.com") || strings.HasPrefix(t.lower, "pic.x.com")) {
			return true
		}
		if !credit && phraseAt(creditIndex, line, i) {
			credit = true
		}
	}
	return credit && !reportsSpeech(line)
}

// reportsSpeech reports whether a line holds a reporting verb outside quotation marks
// or a source phrase: a sentence that cites someone is never boilerplate.
func reportsSpeech(line []token) bool {
	for i, t := range line {
		if t.kind != tkWord || t.cap {
			continue
		}
		if _, ok := cueWords[t.lower]; ok && !ambiguousNoun[t.lower] {
			return true
		}
		if t.lower == "according" && i+1 < len(line) && line[i+1].lower == "to" {
			return true
		}
	}
	return false
}

// captionCredit reports whether the line carries a photo credit: "REUTERS/Name",
// "(AP Photo/Name)", "Photograph: Name/Agency", "FILE PHOTO: ...".
func captionCredit(line []token) bool {
	if len(line) >= 3 && line[0].lower == "file" && line[1].lower == "photo" && line[2].text == ":" {
		return true
	}
	for i, t := range line {
		if t.kind != tkWord {
			continue
		}
		// "REUTERS/Diego", "AFP/Getty": an agency in capitals, a slash, a name, closing
		// the line (a dateline's "MOSCOW/KYIV" opens one)
		if k := strings.IndexByte(t.text, '/'); i > 0 && i >= len(line)-4 && k >= 2 && allUpper(t.text[:k]) && k+1 < len(t.text) && t.text[k+1] >= 'A' && t.text[k+1] <= 'Z' && !strings.Contains(t.text, "://") {
			return true
		}
		// "(AP Photo/Libkos)", "(Photo by …)"
		if strings.HasPrefix(t.lower, "photo/") || strings.HasPrefix(t.lower, "photos/") {
			return true
		}
		// "… in Manchester. Photograph: …", "(Photo: …)", "Picture: …"
		if i+1 < len(line) && line[i+1].text == ":" && (i == 0 || line[i-1].text == "(" || line[i-1].text == "." || line[i-1].text == "|") {
			switch t.lower {
			case "photograph", "photographs", "photo", "photos", "picture", "pictures", "image", "images", "credit", "illustration", "composite", "pictured":
				return true
			}
		}
	}
	return false
}

// boilerplateLine reports whether a line is a caption, credit, embedded-post footer,
// disclaimer or promotion.
func boilerplateLine(text string, line []token) bool {
	if len(line) == 0 {
		return false
	}
	if hasBoilerplatePhrase(line) || captionCredit(line) {
		return true
	}
	head := text[line[0].s:line[len(line)-1].e]
	if len(head) > 24 {
		head = head[:24]
	}
	s := strings.ToLower(head)
	for _, p := range []string{"read more", "related:", "related stories", "related articles", "also read", "see also", "watch:", "listen:", "more:", "reporting by", "editing by", "writing by", "additional reporting", "sign up", "subscribe"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	first := line[0]
	// "Photo: Shutterstock", "Image: ...", "Credit: ..."
	if len(line) >= 2 && line[1].text == ":" {
		switch first.lower {
		case "photo", "photos", "image", "images", "credit", "source", "caption", "video", "file", "pictured", "illustration":
			return true
		}
	}
	// a lone word ("Comments", "Advertisement", "Share")
	if len(line) == 1 && first.kind == tkWord {
		return true
	}
	// "— U.S. Central Command (@CENTCOM) February 2, 2024": an embedded post's footer
	for i := 0; i+1 < len(line); i++ {
		if line[i].text == "(" && line[i+1].text == "@" {
			return true
		}
		if line[i].text == "@" && i > 0 && line[i-1].text == "(" {
			return true
		}
	}
	// a caption ending in a credit: "... 2014.— Reuters", "... | AFP"
	for i := len(line) - 1; i >= 0 && i >= len(line)-6; i-- {
		t := line[i]
		if t.kind == tkPunct && (strings.HasPrefix(t.text, "—") || t.text == "|" || strings.HasPrefix(t.text, "–")) {
			if i == len(line)-1 {
				break
			}
			credit := true
			for _, c := range line[i+1:] {
				if c.kind == tkWord && !c.cap && c.lower != "via" && c.lower != "and" {
					credit = false
				}
				if c.kind == tkQuote {
					credit = false
				}
			}
			// a dash before a credit directly after a full stop, or a line with no
			// sentence after the dash: a caption credit.
			if credit && i > 0 && (line[i-1].text == "." || strings.HasSuffix(line[i-1].text, ".")) {
				return true
			}
			if credit && i == 0 {
				return true
			}
			break
		}
	}
	return false
}

// pairQuotes pairs double quotation marks within each block, alternating open and
// close; a quotation left open at the end of a block continues when the next block
// opens with a quotation mark (the convention for quotes spanning paragraphs).
func (d *doc) pairQuotes() {
	n := len(d.ts)
	d.qmate = make([]int, n)
	d.inq = make([]int, n)
	for i := range d.inq {
		d.inq[i] = -1
		d.qmate[i] = -1
	}
	for bi, bl := range d.blocks {
		open := -1
		for i := bl[0]; i < bl[1]; i++ {
			if d.ts[i].kind != tkQuote {
				continue
			}
			if open < 0 {
				open = i
				continue
			}
			d.qmate[open], d.qmate[i] = i, open
			for k := open; k <= i; k++ {
				d.inq[k] = open
			}
			open = -1
		}
		if open >= 0 {
			next := bi + 1
			if next < len(d.blocks) && d.ts[d.blocks[next][0]].kind == tkQuote {
				d.qmate[open] = openToEnd
				for k := open; k < bl[1]; k++ {
					d.inq[k] = open
				}
			}
			// otherwise the mark stays unpaired and is ignored
		}
	}
}

// quoteEnd returns the index of the last token of the quotation opened at ts[open]:
// its closing mark, or the block's last token for a quotation that runs on.
func (d *doc) quoteEnd(open int) int {
	m := d.qmate[open]
	if m == openToEnd {
		return d.blocks[d.blockOf[open]][1] - 1
	}
	return m
}

// splitSentences segments each block at sentence-final punctuation outside
// quotations, minding abbreviations.
func (d *doc) splitSentences() {
	for bi, bl := range d.blocks {
		a := bl[0]
		for i := bl[0]; i < bl[1]; i++ {
			if d.sentenceEndsAt(i, bl[1]) {
				d.sents = append(d.sents, sentence{a: a, b: i + 1, block: bi})
				a = i + 1
			}
		}
		if a < bl[1] {
			d.sents = append(d.sents, sentence{a: a, b: bl[1], block: bi})
		}
	}
}

// sentenceStarters are words that, after an abbreviation with periods ("U.S."), show
// that a new sentence has begun.
var sentenceStarters = set("the", "it", "he", "she", "they", "we", "i", "but", "in", "a",
	"this", "that", "there", "and", "an", "its", "his", "her", "their", "our", "on", "at",
	"after", "while", "officials", "however")

func (d *doc) sentenceEndsAt(i, blockEnd int) bool {
	if i+1 >= blockEnd {
		return false
	}
	t := d.ts[i]
	next := d.ts[i+1]
	nextStarts := (next.kind == tkWord && (next.cap || isDigits(next.text[:1]))) || next.kind == tkQuote
	switch {
	case t.kind == tkPunct && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "..." || t.text == "…" || t.text == "?!" || t.text == "!!"):
		if d.inq[i] >= 0 && d.qmate[d.inq[i]] != i {
			// inside a quotation: ends only if the quotation closes right here
			return false
		}
		if !nextStarts {
			return false
		}
		if t.text == "." && i > 0 {
			p := d.ts[i-1]
			if p.e == t.s && p.kind == tkWord && (abbreviations[p.lower] || (len(p.text) == 1 && p.cap)) {
				return false
			}
		}
		if next.kind == tkQuote && d.inq[i+1] == i+1 {
			return true
		}
		return next.kind == tkWord
	case t.kind == tkQuote && d.inq[i] >= 0 && d.inq[i] != i:
		// a closing quotation mark after sentence-final punctuation
		if i == 0 {
			return false
		}
		p := d.ts[i-1]
		if !(p.text == "." || p.text == "!" || p.text == "?" || p.text == "…" || strings.HasSuffix(p.text, ".")) {
			return false
		}
		return next.kind == tkWord && next.cap || next.kind == tkQuote
	case t.kind == tkWord && strings.HasSuffix(t.text, ".") && d.inq[i] < 0:
		// "U.S." at a sentence end: only before a typical sentence opener
		return next.kind == tkWord && next.cap && sentenceStarters[next.lower]
	}
	return false
}
