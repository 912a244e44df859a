package analysis

import "strings"

// Stem returns the Porter2 (Snowball English) stem of a lower-case word
// ("supported" → "support", "fully" → "fulli"). Words with letters outside a–z, or of
// two letters or fewer, are returned as they are.
//
// The algorithm is the one at snowballstem.org/algorithms/english/stemmer.html; the
// tests check it against the Snowball reference implementation.
func Stem(word string) string {
	if len(word) <= 2 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < 'a' || c > 'z' {
			if c != '\'' {
				return word
			}
		}
	}
	if s, ok := stemExceptions[word]; ok {
		return s
	}
	w := []byte(strings.TrimPrefix(word, "'"))
	// y at the start or after a vowel is a consonant: mark it Y.
	for i := range w {
		if w[i] == 'y' && (i == 0 || isVowel(w[i-1])) {
			w[i] = 'Y'
		}
	}
	st := &stemmer{w: w}
	st.regions()
	st.step0()
	st.step1a()
	if stemInvariant1a[string(st.w)] {
		return strings.ReplaceAll(string(st.w), "Y", "y")
	}
	st.step1b()
	st.step1c()
	st.step2()
	st.step3()
	st.step4()
	st.step5()
	return strings.ReplaceAll(string(st.w), "Y", "y")
}

var stemExceptions = map[string]string{
	"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie",
	"idly": "idl", "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli",
	"singly": "singl", "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas",
	"cosmos": "cosmos", "bias": "bias", "andes": "andes",
}

var stemInvariant1a = map[string]bool{
	"inning": true, "outing": true, "canning": true, "herring": true, "earring": true,
	"proceed": true, "exceed": true, "succeed": true,
}

type stemmer struct {
	w      []byte
	r1, r2 int
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func (s *stemmer) regions() {
	w := s.w
	s.r1, s.r2 = len(w), len(w)
	start := -1
	for _, p := range []string{"gener", "commun", "arsen"} {
		if len(w) >= len(p) && string(w[:len(p)]) == p {
			start = len(p)
		}
	}
	if start < 0 {
		start = regionAfter(w, 0)
	}
	s.r1 = start
	s.r2 = regionAfter(w, start)
}

// regionAfter returns the index after the first non-vowel that follows a vowel at or
// after from, or len(w).
func regionAfter(w []byte, from int) int {
	for i := from + 1; i < len(w); i++ {
		if !isVowel(w[i]) && isVowel(w[i-1]) {
			return i + 1
		}
	}
	return len(w)
}

func (s *stemmer) has(suffix string) bool {
	// string(b) == s does not allocate, unlike strings.HasSuffix(string(b), s)
	return len(s.w) >= len(suffix) && string(s.w[len(s.w)-len(suffix):]) == suffix
}

func (s *stemmer) inR1(suffix string) bool { return len(s.w)-len(suffix) >= s.r1 }
func (s *stemmer) inR2(suffix string) bool { return len(s.w)-len(suffix) >= s.r2 }

func (s *stemmer) replace(suffix, with string) {
	s.w = append(s.w[:len(s.w)-len(suffix)], with...)
}

// longest returns the longest of suffixes that w ends with, or "".
func (s *stemmer) longest(suffixes []string) string {
	best := ""
	for _, x := range suffixes {
		if len(x) > len(best) && s.has(x) {
			best = x
		}
	}
	return best
}

func containsVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) {
			return true
		}
	}
	return false
}

func (s *stemmer) step0() {
	if x := s.longest([]string{"'s'", "'s", "'"}); x != "" {
		s.replace(x, "")
	}
}

func (s *stemmer) step1a() {
	switch x := s.longest([]string{"sses", "ied", "ies", "us", "ss", "s"}); x {
	case "sses":
		s.replace(x, "ss")
	case "ied", "ies":
		if len(s.w)-len(x) > 1 {
			s.replace(x, "i")
		} else {
			s.replace(x, "ie")
		}
	case "s":
		// delete if the part before the s holds a vowel that is not just before it
		if len(s.w) >= 2 && containsVowel(s.w[:len(s.w)-2]) {
			s.replace(x, "")
		}
	}
}

