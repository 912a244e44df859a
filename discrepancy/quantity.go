// Package discrepancy finds where claims about one event disagree, or agree, on what
// can be compared without understanding them: quantities ("more than 85 targets") and
// named parties in a role ("carried out by the Islamic Resistance in Iraq"); and it
// counts how many independent sources carry a claim. It proposes; editors decide. Every
// suggestion names its claims, their values and why, and can be accepted as a claim
// relation (written, and so audit-logged, by the store) or dismissed.
//
// The rules are general English patterns, with no names from any dataset: see
// docs/SEARCH.md ("Discrepancies") for what they catch and what they miss.
package discrepancy

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quantity is a number a text states about something countable.
type Quantity struct {
	// Value is the number; for a range ("5,000 to 7,000") its low end, and Max its
	// high end (else Max equals Value).
	Value, Max float64
	// Qualifier is how the text bounds the number, normalised: "" (exact), "more than"
	// (also over, above, upwards of), "at least" (no fewer than), "fewer than" (less
	// than, under, below), "at most" (up to, no more than), "about" (around, roughly,
	// approximately, some, nearly, almost), "range", or "many" for a vague count
	// ("dozens", "hundreds").
	Qualifier string
	// Unit is the counted noun, normalised: plural, lower case, synonyms merged
	// ("service members", "soldiers" → "troops"; "sites", "locations" → "targets";
	// "injured" alone → "people").
	Unit string
	// Predicate is what happened to counted people, when the text says and it is a
	// casualty ("killed", "wounded"); "" otherwise, and always for things ("2 strikes").
	// A denied casualty ("were not killed") is no quantity; "none of the 40 soldiers
	// were injured" is 0 troops wounded.
	Predicate string
	// Of is the whole a partitive count is part of ("seven of the 12 targets": 7 of
	// 12); 0 when none.
	Of float64
	// Text is the quantity as written ("more than 70 Islamic State targets"), and Start
	// and End its byte offsets in the text.
	Text       string
	Start, End int
}

// Key is what a quantity counts: its unit, and for people its predicate. Quantities are
// compared only when their keys are equal.
func (q Quantity) Key() string {
	if q.Predicate != "" && peopleUnits[q.Unit] {
		return q.Unit + "/" + q.Predicate
	}
	return q.Unit
}

// String describes the quantity ("more than 70 targets").
func (q Quantity) String() string {
	var b strings.Builder
	switch q.Qualifier {
	case "", "range", "many":
	default:
		b.WriteString(q.Qualifier + " ")
	}
	if q.Value == 0 && q.Of > 0 {
		b.WriteString("none")
	} else {
		b.WriteString(formatNumber(q.Value))
	}
	if q.Qualifier == "range" {
		b.WriteString(" to " + formatNumber(q.Max))
	}
	if q.Qualifier == "many" {
		b.Reset()
		w := q.vagueWord()
		b.WriteString(w)
		if q.Unit != "" && w != "several" {
			b.WriteString(" of") // "dozens of targets", "several days"
		}
	}
	if q.Of > 0 {
		b.WriteString(" of " + formatNumber(q.Of))
	}
	if q.Unit != "" {
		b.WriteString(" " + q.Unit)
	}
	if q.Predicate != "" && peopleUnits[q.Unit] {
		b.WriteString(" " + q.Predicate)
	}
	return b.String()
}

