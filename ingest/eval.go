package ingest

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"claimgraph/prov"
)

// GoldRow is one hand-labelled attribution, as in shared/eval/seed-attributions.json.
// Start and End are BYTE offsets into the article file (UTF-8, end exclusive); use
// RuneSpan for the code-point offsets the store and Extract use.
type GoldRow struct {
	Source  string  `json:"source"`
	Speaker string  `json:"speaker"`
	Mention string  `json:"mention"`
	Cue     string  `json:"cue"`
	Kind    string  `json:"kind"`
	Content string  `json:"content"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Medium  *string `json:"medium"`
	Via     *string `json:"via"`
}

// RuneSpan converts the row's byte offsets to code-point offsets in text (the article
// as read from its file). It returns false when the offsets do not lie in text or do
// not hold Content there.
func (g GoldRow) RuneSpan(text string) (start, end int, ok bool) {
	if g.Start < 0 || g.End < g.Start || g.End > len(text) || text[g.Start:g.End] != g.Content {
		return 0, 0, false
	}
	return utf8.RuneCountInString(text[:g.Start]), utf8.RuneCountInString(text[:g.End]), true
}

// ReadGold decodes a gold file: a JSON array of rows. It returns the decoding error
// when the input is not such an array.
func ReadGold(r io.Reader) ([]GoldRow, error) {
	var rows []GoldRow
	if err := json.NewDecoder(r).Decode(&rows); err != nil {
		return nil, fmt.Errorf("gold file: %w", err)
	}
	return rows, nil
}

// LoadGold reads the gold file at path (see ReadGold). It returns the open or decoding
// error on failure.
func LoadGold(path string) ([]GoldRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGold(f)
}

// Prediction is an extracted attribution of one article.
type Prediction struct {
	Source string
	Attribution
}

// Score is precision, recall and F1 of one matching.
type Score struct {
	TP, FP, FN            int
	Precision, Recall, F1 float64
	Predicted, Gold       int
}

func newScore(tp, predicted, gold int) Score {
	s := Score{TP: tp, FP: predicted - tp, FN: gold - tp, Predicted: predicted, Gold: gold}
	if predicted > 0 {
		s.Precision = float64(tp) / float64(predicted)
	}
	if gold > 0 {
		s.Recall = float64(tp) / float64(gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	return s
}

// SpeakerError is a prediction whose span matched a gold row but whose speaker did not.
type SpeakerError struct {
	Gold GoldRow
	Pred Prediction
}

// Report is the outcome of an evaluation.
type Report struct {
	Articles int
	// Span scores content alone; SpanSpeaker also requires the same speaker.
	Span, SpanSpeaker Score
	// Missed are gold rows no prediction matched on span; Spurious are predictions
	// that matched no gold row on span; SpeakerErrors matched on span only.
	Missed        []GoldRow
	Spurious      []Prediction
	SpeakerErrors []SpeakerError
	// Directory reports whether speakers were compared through a directory.
	Directory bool
}

// Evaluate extracts the attributions of every *.txt article in articlesDir and scores
// them against gold with the rule of shared/eval/README.md: a prediction matches a
// gold row of the same article when the word-token Jaccard of their contents is at
// least 0.5 and, for the span+speaker score, their speakers resolve to the same actor
// through dir (canonical name or alias; the folded names must be equal when dir is nil
// or does not know them). Each gold row matches at most one prediction, best overlap
// first. It returns an error when the directory cannot be read or a gold row names an
// article that is not there.
func Evaluate(articlesDir string, gold []GoldRow, dir Directory) (Report, error) {
	paths, err := filepath.Glob(filepath.Join(articlesDir, "*.txt"))
	if err != nil {
		return Report{}, err
	}
	sort.Strings(paths)
	texts := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return Report{}, err
		}
		texts[filepath.Base(p)] = string(b)
	}
	for _, g := range gold {
		if _, ok := texts[g.Source]; !ok {
			return Report{}, fmt.Errorf("gold row names article %q, which is not in %s", g.Source, articlesDir)
		}
	}
	var preds []Prediction
	for _, p := range paths {
		name := filepath.Base(p)
		for _, a := range Extract(norm.NFC.String(texts[name]), dir) {
			preds = append(preds, Prediction{Source: name, Attribution: a})
		}
	}
	return ScorePredictions(preds, gold, dir, len(paths)), nil
}

// ScorePredictions scores predictions against gold rows (see Evaluate); articles is reported as
// the number of articles evaluated.
func ScorePredictions(preds []Prediction, gold []GoldRow, dir Directory, articles int) Report {
	r := Report{Articles: articles, Directory: dir != nil}
	spanMatch := match(preds, gold, nil)
	speakerMatch := match(preds, gold, func(p Prediction, g GoldRow) bool { return SameSpeaker(p.Speaker, g.Speaker, dir) })
	r.Span = newScore(len(spanMatch), len(preds), len(gold))
	r.SpanSpeaker = newScore(len(speakerMatch), len(preds), len(gold))
	gotGold := map[int]bool{}
	gotPred := map[int]bool{}
	for pi, gi := range spanMatch {
		gotGold[gi], gotPred[pi] = true, true
	}
	for gi, g := range gold {
		if !gotGold[gi] {
			r.Missed = append(r.Missed, g)
		}
	}
	for pi, p := range preds {
		if !gotPred[pi] {
			r.Spurious = append(r.Spurious, p)
		}
	}
	speakerOK := map[int]bool{}
	for _, gi := range speakerMatch {
		speakerOK[gi] = true
	}
	for pi, gi := range spanMatch {
		if !speakerOK[gi] {
			r.SpeakerErrors = append(r.SpeakerErrors, SpeakerError{Gold: gold[gi], Pred: preds[pi]})
		}
	}
	sort.Slice(r.SpeakerErrors, func(i, j int) bool {
		a, b := r.SpeakerErrors[i].Gold, r.SpeakerErrors[j].Gold
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.Start < b.Start
	})
	return r
}

// match pairs predictions with gold rows one to one, best Jaccard first; ok, when set,
// must also hold for a pair. It returns prediction index → gold index.
func match(preds []Prediction, gold []GoldRow, ok func(Prediction, GoldRow) bool) map[int]int {
	type pair struct {
		p, g int
		j    float64
	}
	var pairs []pair
	goldTok := make([]map[string]bool, len(gold))
	for gi, g := range gold {
		goldTok[gi] = wordSet(g.Content)
	}
	for pi, p := range preds {
		pt := wordSet(p.Content)
		for gi, g := range gold {
			if g.Source != p.Source {
				continue
			}
			j := jaccard(pt, goldTok[gi])
			if j < 0.5 {
				continue
			}
			if ok != nil && !ok(p, g) {
				continue
			}
			pairs = append(pairs, pair{pi, gi, j})
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].j > pairs[j].j })
	out := map[int]int{}
	usedG := map[int]bool{}
	for _, pr := range pairs {
		if _, done := out[pr.p]; done || usedG[pr.g] {
			continue
		}
		out[pr.p] = pr.g
		usedG[pr.g] = true
	}
	return out
}

// Jaccard returns the word-token Jaccard similarity of two contents: tokens are
// maximal runs of letters and digits, compared lower-cased, as sets.
func Jaccard(a, b string) float64 { return jaccard(wordSet(a), wordSet(b)) }

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	return float64(inter) / float64(union)
}

// SameSpeaker reports whether two speaker names resolve to the same actor: through
// dir (canonical name or alias) when it knows them, else by equal folded names (a
// leading "the" ignored).
func SameSpeaker(a, b string, dir Directory) bool {
	return speakerKey(a, dir) == speakerKey(b, dir)
}

func speakerKey(s string, dir Directory) string {
	if dir != nil {
		if c, ok := dir.Lookup(s); ok {
			return "actor:" + prov.FoldName(c)
		}
	}
	return strings.TrimPrefix(prov.FoldName(s), "the ")
}

// WriteText writes the report for people: the scores, then every missed gold row,
// spurious prediction and speaker mismatch. It returns the first write error.
func (r Report) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	dirNote := "without a directory (speaker = canonical mention)"
	if r.Directory {
		dirNote = "with a directory"
	}
	ew.printf("articles: %d, gold rows: %d, predictions: %d, %s\n", r.Articles, r.Span.Gold, r.Span.Predicted, dirNote)
	for _, s := range []struct {
		name string
		sc   Score
	}{{"span", r.Span}, {"span+speaker", r.SpanSpeaker}} {
		ew.printf("%-13s P %.3f  R %.3f  F1 %.3f  (tp %d, fp %d, fn %d)\n", s.name, s.sc.Precision, s.sc.Recall, s.sc.F1, s.sc.TP, s.sc.FP, s.sc.FN)
	}
	if len(r.Missed) > 0 {
		ew.printf("\nmissed (%d):\n", len(r.Missed))
		for _, g := range r.Missed {
			ew.printf("  %s  %s [%s]: %q\n", g.Source, g.Speaker, g.Cue, g.Content)
		}
	}
	if len(r.Spurious) > 0 {
		ew.printf("\nspurious (%d):\n", len(r.Spurious))
		for _, p := range r.Spurious {
			ew.printf("  %s  %s [%s]: %q\n", p.Source, p.Speaker, p.Cue, p.Content)
		}
	}
	if len(r.SpeakerErrors) > 0 {
		ew.printf("\nwrong speaker (%d):\n", len(r.SpeakerErrors))
		for _, e := range r.SpeakerErrors {
			ew.printf("  %s  want %q got %q (mention %q): %q\n", e.Gold.Source, e.Gold.Speaker, e.Pred.Speaker, e.Pred.Mention, e.Gold.Content)
		}
	}
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}
