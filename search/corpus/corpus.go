// Package corpus generates synthetic claims for search benchmarks: deterministic,
// with a Zipf-distributed vocabulary whose head is the demo dataset's own words (in
// their demo frequency order) and whose long tail is pronounceable made-up words, so
// term statistics look like news text at any size. It uses the standard library, the
// embedded demo data and package prov only, so benchmarks of every engine can share
// it; WriteNDJSON makes an import file of its claims for benchmarks through a store.
package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"claimgraph/demo"
)

// VocabularySize is the number of distinct words the generator draws from.
const VocabularySize = 80_000

// Claim is one synthetic claim with what its document holds.
type Claim struct {
	Text string
	// Quotes are its attributions' quotes: paraphrases of the text.
	Quotes []string
	// Claimant names who made it, and Aliases that actor's other names.
	Claimant string
	Aliases  []string
	Event    int
	Sources  []int
}

// Generator makes claims. It is not safe for concurrent use.
type Generator struct {
	rng    *rand.Rand
	zipf   *rand.Zipf
	vocab  []string
	actors []string
}

// New returns a generator; the same seed gives the same claims.
func New(seed uint64) *Generator {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &Generator{rng: rng, vocab: vocabulary()}
	g.zipf = rand.NewZipf(rng, 1.07, 2, uint64(len(g.vocab)-1))
	g.actors = make([]string, 5000)
	for i := range g.actors {
		g.actors[i] = capitalize(g.pseudoWord(i*7+1)) + " " + capitalize(g.pseudoWord(i*13+5))
	}
	return g
}

func capitalize(w string) string { return strings.ToUpper(w[:1]) + w[1:] }

func (g *Generator) word() string { return g.vocab[g.zipf.Uint64()] }

func (g *Generator) sentence(n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	return capitalize(strings.Join(words, " ")) + "."
}

// paraphrase keeps most words of text and replaces or drops the others.
func (g *Generator) paraphrase(text string) string {
	words := strings.Fields(strings.TrimSuffix(text, "."))
	out := words[:0:0]
	for _, w := range words {
		switch r := g.rng.IntN(10); {
		case r < 2:
			out = append(out, g.word())
		case r < 3:
		default:
			out = append(out, strings.ToLower(w))
		}
	}
	if len(out) == 0 {
		out = append(out, g.word())
	}
	return strings.Join(out, " ")
}

// Claim returns the next claim: 10 to 35 words, one to three quotes.
func (g *Generator) Claim() Claim {
	c := Claim{Text: g.sentence(10 + g.rng.IntN(26))}
	for range 1 + g.rng.IntN(3) {
		c.Quotes = append(c.Quotes, g.paraphrase(c.Text))
		c.Sources = append(c.Sources, g.rng.IntN(200_000))
	}
	a := g.rng.IntN(len(g.actors))
	c.Claimant = g.actors[a]
	if a%3 == 0 {
		c.Aliases = []string{strings.Fields(c.Claimant)[1]}
	}
	c.Event = g.rng.IntN(20_000)
	return c
}

// Queries returns n two-word queries the way a fact-checker types them: two words
// that stand next to each other in a claim the generator makes (with stop words
// skipped), so most queries match, some many documents and some few.
func (g *Generator) Queries(n int) []string {
	out := make([]string, 0, n)
	for len(out) < n {
		words := strings.Fields(strings.ToLower(strings.TrimSuffix(g.Claim().Text, ".")))
		var content []string
		for _, w := range words {
			if !stop[w] {
				content = append(content, w)
			}
		}
		if len(content) < 2 {
			continue
		}
		i := g.rng.IntN(len(content) - 1)
		out = append(out, content[i]+" "+content[i+1])
	}
	return out
}

var stop = map[string]bool{"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true, "for": true, "in": true, "is": true, "it": true, "of": true, "on": true, "or": true, "that": true, "the": true, "to": true, "was": true, "will": true, "with": true, "has": true, "have": true, "its": true, "their": true, "this": true, "were": true, "been": true}

var syllables = []string{"ka", "lo", "mi", "ra", "ten", "vos", "dar", "el", "an", "qu", "zir", "pa", "mon", "sul", "ti", "be", "gor", "na", "fel", "ux", "ri", "do", "sha", "ven", "ol", "im", "tar", "cu", "pe", "hal"}

func (g *Generator) pseudoWord(i int) string {
	var b strings.Builder
	n := 2 + i%3
	x := i*2654435761 + 12345
	for range n {
		b.WriteString(syllables[x%len(syllables)])
		x = x/len(syllables) + i*31 + 7
		if x < 0 {
			x = -x
		}
	}
	return b.String()
}

// vocabulary returns the demo data's words by descending frequency, then made-up words
// up to VocabularySize.
func vocabulary() []string {
	counts := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(demo.Data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if json.Unmarshal(sc.Bytes(), &rec) != nil {
			continue
		}
		for _, k := range []string{"text", "quote", "name", "title", "description"} {
			s, _ := rec[k].(string)
			for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				counts[w]++
			}
		}
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
	}
	g := &Generator{}
	for i := 0; len(words) < VocabularySize; i++ {
		w := g.pseudoWord(i)
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}