func (q Quantity) vagueWord() string {
	for w, v := range vague {
		if v == q.Value {
			return w
		}
	}
	return "many"
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s := strconv.FormatInt(int64(v), 10)
		// thousands separators, as news text writes them
		if len(s) >= 4 {
			var b strings.Builder
			for i, c := range s {
				if i > 0 && (len(s)-i)%3 == 0 {
					b.WriteByte(',')
				}
				b.WriteRune(c)
			}
			return b.String()
		}
		return s
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// interval returns the values the quantity allows: lo..hi with open ends where
// loOpen/hiOpen. Exact numbers allow only themselves; "about N" allows 10% either way;
// vague counts have the ranges their words imply.
func (q Quantity) interval() (lo, hi float64, loOpen, hiOpen bool) {
	v := q.Value
	switch q.Qualifier {
	case "more than":
		return v, math.Inf(1), true, false
	case "at least":
		return v, math.Inf(1), false, false
	case "fewer than":
		return 0, v, false, true
	case "at most":
		return 0, v, false, false
	case "about":
		return v * 0.9, v * 1.1, false, false
	case "range":
		return v, q.Max, false, false
	case "many":
		return v, q.Max, false, false
	}
	return v, v, false, false
}

type token struct {
	text       string // as written, without surrounding punctuation
	lower      string
	start, end int
	// punctAfter is the punctuation between this token and the next (",", ".", "(").
	punctAfter string
	capital    bool
}

// tokenize splits text into words (letters, digits, and the apostrophes, hyphens,
// dots and commas inside them) and notes the punctuation between them.
func tokenize(text string) []token {
	var out []token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			if len(out) > 0 && !unicode.IsSpace(r) {
				out[len(out)-1].punctAfter += string(r)
			}
			i += size
			continue
		}
		start := i
		for i < len(text) {
			r, size := utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				i += size
				continue
			}
			// inner punctuation: 5,000  2.5  U.S.  al-Sharaa  don't  4:00
			if strings.ContainsRune(",.-'’:", r) && i+size < len(text) {
				next, _ := utf8.DecodeRuneInString(text[i+size:])
				prev, _ := utf8.DecodeLastRuneInString(text[:i])
				if isWordRune(next) && (r != ',' || unicode.IsDigit(prev) && unicode.IsDigit(next)) {
					i += size
					continue
				}
			}
			break
		}
		// "U.S." and "p.m." keep their final dot; other final dots are punctuation
		if i < len(text) && text[i] == '.' && dottedLetters(text[start:i]) {
			i++
		}
		w := text[start:i]
		first, _ := utf8.DecodeRuneInString(w)
		out = append(out, token{text: w, lower: strings.ToLower(w), start: start, end: i, capital: unicode.IsUpper(first)})
	}
	return out
}

// dottedLetters reports whether w is single letters joined by dots ("U.S", "p.m").
func dottedLetters(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}