func isDouble(w []byte) bool {
	n := len(w)
	if n < 2 || w[n-1] != w[n-2] {
		return false
	}
	switch w[n-1] {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// endsShortSyllable reports whether w ends in a short syllable: a non-vowel other
// than w, x or Y after a vowel after a non-vowel, or a vowel then a non-vowel at the
// start of the word.
func endsShortSyllable(w []byte) bool {
	n := len(w)
	if n == 2 {
		return isVowel(w[0]) && !isVowel(w[1])
	}
	if n >= 3 {
		c := w[n-1]
		return !isVowel(w[n-3]) && isVowel(w[n-2]) && !isVowel(c) && c != 'w' && c != 'x' && c != 'Y'
	}
	return false
}

func (s *stemmer) isShort() bool { return s.r1 >= len(s.w) && endsShortSyllable(s.w) }

func (s *stemmer) step1b() {
	x := s.longest([]string{"eed", "eedly", "ed", "edly", "ing", "ingly"})
	switch x {
	case "":
		return
	case "eed", "eedly":
		if s.inR1(x) {
			s.replace(x, "ee")
		}
		return
	}
	if !containsVowel(s.w[:len(s.w)-len(x)]) {
		return
	}
	s.replace(x, "")
	switch {
	case s.has("at") || s.has("bl") || s.has("iz"):
		s.w = append(s.w, 'e')
	case isDouble(s.w):
		s.w = s.w[:len(s.w)-1]
	case s.isShort():
		s.w = append(s.w, 'e')
	}
}

func (s *stemmer) step1c() {
	n := len(s.w)
	if n > 2 && (s.w[n-1] == 'y' || s.w[n-1] == 'Y') && !isVowel(s.w[n-2]) {
		s.w[n-1] = 'i'
	}
}

var step2Suffixes = []string{
	"tional", "enci", "anci", "abli", "entli", "izer", "ization", "ational", "ation",
	"ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti",
	"biliti", "bli", "ogi", "fulli", "lessli", "li",
}

func (s *stemmer) step2() {
	x := s.longest(step2Suffixes)
	if x == "" || !s.inR1(x) {
		return
	}
	switch x {
	case "tional":
		s.replace(x, "tion")
	case "enci":
		s.replace(x, "ence")
	case "anci":
		s.replace(x, "ance")
	case "abli":
		s.replace(x, "able")
	case "entli":
		s.replace(x, "ent")
	case "izer", "ization":
		s.replace(x, "ize")
	case "ational", "ation", "ator":
		s.replace(x, "ate")
	case "alism", "aliti", "alli":
		s.replace(x, "al")
	case "fulness":
		s.replace(x, "ful")
	case "ousli", "ousness":
		s.replace(x, "ous")
	case "iveness", "iviti":
		s.replace(x, "ive")
	case "biliti", "bli":
		s.replace(x, "ble")
	case "ogi":
		if n := len(s.w) - len(x); n > 0 && s.w[n-1] == 'l' {
			s.replace(x, "og")
		}
	case "fulli":
		s.replace(x, "ful")
	case "lessli":
		s.replace(x, "less")
	case "li":
		if n := len(s.w) - 2; n > 0 && strings.IndexByte("cdeghkmnrt", s.w[n-1]) >= 0 {
			s.replace(x, "")
		}
	}
}

var step3Suffixes = []string{"tional", "ational", "alize", "icate", "iciti", "ical", "ful", "ness", "ative"}

func (s *stemmer) step3() {
	x := s.longest(step3Suffixes)
	if x == "" || !s.inR1(x) {
		return
	}
	switch x {
	case "tional":
		s.replace(x, "tion")
	case "ational":
		s.replace(x, "ate")
	case "alize":
		s.replace(x, "al")
	case "icate", "iciti", "ical":
		s.replace(x, "ic")
	case "ful", "ness":
		s.replace(x, "")
	case "ative":
		if s.inR2(x) {
			s.replace(x, "")
		}
	}
}

var step4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
	"ism", "ate", "iti", "ous", "ive", "ize", "ion",
}

func (s *stemmer) step4() {
	x := s.longest(step4Suffixes)
	if x == "" || !s.inR2(x) {
		return
	}
	if x == "ion" {
		if n := len(s.w) - 3; n > 0 && (s.w[n-1] == 's' || s.w[n-1] == 't') {
			s.replace(x, "")
		}
		return
	}
	s.replace(x, "")
}

func (s *stemmer) step5() {
	n := len(s.w)
	switch {
	case n > 0 && s.w[n-1] == 'e':
		if s.inR2("e") || s.inR1("e") && !endsShortSyllable(s.w[:n-1]) {
			s.w = s.w[:n-1]
		}
	case n > 1 && s.w[n-1] == 'l' && s.w[n-2] == 'l' && s.inR2("l"):
		s.w = s.w[:n-1]
	}
}
