package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"claimgraph/prov"
)

// claimForms are the canonical wordings of claims; fillTemplate fills the braces.
var claimForms = []string{
	"{force} struck {n} {target} near {place} on {day}.",
	"{n} civilians were killed in a drone attack on {place}.",
	"The {adj} government {stance} {policy} in {place}.",
	"The {org} delivered {n} tonnes of {aid} to {place} this week.",
	"No civilians were wounded in the operation near {place}.",
	"The ceasefire was violated near {place} on {day}.",
	"The ceasefire around {place} collapsed after {n} days.",
	"{force} seized control of {place} after {n} days of fighting.",
	"{n} {weapons} were intercepted over {place} on {day} night.",
	"{adj} officials met in {capital} to discuss {topic}.",
	"About {n} families were displaced from {place} in {month}.",
	"{force} destroyed {n} {target} near {place}.",
	"The border crossing at {place} reopened on {day} after {n} weeks.",
	"More than {n} fighters were killed in clashes around {place}.",
	"{force} recaptured {place} from rebel fighters on {day}.",
	"{n} {weapons} were launched at {place} from across the border.",
	"The hospital in {place} was struck {n} times in {month}.",
	"The {adj} government {stance} {policy} announced on {day}.",
}

// attWeights are the relative frequencies of 1 to 6 attributions per claim.
var attWeights = []int{30, 25, 18, 12, 9, 6}

var directCues = []string{"said", "told reporters", "wrote", "added", "stated"}

var indirectCues = []string{"said", "claimed", "according to", "announced", "asserted", "insisted"}

var mediumPhrases = map[string]string{
	"social media":       " on social media",
	"statement":          " in a statement",
	"interview":          " in an interview",
	"press conference":   " at a press conference",
	"television address": " in a television address",
}

type attPlan struct {
	source int
	kind   prov.AttributionKind
	// The sentence that carries the attribution in its source's text is prefix,
	// quote, suffix.
	quote, prefix, suffix string
	mention, cue, medium  string
	viaActor, viaSource   int // -1 for none
}

type claimPlan struct {
	claimant, event, nAtt int
	atts                  [6]attPlan
	text, medium          string
	stated                time.Time
	hasStated             bool
}

// claim draws claim i from its own stream into the reused plan: the structure
// (claimant, event, attribution count and sources) first, then, when full is set, the
// wording, quotes and cues. The result is valid until the next call.
func (g *gen) claim(i int, full bool) *claimPlan {
	r := g.claimRng
	g.reseed(g.claimPCG, streamClaim|uint64(i))
	cp := &g.cp
	*cp = claimPlan{claimant: -1}
	if r.IntN(25) != 0 {
		cp.claimant = int(g.pool[g.zipf.Uint64()])
	}
	base := int(int64(i) * int64(g.nEvents) / int64(g.n))
	cp.event = min(max(base+r.IntN(3)-1, 0), g.nEvents-1)
	cp.nAtt = weighted(r, attWeights) + 1
	lo, hi := g.srcLo(cp.event), g.srcLo(cp.event+1)
	for j := range cp.nAtt {
		cp.atts[j].source = lo + r.IntN(hi-lo)
	}
	if !full {
		return cp
	}
	ev := g.events[cp.event]
	place := ev.place
	if r.IntN(4) == 0 {
		place = pick(r, places)
	}
	vars := g.fillVars(r, place)
	cp.text = fillTemplate(r, pick(r, claimForms), vars)
	if r.IntN(5) == 0 {
		cp.medium = pick(r, mediums)
	}
	if r.IntN(10) < 7 {
		cp.hasStated = true
		cp.stated = ev.start.Add(time.Duration(r.IntN(5*24*60)) * time.Minute)
	}
	body := strings.TrimSuffix(cp.text, ".")
	outlets := g.roleHi[roleOutlet] - g.roleLo[roleOutlet]
	for j := range cp.nAtt {
		a := &cp.atts[j]
		a.viaActor, a.viaSource = -1, -1
		var m string
		if cp.claimant >= 0 {
			m = pick(r, g.actors[cp.claimant].mentions)
			a.mention = m
		}
		if r.IntN(7) == 0 {
			a.medium = pick(r, mediums)
		}
		if cp.claimant >= 0 && r.IntN(10) == 0 {
			a.viaActor = g.roleLo[roleOutlet] + r.IntN(outlets)
		}
		if hi-lo > 1 && r.IntN(20) == 0 {
			if v := lo + r.IntN(hi-lo); v != a.source {
				a.viaSource = v
			}
		}
		mp := mediumPhrases[a.medium]
		switch x := r.IntN(100); {
		case cp.claimant < 0:
			a.kind = prov.AttributionIndirect
			a.quote = lowerFirst(paraphrase(r, body))
			a.cue = "reportedly"
			a.prefix, a.suffix = "Reportedly, ", "."
			if r.IntN(2) == 0 {
				a.cue = "according to reports"
				a.prefix = "According to reports, "
			}
		case x < 40:
			a.kind = prov.AttributionDirect
			a.quote = body
			a.cue = pick(r, directCues)
			if a.viaActor >= 0 {
				a.cue = "told " + g.actors[a.viaActor].name
				mp = ""
			}
			a.prefix, a.suffix = "“", ",” "+m+" "+a.cue+mp+"."
		case x < 85 || len(strings.Fields(body)) < 5:
			a.kind = prov.AttributionIndirect
			a.quote = lowerFirst(paraphrase(r, body))
			a.cue = pick(r, indirectCues)
			switch {
			case a.viaActor >= 0:
				a.cue = "told " + g.actors[a.viaActor].name
				a.prefix = capitalize(m) + " " + a.cue + " that "
			case a.cue == "according to":
				a.prefix = "According to " + m + mp + ", "
			default:
				a.prefix = capitalize(m) + " " + a.cue + mp + " that "
			}
			a.suffix = "."
		default:
			a.kind = prov.AttributionMixed
			words := strings.Fields(body)
			k := 2 + r.IntN(len(words)/2-1)
			a.quote = strings.Join(words[k:], " ")
			a.cue = "said"
			a.prefix = capitalize(m) + " said" + mp + " " + lowerFirst(strings.Join(words[:k], " ")) + " “"
			a.suffix = ".”"
		}
	}
	return cp
}