var scales = map[string]float64{"hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9}

// vague counts and the ranges their words imply.
var vague = map[string]float64{"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3}
var vagueMax = map[string]float64{"dozens": 99, "scores": 99, "hundreds": 999, "thousands": 9999, "several": 9}

// qualifiers, longest first where one starts another.
var qualifiers = []struct {
	words []string
	norm  string
}{
	{[]string{"no", "fewer", "than"}, "at least"},
	{[]string{"no", "less", "than"}, "at least"},
	{[]string{"no", "more", "than"}, "at most"},
	{[]string{"more", "than"}, "more than"},
	{[]string{"upwards", "of"}, "more than"},
	{[]string{"in", "excess", "of"}, "more than"},
	{[]string{"at", "least"}, "at least"},
	{[]string{"at", "most"}, "at most"},
	{[]string{"up", "to"}, "at most"},
	{[]string{"fewer", "than"}, "fewer than"},
	{[]string{"less", "than"}, "fewer than"},
	{[]string{"close", "to"}, "about"},
	{[]string{"over"}, "more than"},
	{[]string{"above"}, "more than"},
	{[]string{"under"}, "fewer than"},
	{[]string{"below"}, "fewer than"},
	{[]string{"about"}, "about"},
	{[]string{"around"}, "about"},
	{[]string{"roughly"}, "about"},
	{[]string{"approximately"}, "about"},
	{[]string{"nearly"}, "about"},
	{[]string{"almost"}, "about"},
	{[]string{"some"}, "about"},
	{[]string{"an", "estimated"}, "about"},
	{[]string{"estimated"}, "about"},
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// timeWords after a number make it a time or a date, not a count.
var timeWords = map[string]bool{"p.m.": true, "a.m.": true, "pm": true, "am": true, "gmt": true, "utc": true, "et": true, "est": true, "edt": true, "o'clock": true}

// nounStops end the noun phrase after a number: prepositions, conjunctions, verbs.
var nounStops = map[string]bool{
	"in": true, "on": true, "at": true, "across": true, "against": true, "with": true,
	"from": true, "of": true, "to": true, "for": true, "by": true, "including": true,
	"and": true, "or": true, "but": true, "were": true, "was": true, "are": true, "is": true,
	"had": true, "have": true, "has": true, "been": true, "be": true, "will": true,
	"would": true, "who": true, "which": true, "that": true, "as": true, "during": true,
	"after": true, "before": true, "since": true, "into": true, "among": true,
	"than": true, "remain": true, "remained": true, "died": true, "killed": true,
	"wounded": true, "injured": true, "struck": true, "hit": true, "using": true,
	"said": true, "say": true, "says": true, "according": true, "over": true, "near": true,
	"not": true, "never": true,
}

// irregularVerbs end a noun phrase like the verbs in nounStops ("3 soldiers fled"); a
// regular past tense ("2 million people evacuated") is caught by its ending.
var irregularVerbs = map[string]bool{
	"fled": true, "fell": true, "left": true, "went": true, "came": true, "took": true,
	"made": true, "got": true, "ran": true, "met": true, "sought": true, "fought": true,
	"held": true, "lost": true, "won": true, "saw": true, "gave": true, "stood": true,
	"flew": true, "drove": true, "shot": true, "began": true, "became": true, "remain": true,
	"remains": true, "flee": true, "arrived": true,
}

// endsPhrase reports whether word w, after the first word of a noun phrase, ends it:
// a verb.
func endsPhrase(w string) bool {
	if irregularVerbs[w] {
		return true
	}
	// a regular past tense ("evacuated", "surrendered"); participles as adjectives
	// ("armed men") come before the noun, where this is not asked
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !unitOnly(w)
}

// negations deny the predicate after them ("were not killed", "weren't hurt").
func isNegation(w string) bool {
	return w == "not" || w == "never" || w == "no" || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t")
}

// skipAfterNumber are words between a number and its noun that are not the noun.
var skipAfterNumber = map[string]bool{"more": true, "other": true, "additional": true, "further": true, "of": true, "the": true}

// unitSynonyms merge nouns that count the same things. Keys are lower case, plural.
var unitSynonyms = map[string]string{
	"service members": "troops", "servicemembers": "troops", "servicemen": "troops",
	"soldiers": "troops", "troops": "troops", "personnel": "troops", "marines": "troops",
	"sites": "targets", "locations": "targets", "targets": "targets", "facilities": "targets",
	"people": "people", "persons": "people", "individuals": "people", "civilians": "civilians",
	"injured": "people", "wounded": "people", "dead": "people",
	"munitions": "munitions", "bombs": "munitions", "missiles": "missiles", "rockets": "rockets",
}

// peopleUnits are units whose count is read with its casualty predicate.
var peopleUnits = map[string]bool{
	"troops": true, "people": true, "civilians": true, "members": true, "fighters": true,
	"militants": true, "children": true, "women": true, "men": true, "journalists": true,
	"workers": true, "officers": true, "policemen": true, "guards": true, "hostages": true,
	"residents": true, "patients": true, "refugees": true, "migrants": true,
	"passengers": true, "students": true, "protesters": true, "rebels": true,
	"insurgents": true, "gunmen": true, "soldiers": true, "contractors": true, "crew": true,
}

var predicates = map[string]string{
	"killed": "killed", "kill": "killed", "killing": "killed", "died": "killed", "dead": "killed",
	"deaths": "killed", "die": "killed", "slain": "killed",
	"wounded": "wounded", "injured": "wounded", "injuring": "wounded", "wounding": "wounded",
	"hurt": "wounded", "injuries": "wounded",
}

// Quantities returns the quantities text states, in order. Times, dates, years,
// identifiers ("Tower 22", "F-15") and numbers with no counted noun nearby are left
// out.
func Quantities(text string) []Quantity {
	toks := tokenize(text)
	var out []Quantity
	for i := 0; i < len(toks); i++ {
		q, next, ok := quantityAt(toks, i)
		if !ok {
			continue
		}
		q.Text = text[q.Start:q.End]
		out = append(out, q)
		i = next - 1
	}
	return out
}

// number parses a number at toks[i] ("85", "5,000", "three", "twenty-five", "2.5
// million") and returns it and the index after it.
func number(toks []token, i int) (float64, int, bool) {
	w := toks[i].lower
	var v float64
	switch {
	case startsWithDigit(w):
		s := strings.ReplaceAll(w, ",", "")
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, i, false
		}
		v = f
	case numberWords[w] > 0:
		v = numberWords[w]
	case strings.Contains(w, "-"):
		a, b, _ := strings.Cut(w, "-")
		if numberWords[a] >= 20 && numberWords[b] > 0 && numberWords[b] < 10 {
			v = numberWords[a] + numberWords[b]
		} else {
			return 0, i, false
		}
	default:
		return 0, i, false
	}
	j := i + 1
	if j < len(toks) && toks[i].punctAfter == "" {
		if s, ok := scales[toks[j].lower]; ok {
			v *= s
			j++
		}
	}
	return v, j, true
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func quantityAt(toks []token, i int) (Quantity, int, bool) {
	var q Quantity
	start := i
	// a qualifier before the number
	for _, qual := range qualifiers {
		n := len(qual.words)
		if i+n >= len(toks) {
			continue
		}
		match := true
		for k, w := range qual.words {
			if toks[i+k].lower != w || k < n-1 && toks[i+k].punctAfter != "" {
				match = false
				break
			}
		}
		if match {
			if _, _, ok := number(toks, i+n); ok {
				q.Qualifier = qual.norm
				i += n
			}
			break
		}
	}
	var next int
	if toks[i].lower == "none" && q.Qualifier == "" {
		// "none of the 40 soldiers were injured": no one of them; nothing else is
		// read from "none"
		whole, j, ok := partitive(toks, i+1)
		if !ok {
			return q, 0, false
		}
		q.Of, next = whole, j
	} else if v, ok := vague[toks[i].lower]; ok && q.Qualifier == "" {
		q.Qualifier, q.Value, q.Max = "many", v, vagueMax[toks[i].lower]
		next = i + 1
	} else {
		v, j, ok := number(toks, i)
		if !ok {
			return q, 0, false
		}
		if isIdentifierOrDate(toks, i, j) {
			return q, 0, false
		}
		q.Value, q.Max, next = v, v, j
		// "seven of the 12 targets": seven, of 12
		if whole, k, ok := partitive(toks, next); ok && whole >= v {
			q.Of, next = whole, k
		}
		// a range: "5,000 to 7,000", "between 5 and 7"
		if next+1 < len(toks) && (toks[next].lower == "to" || toks[next].lower == "and" && start > 0 && toks[start-1].lower == "between") && toks[next-1].punctAfter == "" {
			if w, k, ok := number(toks, next+1); ok && w > v {
				q.Max, q.Qualifier, next = w, "range", k
			}
		}
	}
	unit, end, headAt := nounAfter(toks, next)
	q.Unit = unit
	q.Start = toks[start].start
	q.End = toks[max(end-1, next-1)].end
	pred, denied := predicateNear(toks, start, end, headAt)
	if denied {
		return q, 0, false // "3 soldiers were not killed": what they were is not said
	}
	q.Predicate = pred
	if q.Unit == "" {
		if q.Predicate == "" {
			return q, 0, false
		}
		q.Unit = "people" // "injured more than 40"
	}
	if !peopleUnits[q.Unit] {
		q.Predicate = "" // "2 strikes" are not killed
	}
	if toks[start].lower == "none" && q.Predicate == "" {
		return q, 0, false // "none of the 12 targets" says nothing countable
	}
	return q, max(end, next), true
}

// partitive reads "of [the] N" at toks[i] ("seven of the 12 targets") and returns N
// and the index after it.
func partitive(toks []token, i int) (float64, int, bool) {
	if i >= len(toks) || toks[i].lower != "of" || toks[i-1].punctAfter != "" {
		return 0, i, false
	}
	k := i + 1
	if k < len(toks) && (toks[k].lower == "the" || toks[k].lower == "their" || toks[k].lower == "its") && toks[k-1].punctAfter == "" {
		k++
	}
	if k >= len(toks) || toks[k-1].punctAfter != "" {
		return 0, i, false
	}
	v, j, ok := number(toks, k)
	if !ok || isIdentifierOrDate(toks, k, j) {
		return 0, i, false
	}
	return v, j, true
}

// isIdentifierOrDate reports whether the number at toks[i:j] names something rather
// than counts it: a time (4 p.m., 4:00), a date (December 13, 2 February), a year, a
// model or a place ("F-15", "Tower 22").
func isIdentifierOrDate(toks []token, i, j int) bool {
	w := toks[i].lower
	if strings.Contains(w, ":") || strings.ContainsFunc(w, unicode.IsLetter) && startsWithDigit(w) {
		return true // 4:00, 3rd, 10am
	}
	if j < len(toks) && (timeWords[toks[j].lower] || months[toks[j].lower]) {
		return true
	}
	if i > 0 && months[toks[i-1].lower] {
		return true
	}
	if v, err := strconv.Atoi(w); err == nil && v >= 1900 && v <= 2100 && !strings.Contains(w, ",") {
		return true // a year
	}
	if i > 0 && toks[i-1].capital && toks[i-1].punctAfter == "" && i-1 > 0 && !isQualifierWord(toks[i-1].lower) {
		return true // Tower 22, Route 6 (not at the start of a sentence)
	}
	return false
}

func isQualifierWord(w string) bool {
	for _, q := range qualifiers {
		if q.words[len(q.words)-1] == w {
			return true
		}
	}
	return false
}

// nounAfter returns the normalised counted noun after a number at toks[i], the index
// after the noun phrase, and the index of its head word (-1 when none).
func nounAfter(toks []token, i int) (string, int, int) {
	j := i
	for j < len(toks) && skipAfterNumber[toks[j].lower] && toks[j-1].punctAfter == "" {
		j++
	}
	var words []int
	for k := j; k < len(toks) && len(words) < 5; k++ {
		if k > j && strings.ContainsAny(toks[k-1].punctAfter, ",.;:") {
			break
		}
		w := toks[k].lower
		if nounStops[w] && len(words) > 0 || startsWithDigit(w) || len(words) > 0 && (endsPhrase(w) || isNegation(w)) {
			break
		}
		if nounStops[w] && !unitOnly(w) {
			break
		}
		words = append(words, k)
		if strings.ContainsAny(toks[k].punctAfter, ",.;:") {
			break
		}
	}
	// the head is the last word of the phrase that is not a proper noun or a
	// parenthesis ("Islamic State (Daesh) targets" → targets)
	for len(words) > 0 {
		last := words[len(words)-1]
		if toks[last].capital && !allCaps(toks[last].text) || strings.Contains(toks[last-1].punctAfter, "(") {
			words = words[:len(words)-1]
			continue
		}
		break
	}
	if len(words) == 0 {
		return "", j, -1
	}
	head := words[len(words)-1]
	h := toks[head].lower
	if head > 0 && len(words) > 1 {
		if u, ok := unitSynonyms[toks[head-1].lower+" "+h]; ok {
			return u, head + 1, head
		}
	}
	if toks[head].capital && allCaps(toks[head].text) {
		return "", j, -1 // an acronym is a name, not a count's noun
	}
	if u, ok := unitSynonyms[h]; ok {
		return u, head + 1, head
	}
	if !strings.HasSuffix(h, "s") && predicates[h] == "" {
		return "", j, -1 // a count's noun is plural ("85 targets"); "4 p.m. ET" is not
	}
	return h, head + 1, head
}

// unitOnly words stop a phrase but may stand as the counted noun itself ("40
// injured").
func unitOnly(w string) bool { return w == "injured" || w == "wounded" || w == "killed" }

func allCaps(s string) bool {
	return s == strings.ToUpper(s) && strings.ContainsFunc(s, unicode.IsLetter)
}

// predicateNear finds a casualty verb governing the quantity: just before it ("killed
// three soldiers", "injured more than 40") or after its noun in the same clause ("three
// soldiers were killed", "three service members died"). denied is set when a negation
// comes between ("were not killed", "did not kill three soldiers").
func predicateNear(toks []token, start, end, head int) (pred string, denied bool) {
	if head >= 0 {
		if p := predicates[toks[head].lower]; p != "" {
			return p, false // "40 injured"
		}
	}
	for k := start - 1; k >= 0 && k >= start-2; k-- {
		if strings.ContainsAny(toks[k].punctAfter, ",.;:") {
			break
		}
		if p := predicates[toks[k].lower]; p != "" {
			for n := k - 1; n >= 0 && n >= k-2 && !strings.ContainsAny(toks[n].punctAfter, ",.;:"); n-- {
				if isNegation(toks[n].lower) {
					return "", true
				}
			}
			return p, false
		}
	}
	negated := false
	for k := end; k < len(toks) && k < end+6; k++ {
		if k > end && strings.ContainsAny(toks[k-1].punctAfter, ",.;:") {
			break
		}
		if k > start && strings.ContainsAny(toks[k-1].punctAfter, ".;") {
			break
		}
		if isNegation(toks[k].lower) {
			negated = true
		}
		if p := predicates[toks[k].lower]; p != "" {
			return p, negated
		}
	}
	return "", false
}
