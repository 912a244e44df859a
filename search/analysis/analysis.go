// Package analysis turns text into the terms claimgraph's full-text index stores and
// its queries look up. It uses the standard library only, so every engine (the bleve
// index in package search, the Badger prototype in package storage) and every text
// filter analyses text the same way:
//
//   - words are runs of letters and digits; an apostrophe inside a word joins it
//     ("won't"), dots join single-letter acronyms ("U.S." → "us") and commas join
//     digit groups ("5,000" → "5000"); anything else separates words;
//   - each word is lower-cased and folded: a letter or digit is replaced by its
//     compatibility decomposition (NFKD) without combining marks, so diacritics,
//     ligatures, full-width and other compatibility forms fold ("Café" → "cafe",
//     "ﬁnance" → "finance", "ＣＥＮＴＣＯＭ" → "centcom", "Αθήνα" → "αθηνα"), as do the
//     letters Unicode does not decompose ("Straße" → "strasse", "Łódź" → "lodz") and
//     Greek final sigma; a final possessive "'s" is dropped ("Iran's" → "iran");
//   - a short list of English function words (StopWords) is dropped, but keeps its
//     position, so a phrase query still needs the words around it in their places;
//     "not", "no" and "us" are kept: they change what a claim says;
//   - the rest is stemmed with the Porter2 (Snowball English) stemmer, so "supports",
//     "supported" and "support" are one term.
package analysis

//go:generate go run gen_fold.go

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one indexed word of a text.
type Token struct {
	// Term is the folded, stemmed form that is indexed ("support").
	Term string
	// Word is the folded form before stemming ("supported"), which prefix queries
	// also try.
	Word string
	// Start and End are the word's byte offsets in the analysed text (end exclusive).
	Start, End int
	// Pos is the word's position, from 1, counting dropped stop words.
	Pos int
}

// StopWords are the words Analyze drops. "not", "no" and "us" are deliberately absent.
var StopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true,
	"been": true, "but": true, "by": true, "for": true, "had": true, "has": true,
	"have": true, "if": true, "in": true, "into": true, "is": true, "it": true,
	"its": true, "of": true, "on": true, "or": true, "such": true, "that": true,
	"the": true, "their": true, "then": true, "there": true, "these": true, "they": true,
	"this": true, "to": true, "was": true, "were": true, "will": true, "with": true,
}

// Analyze returns the tokens of text in order, stop words left out.
func Analyze(text string) []Token {
	var out []Token
	pos := 0
	Words(text, func(word string, start, end int) {
		pos++
		if StopWords[word] {
			return
		}
		out = append(out, Token{Term: Stem(word), Word: word, Start: start, End: end, Pos: pos})
	})
	return out
}

// Terms returns the indexed terms of text in order (stop words left out).
func Terms(text string) []string {
	toks := Analyze(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Term returns the indexed term of one word: folded and stemmed, or "" for a stop word
// or a string without letters or digits.
func Term(word string) string {
	f := Fold(word)
	if f == "" || StopWords[f] {
		return ""
	}
	return Stem(f)
}

// Fold returns s lower-cased and folded (compatibility forms, diacritics and
// ligatures to their plain letters: see the package comment and gen_fold.go), without
// apostrophes, combining marks, or a final possessive "'s". It does not split s into
// words.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r)
	}
	w := b.String()
	w = strings.TrimSuffix(w, "'s")
	if strings.IndexByte(w, '\'') >= 0 {
		w = strings.ReplaceAll(w, "'", "")
	}
	return w
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' }

func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	case isApostrophe(r):
		b.WriteByte('\'')
	case unicode.Is(unicode.Mn, r):
		// a combining mark of decomposed text: the letter before it is kept
	default:
		if s, ok := foldTable[r]; ok {
			b.WriteString(s)
			return
		}
		l := unicode.ToLower(r)
		if s, ok := foldTable[l]; ok {
			b.WriteString(s)
			return
		}
		b.WriteRune(l)
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Words calls fn with every word of text, folded (see Fold), and its byte offsets,
// stop words included.
func Words(text string, fn func(word string, start, end int)) {
	var b strings.Builder
	start := -1
	segLetters := 0    // letters in the current dot-separated segment (acronyms)
	acronym := true    // every segment so far is a single letter
	lastDigit := false // the last rune of the word is a digit
	emit := func(end int) {
		if start < 0 {
			return
		}
		w := b.String()
		w = strings.TrimSuffix(w, "'s")
		if strings.IndexByte(w, '\'') >= 0 {
			w = strings.ReplaceAll(w, "'", "")
		}
		if w != "" {
			fn(w, start, end)
		}
		b.Reset()
		start = -1
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			if start < 0 {
				start, segLetters, acronym = i, 0, true
			}
			foldRune(&b, r)
			if unicode.IsLetter(r) {
				segLetters++
				if segLetters > 1 {
					acronym = false
				}
				lastDigit = false
			} else if unicode.IsDigit(r) {
				lastDigit = true
				acronym = false
			}
			i += size
			continue
		}
		if start >= 0 {
			next, nsize := utf8.DecodeRuneInString(text[i+size:])
			switch {
			case isApostrophe(r) && unicode.IsLetter(next) && !lastDigit:
				b.WriteByte('\'')
				i += size
				continue
			case r == '.' && acronym && segLetters == 1 && unicode.IsLetter(next):
				// "U.S.": join when the next segment is one letter too
				after, _ := utf8.DecodeRuneInString(text[i+size+nsize:])
				if !isWordRune(after) {
					segLetters = 0
					i += size
					continue
				}
			case (r == ',' || r == '.') && lastDigit && unicode.IsDigit(next):
				if r == '.' {
					b.WriteByte('.')
				}
				i += size
				continue
			}
			end := i
			if r == '.' && acronym && segLetters <= 1 && b.Len() > 1 {
				end = i + size // the closing dot of an acronym belongs to it
			}
			emit(end)
		}
		i += size
	}
	emit(len(text))
}