// weighted returns an index into weights, drawn with those relative frequencies.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// paraphrase replaces about two thirds of the words of s that have synonyms.
func paraphrase(r *rand.Rand, s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if syn, ok := synonyms[w]; ok && r.IntN(3) != 0 {
			words[i] = pick(r, syn)
		}
	}
	return strings.Join(words, " ")
}

// lowerFirst lower-cases the first word of s when it is a common word, not a name,
// for a sentence that goes on after "said that".
func lowerFirst(s string) string {
	w, _, _ := strings.Cut(s, " ")
	if commonFirst[w] {
		return strings.ToLower(w[:1]) + s[1:]
	}
	return s
}

var commonFirst = map[string]bool{
	"The": true, "No": true, "More": true, "About": true, "Militants": true, "Coalition": true,
	"Government": true, "Rebel": true, "Artillery": true, "Special": true, "Naval": true,
	"Drone": true, "Security": true, "Allied": true, "Air": true,
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// fillVars returns the fixed values of a text's placeholders: a place and what goes
// with it. {n}, {day}, {month} and {time} are drawn afresh at every use.
func (g *gen) fillVars(r *rand.Rand, place string) map[string]string {
	c := countries[r.IntN(len(countries))]
	org := organizations[r.IntN(g.roleHi[roleOrganization]-g.roleLo[roleOrganization])]
	place2 := pick(r, places)
	if place2 == place {
		place2 = places[(indexOf(places, place)+1)%len(places)]
	}
	return map[string]string{
		"place": place, "place2": place2, "country": c.adj, "adj": c.adj, "capital": c.capital,
		"org": org.name, "outlet": g.actors[g.roleLo[roleOutlet]+r.IntN(g.roleHi[roleOutlet]-g.roleLo[roleOutlet])].name,
		"force": pick(r, forces), "target": pick(r, targets), "weapons": pick(r, weapons), "aid": pick(r, aid),
		"topic": pick(r, topics), "policy": pick(r, policies), "stance": pick(r, stances),
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

var times = []string{"overnight", "on Sunday night", "early on Monday", "late on Friday", "before dawn", "in the afternoon"}

// fillTemplate replaces each {name} in tmpl with vars[name], or a fresh draw for n,
// day, month and time.
func fillTemplate(r *rand.Rand, tmpl string, vars map[string]string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			break
		}
		end := strings.IndexByte(tmpl[open:], '}') + open
		b.WriteString(tmpl[:open])
		name := tmpl[open+1 : end]
		switch name {
		case "n":
			b.WriteString(strconv.Itoa(2 + r.IntN(149)))
		case "day":
			b.WriteString(pick(r, days))
		case "month":
			b.WriteString(pick(r, months))
		case "time":
			b.WriteString(pick(r, times))
		default:
			v := vars[name]
			if open == 0 && b.Len() == 0 {
				v = capitalize(v)
			}
			b.WriteString(v)
		}
		tmpl = tmpl[end+1:]
	}
	return b.String()
}
