package ingest

import (
	"math"
	"sort"
	"strings"

	"claimgraph/prov"
)

// cand is an attribution found in a sentence, before speaker resolution.
type cand struct {
	sent       int
	sa, sb     int // mention tokens [sa, sb) in doc.ts; sa < 0 when the subject is inherited
	from       int // index of the candidate whose speaker this one continues, or -1
	cueA, cueB int // cue tokens [cueA, cueB)
	cue        string
	cs, ce     int // content tokens [cs, ce)
	conS, conE int // content bytes
	kind       prov.AttributionKind
	medium     string
	via        string
	viaA, viaB int // tokens of the listener of "told", when there is one
	conf       float64
	cueTok     int  // the token of the cue word itself
	source     bool // "according to", "as reported by"
	post       bool // the attribution follows its content
	statement  bool // "according to a statement by X": X authored the whole clause
	dropped    bool

	// resolution
	speaker, mention string
	mS, mE           int // mention bytes
	known            bool
	person           int // 1 person, -1 not a person, 0 unknown
}

// verbEvent is a reporting verb in a sentence with its analysis.
type verbEvent struct {
	tok      int // the cue word
	auxStart int // first auxiliary or adverb before it
	cw       cueWord
	sa, sb   int // subject tokens; sa < 0 when none was found
	inherit  bool
	k        int // first token after the cue (and after the object of "told")
	viaA     int // object of "told": [viaA, viaB)
	viaB     int
	post     bool   // subject then cue close the sentence: content precedes
	inverted bool   // "…," said NP
	leadIn   int    // for post: the comma or closing quotation mark before the subject
	restEnd  int    // for post: end of the attribution phrase
	skip     bool   // not a reporting use (passive, "vowed to", a noun)
	medium   string // "told a news conference": the occasion, not a listener
}

type extractor struct {
	text  string
	d     *doc
	dir   Directory
	cands []*cand
	// sentCands[s] lists the candidates found in sentence s.
	sentCands [][]int
	ents      *entities
}

func newExtractor(text string, dir Directory) *extractor {
	return &extractor{text: text, d: newDoc(text), dir: dir}
}

func (x *extractor) run() {
	x.sentCands = make([][]int, len(x.d.sents))
	for si := range x.d.sents {
		x.sentence(si)
	}
	x.continuations()
	x.ents = collectEntities(x)
	x.resolveAll()
}

func (x *extractor) add(c *cand) int {
	x.cands = append(x.cands, c)
	i := len(x.cands) - 1
	x.sentCands[c.sent] = append(x.sentCands[c.sent], i)
	return i
}

// sentence finds the attributions of one sentence.
func (x *extractor) sentence(si int) {
	d := x.d
	ts := d.ts
	s := d.sents[si]
	a, b := s.a, s.b

	// 1. reporting verbs
	var events []*verbEvent
	for i := a; i < b; i++ {
		t := ts[i]
		if t.kind != tkWord || d.inq[i] >= 0 || t.cap {
			continue
		}
		cw, ok := cueWords[t.lower]
		if !ok {
			continue
		}
		ev := x.analyzeVerb(i, a, b, cw)
		if ev != nil {
			events = append(events, ev)
		}
	}
	// subjects inherited by coordination and participles
	for n, ev := range events {
		if ev.skip || ev.sa >= 0 || ev.inverted {
			continue
		}
		prev := -1
		for m := n - 1; m >= 0; m-- {
			if events[m].sa >= 0 && !events[m].skip && !(events[m].post && !events[m].inverted && ev.cw.form == formFinite) {
				prev = m
				break
			}
		}
		if prev >= 0 {
			ev.sa, ev.sb, ev.inherit = events[prev].sa, events[prev].sb, true
		} else if ev.cw.form == formParticiple {
			ev.sa, ev.sb = x.leadingNP(a, ev.auxStart)
			ev.inherit = ev.sa >= 0
		}
	}
	leadIns := map[int]bool{}
	for _, ev := range events {
		if !ev.skip && ev.post && ev.sa >= 0 {
			leadIns[ev.leadIn] = true
		}
	}

	// 2. source phrases: "according to X", "as reported by X"
	type srcEvent struct {
		cueA, cueB, npA, npB int
	}
	var srcs []srcEvent
	for i := a; i+1 < b; i++ {
		if d.inq[i] >= 0 || ts[i].kind != tkWord {
			continue
		}
		if ts[i].lower == "according" && ts[i+1].lower == "to" {
			srcs = append(srcs, srcEvent{cueA: i, cueB: i + 2})
		} else if ts[i].lower == "as" && i+2 < b && sourceCueVerbs[ts[i+1].lower] && ts[i+2].lower == "by" {
			srcs = append(srcs, srcEvent{cueA: i, cueB: i + 3})
		}
	}
	for n := range srcs {
		srcs[n].npA = srcs[n].cueB
		srcs[n].npB = x.npForward(srcs[n].cueB, b)
		if _, at := x.mediumBy(srcs[n].cueB, b); at > 0 {
			srcs[n].npB = x.npForward(at, b)
		}
		if i := srcs[n].cueA; i > a && ts[i-1].text == "," {
			leadIns[i-1] = true
		}
	}

	// 3. candidates from reporting verbs
	// a cue inside content already attributed is part of that content
	covered := func(i int) bool {
		for _, ci := range x.sentCands[si] {
			c := x.cands[ci]
			if !c.post && !c.source && i >= c.cs && i < c.ce {
				return true
			}
		}
		return false
	}
	for _, ev := range events {
		if ev.skip || ev.sa < 0 {
			continue
		}
		if covered(ev.tok) {
			continue
		}
		c := &cand{sent: si, sa: ev.sa, sb: ev.sb, from: -1, cueA: ev.auxStart, cueB: ev.tok + 1, cueTok: ev.tok}
		if ev.inherit {
			c.sa = -1
			c.from = -2 // filled below: the subject tokens are kept for resolution
		}
		c.cue = x.span(ev.auxStart, ev.tok+1)
		if ev.post {
			cs := x.contentStartBefore(a, ev.leadIn)
			ce := ev.leadIn
			if ts[ev.leadIn].kind == tkQuote {
				ce = ev.leadIn + 1
			} else if ev.leadIn > a && ts[ev.leadIn-1].kind == tkQuote && d.inq[ev.leadIn-1] >= 0 && d.inq[ev.leadIn-1] != ev.leadIn-1 {
				ce = ev.leadIn
			}
			// the content starts after an earlier attribution phrase in the sentence
			for _, ci := range x.sentCands[si] {
				pc := x.cands[ci]
				if pc.post && pc.cueTok < ce && pc.cueTok >= cs {
					cs = pc.cueB
				}
			}
			// "The plan, the ministry said, is working": an interrupting attribution
			// reports the whole sentence when what precedes it is no clause
			if ts[ev.leadIn].text == "," && ev.restEnd+1 < b && ts[ev.restEnd].text == "," && !x.clauseLike(cs, ce) && x.clauseLike(ev.restEnd+1, b) && x.d.inq[ev.restEnd+1] < 0 {
				ce = b
			}
			if !x.setContent(c, cs, ce) {
				continue
			}
			c.post = true
			c.medium = x.scanMedium(ev.leadIn+1, ev.restEnd)
			if ev.medium != "" {
				c.medium = ev.medium
			}
			c.via = x.scanVia(ev.leadIn+1, ev.restEnd)
			c.viaA, c.viaB = max(ev.viaA, 0), max(ev.viaB, 0)
			c.conf = 0.85
			x.subjectFix(c, ev)
			ci := x.add(c)
			// "…," he said, "…": a quotation after the attribution phrase
			if ev.restEnd < b && ts[ev.restEnd].text == "," && ev.restEnd+1 < b && ts[ev.restEnd+1].kind == tkQuote && d.inq[ev.restEnd+1] == ev.restEnd+1 {
				q := ev.restEnd + 1
				qe := d.quoteEnd(q)
				c2 := *c
				c2.sa, c2.from = -1, ci
				c2.post = false
				if x.setContent(&c2, q, qe+1) {
					x.add(&c2)
				}
			}
			continue
		}
		// the content follows the cue
		k := ev.k
		frameStart := k
		if ev.cw.form != formParticiple && !ev.inherit && ev.sa > a {
			// a sentence-initial phrase ("In a statement, ...") frames the attribution
			if !x.hasCandBefore(si, ev.sa) {
				frameStart = k
				c.medium = x.scanMedium(a, ev.sa)
				c.via = x.scanVia(a, ev.sa) // "Speaking to reporters, X said"
			}
		}
		k = x.skipToContent(k, b)
		if k >= b {
			continue
		}
		if m := x.scanMedium(frameStart, k); m != "" {
			c.medium = m
		}
		if ev.medium != "" {
			c.medium = ev.medium
		}
		if ev.viaA >= 0 {
			c.via = x.viaText(ev.viaA, ev.viaB)
			c.viaA, c.viaB = ev.viaA, ev.viaB
		} else if v := x.scanVia(frameStart, k); v != "" {
			c.via = v
		}
		if ev.cw.form == formParticiple && ev.inherit && ev.sb <= ev.auxStart {
			// "X, speaking at a news conference, …, saying", "X was quoted by Y as saying"
			if c.via == "" {
				c.via = x.scanVia(ev.sb, ev.auxStart)
			}
			if c.medium == "" {
				c.medium = x.scanMedium(ev.sb, ev.auxStart)
			}
		}
		end := x.clauseEnd(k, b, leadIns)
		lemma := cueLemmaOf[ts[ev.tok].lower]
		if lemma == "call" {
			end = x.calledEnd(k, end)
		}
		if !x.setContent(c, k, end) {
			continue
		}
		hasThat := k > ev.k && ts[k-1].lower == "that"
		if !hasThat && ev.cw.class == cueClause && c.kind == prov.AttributionIndirect && !x.clauseLike(c.cs, c.ce) {
			continue
		}
		if x.startsWithVerb(c.cs) {
			continue
		}
		// "said nothing", "said so": no statement
		if c.ce-c.cs == 1 && c.kind == prov.AttributionIndirect && emptyObjects[ts[c.cs].lower] {
			continue
		}
		// "rejected that account": "that" was a determiner, not a clause
		if hasThat && c.kind == prov.AttributionIndirect && c.ce-c.cs <= 3 && !x.clauseLike(c.cs, c.ce) {
			continue
		}
		c.conf = 0.8
		if hasThat || c.kind != prov.AttributionIndirect {
			c.conf = 0.9
		}
		if ev.inherit {
			c.conf -= 0.05
		}
		x.subjectFix(c, ev)
		ci := x.add(c)
		// "… and that …": a second clause of the same report
		for end < b && ts[end].lower == "and" && end+1 < b && ts[end+1].lower == "that" {
			k2 := end + 2
			end2 := x.clauseEnd(k2, b, leadIns)
			c2 := *c
			c2.sa, c2.from = -1, ci
			if !x.setContent(&c2, k2, end2) {
				break
			}
			x.add(&c2)
			end = end2
		}
	}

	// 4. candidates from source phrases
	for _, sr := range srcs {
		c := &cand{sent: si, from: -1, cueA: sr.cueA, cueB: sr.cueB, cueTok: sr.cueA, source: true}
		c.cue = strings.ToLower(x.span(sr.cueA, sr.cueB))
		npA, npB := sr.npA, sr.npB
		// "a statement by X": the medium, then the speaker
		if m, at := x.mediumBy(npA, b); at > 0 {
			c.medium, c.statement = m, true
			npA = at
		}
		// "X to NBC News": the intermediary
		if npB+1 < b && ts[npB].lower == "to" {
			if e := x.npForward(npB+1, b); e > npB+1 {
				c.via = x.viaText(npB+1, e)
				sr.npB = e
			}
		}
		if npA >= npB {
			continue
		}
		c.sa, c.sb = npA, npB
		var cs, ce int
		switch {
		case sr.cueA == a || x.allAdjunct(a, sr.cueA):
			// "According to X, …"
			cs = sr.npB
			for cs < b && ts[cs].kind == tkPunct {
				cs++
			}
			ce = b
			if sr.npB < b && ts[sr.npB].text != "," {
				continue
			}
		default:
			cs, ce = x.contentStartBefore(a, sr.cueA), sr.cueA
			if ts[ce-1].text == "," {
				ce--
			}
			for _, ci := range x.sentCands[si] {
				pc := x.cands[ci]
				if (pc.post || pc.source) && pc.cueTok < ce && pc.cueTok >= cs && !pc.dropped {
					cs = max(cs, x.phraseEnd(pc))
				}
			}
		}
		if !x.setContent(c, cs, ce) {
			continue
		}
		c.conf = 0.8
		if c.medium == "" {
			c.medium = x.scanMedium(sr.npA, sr.npB)
		}
		x.add(c)
	}

	// 5. an attribution that follows its content yields to a reporting verb inside
	// that content ("X outlined …, according to officials"), unless the outer speaker
	// authored the whole clause ("…, according to a statement by X").
	list := x.sentCands[si]
	for _, oi := range list {
		o := x.cands[oi]
		if !(o.post || o.source) || o.dropped {
			continue
		}
		for _, ii := range list {
			in := x.cands[ii]
			if ii == oi || in.dropped || in.post || in.source {
				continue
			}
			if in.cueTok >= o.cs && in.cueTok < o.ce {
				if o.statement {
					in.dropped = true
				} else {
					o.dropped = true
					if in.ce > o.ce {
						x.setContent(in, in.cs, o.ce)
					}
				}
			}
		}
	}
}

// phraseEnd returns the token after a post-posed or source attribution phrase.
func (x *extractor) phraseEnd(c *cand) int {
	end := c.cueB
	if c.sb > end {
		end = c.sb
	}
	return end
}

// subjectFix records the mention tokens of an event on its candidate.
func (x *extractor) subjectFix(c *cand, ev *verbEvent) {
	c.sa, c.sb = ev.sa, ev.sb
	if ev.inherit {
		c.conf -= 0.05
	}
	if c.from == -2 {
		c.from = -1
	}
}

// analyzeVerb decides whether the cue word ts[i] reports speech, and how.
func (x *extractor) analyzeVerb(i, a, b int, cw cueWord) *verbEvent {
	d := x.d
	ts := d.ts
	ev := &verbEvent{tok: i, auxStart: i, cw: cw, sa: -1, sb: -1, viaA: -1, viaB: -1, k: i + 1}
	lemma := cueLemmaOf[ts[i].lower]
	// auxiliaries and adverbs before the cue
	j := i - 1
	passive := false
	for j >= a && ts[j].kind == tkWord && d.inq[j] < 0 {
		l := ts[j].lower
		if auxiliaries[l] || adverbs[l] || isLyAdverb(ts[j]) {
			ev.auxStart = j
			j--
			continue
		}
		if passiveAux[l] {
			passive = true
		}
		break
	}
	next := func(n int) string {
		if i+n < b {
			return ts[i+n].lower
		}
		return ""
	}
	for n := ev.auxStart; n < i; n++ {
		if l := ts[n].lower; l == "not" || l == "never" {
			return nil
		}
	}
	if j >= a && (strings.HasSuffix(ts[j].lower, "n't") || strings.HasSuffix(ts[j].lower, "n’t")) {
		return nil
	}
	if passive {
		if lemma == "claim" && next(1) == "by" {
			return x.passiveBy(i, j, a, b, ev)
		}
		return nil
	}
	if cw.form == formParticiple {
		// ", saying that …", "and vowing …": only after a comma or "and"
		asQuoted := j > a && ts[j].lower == "as" && x.quotedBefore(a, j)
		if j < a || !(ts[j].text == "," || ts[j].lower == "and" || asQuoted) {
			return nil
		}
		if ev.auxStart != i {
			return nil
		}
	}
	switch next(1) {
	case "to":
		if !cw.toOK {
			return nil
		}
	case "by", "of", "about", "off", "up", "out", "for", "upon", "over":
		if lemma != "call" || next(1) != "out" {
			return nil
		}
	}
	if lemma == "call" && (next(1) == "on" || next(1) == "in") {
		return nil
	}
	// "told The National", "told reporters"
	if lemma == "tell" {
		va := i + 1
		if m, e := x.toldOccasion(va, b); e > va {
			ev.medium, ev.k = m, e
		} else if vb := x.listenerEnd(va, b); vb > va {
			ev.viaA, ev.viaB = va, vb
			ev.k = vb
		}
	}
	// the subject before the cue, past a time phrase ("Greenfield Robotics, …, today
	// announced")
	if cw.form == formFinite && j >= a {
		j := x.skipTimeBack(j, a)
		if j < a {
			// a time phrase opens the sentence ("On Monday warned …"): no subject
		} else if ts[j].text == "," && j-1 >= a && d.inq[j-1] < 0 {
			// an appositive between subject and verb: "The government, having …, indicated",
			// "The lead author, Professor Helen Park, said"
			ev.sa, ev.sb = x.appositiveSubject(a, j)
		} else if ts[j].lower == "who" && j-1 > a && ts[j-1].text == "," {
			// "…, President Jane Doe, who said …"
			ev.sa, ev.sb = x.npBack(j-1, a)
		} else if j >= a && !(ts[j].kind == tkQuote || ts[j].text == ",") {
			ev.sa, ev.sb = x.npBack(j+1, a)
		}
	}
	// does an attribution phrase close the sentence?
	restEnd := x.phraseRestEnd(ev.k, b)
	quoteNext := ev.k+1 < b && (ts[ev.k].text == "," || ts[ev.k].text == ":") && ts[ev.k+1].kind == tkQuote && d.inq[ev.k+1] == ev.k+1
	if ev.sa >= 0 && x.adjunctOnly(ev.k, restEnd) && !(quoteNext && !x.quoteBefore(a, ev.sa)) {
		// "…, X said on Friday." / "“…,” X said."
		li := ev.sa - 1
		if li >= a && ts[li].lower == "as" && li-1 >= a && ts[li-1].text == "," {
			li--
		}
		if li >= a && (ts[li].text == "," || (ts[li].kind == tkQuote && d.inq[li] >= 0 && d.inq[li] != li)) {
			ev.post, ev.leadIn, ev.restEnd = true, li, restEnd
		} else if li < a {
			// "X said." alone: the content is an earlier quotation (see continuations)
			ev.skip = true
		}
	}
	if ev.sa < 0 && cw.form == formFinite && j >= a && cw.class != cueObject {
		// "“…,” said NP." and "…, said the official." (not "The chip, called Halcyon,")
		if ts[j].text == "," || (ts[j].kind == tkQuote && d.inq[j] >= 0 && d.inq[j] != j) {
			nb := x.npForward(i+1, b)
			if nb > i+1 && x.adjunctOnly(nb, x.phraseRestEnd(nb, b)) && x.validSubject(i+1, nb) {
				ev.sa, ev.sb = i+1, nb
				ev.post, ev.inverted, ev.leadIn, ev.restEnd = true, true, j, x.phraseRestEnd(nb, b)
				if ts[j].text == "," && j > a && ts[j-1].kind == tkQuote {
					ev.leadIn = j
				}
			}
		}
	}
	// a noun that looks like a verb: "media reports", "the claims", "Apple shares rose",
	// "Iranian state media said"
	if ev.auxStart == i && ambiguousNoun[ts[i].lower] && !x.verbReading(i, a, b, ev) {
		return nil
	}
	return ev
}

// verbReading decides whether an ambiguous form ts[i] ("state", "shares", "claims",
// "notes") is a verb here: its subject is a name or pronoun that is not a modifier
// (a demonym, "New York state"), and what follows reads as its complement — "that"
// with a clause, a quotation, or the start of a clause — not a noun head, a verb or a
// colon.
func (x *extractor) verbReading(i, a, b int, ev *verbEvent) bool {
	d := x.d
	ts := d.ts
	if ev.post {
		return true
	}
	if ev.sa < 0 || ev.sb != i {
		return false
	}
	p := ts[i-1]
	if !(p.cap || isPronounTok(p.lower)) || demonym(p.lower) {
		return false
	}
	if i+1 >= b {
		return false
	}
	n := ts[i+1]
	switch {
	case n.kind == tkQuote && d.inq[i+1] == i+1:
		return true
	case (n.text == "," || n.text == ":") && i+2 < b && ts[i+2].kind == tkQuote:
		return true
	case n.lower == "that":
		return !x.nounComplement(i+2, b)
	case n.kind != tkWord:
		return false
	case isPronounTok(n.lower) || determiners[n.lower] || possessivePronoun(n.lower):
		return true
	case n.cap:
		return true
	}
	return false
}

// nounComplement reports whether the clause after "claims that" is followed by a verb
// of its own ("claims that the city had fallen were false"): then "claims" is a noun
// whose complement clause ends where the real verb begins.
func (x *extractor) nounComplement(k, b int) bool {
	ts := x.d.ts
	finite := 0
	for i := k; i < b; i++ {
		t := ts[i]
		if x.d.inq[i] >= 0 {
			continue
		}
		if t.kind == tkPunct || clauseStarters[t.lower] || t.lower == "and" || t.lower == "or" {
			return false
		}
		switch t.lower {
		case "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should", "may", "might", "must":
			finite++
			if finite == 2 && ts[i-1].kind == tkWord && !auxiliaries[ts[i-1].lower] && !passiveAux[ts[i-1].lower] {
				return true
			}
		}
	}
	return false
}

// demonym reports whether l reads as a nationality adjective ("iranian", "chinese",
// "british"), which modifies a noun rather than naming a speaker.
func demonym(l string) bool {
	return len(l) > 5 && (strings.HasSuffix(l, "ian") || strings.HasSuffix(l, "ese") || strings.HasSuffix(l, "ish"))
}

func possessivePronoun(l string) bool {
	switch l {
	case "his", "her", "its", "their", "our", "my", "your":
		return true
	}
	return false
}

var ambiguousNoun = set("reports", "report", "claims", "claim", "calls", "call", "notes", "note",
	"states", "state", "shares", "share", "estimates", "estimate", "posts", "tweets", "tweet",
	"promises", "promise", "pledges", "pledge", "vows", "vow", "remarks", "remark",
	"outline", "highlights", "highlight", "hints", "hint")

// appositiveSubject finds the subject of a verb preceded by a comma that closes an
// appositive: the noun phrase opening the sentence before the first comma, or the
// appositive itself when it holds the name ("The lead author, Professor Helen Park of
// the University of Leeds, said"). It returns -1, -1 when there is neither.
func (x *extractor) appositiveSubject(a, j int) (int, int) {
	d := x.d
	ts := d.ts
	start := a
	if ts[a].kind == tkPunct {
		start++
	}
	// "“We are ready,” Costa, 52, said": the subject follows the quotation
	if ts[start].kind == tkQuote && d.inq[start] == start && d.qmate[start] > start && d.qmate[start] < j {
		start = d.qmate[start] + 1
		if start < j && ts[start].text == "," {
			start++
		}
	}
	first := -1
	for p := start; p < j; p++ {
		if d.inq[p] >= 0 {
			return -1, -1
		}
		if ts[p].text == "," {
			first = p
			break
		}
	}
	if first < 0 {
		return -1, -1
	}
	sa, sb := x.npBack(first, start)
	if sa != start {
		sa = -1
	}
	// the appositive between the first comma and the verb's comma
	if first < j-1 {
		// the appositive names the speaker when the opening phrase is a description
		// ("Pruitt's attorney, David Esposito,") rather than a name ("Microsoft, the
		// tech giant,")
		if a2, b2 := x.npBack(j, first+1); a2 == first+1 && x.hasCap(a2, b2) && (sa < 0 || !x.hasCap(sa, sb) || !ts[sb-1].cap && ts[b2-1].cap) {
			return a2, b2
		}
	}
	if sa < 0 {
		return -1, -1
	}
	return sa, sb
}

func (x *extractor) hasCap(a, b int) bool {
	for i := a; i < b; i++ {
		if x.d.ts[i].cap && !determiners[x.d.ts[i].lower] && !possessivePronoun(x.d.ts[i].lower) {
			return true
		}
	}
	return false
}

// quotedBefore reports whether "quoted" stands in [a, j): "was quoted by X as saying".
func (x *extractor) quotedBefore(a, j int) bool {
	for i := a; i < j; i++ {
		if x.d.ts[i].lower == "quoted" {
			return true
		}
	}
	return false
}

// quoteBefore reports whether the subject starting at sa directly follows a closing
// quotation mark (with or without a comma): "“…,” he said".
func (x *extractor) quoteBefore(a, sa int) bool {
	d := x.d
	i := sa - 1
	if i >= a && d.ts[i].text == "," {
		i--
	}
	return i >= a && d.ts[i].kind == tkQuote && d.inq[i] >= 0 && d.inq[i] != i
}

// passiveBy handles "<content> was claimed by <speaker>".
func (x *extractor) passiveBy(i, aux, a, b int, ev *verbEvent) *verbEvent {
	ts := x.d.ts
	sa := i + 2
	sb := x.npForward(sa, b)
	if sb <= sa || !x.validSubject(sa, sb) {
		return nil
	}
	// the content: the noun phrase before the auxiliary, from the clause start
	cs := aux
	for cs > a && ts[cs-1].kind == tkWord && x.d.inq[cs-1] < 0 && !clauseStarters[ts[cs-1].lower] {
		cs--
	}
	if cs >= aux {
		return nil
	}
	ev.sa, ev.sb = sa, sb
	ev.post, ev.leadIn, ev.restEnd = true, cs-1, x.phraseRestEnd(sb, b)
	// mark: content is [cs, aux)
	ev.k = sb
	ev.inverted = true
	// use the lead-in mechanism: content runs from the clause start to the auxiliary
	ev.leadIn = aux
	return ev
}

func isLyAdverb(t token) bool {
	return !t.cap && len(t.lower) > 4 && strings.HasSuffix(t.lower, "ly") && !nounWords[t.lower] && t.lower != "reply" && t.lower != "supply" && t.lower != "italy"
}

func isPronounTok(l string) bool {
	return personPronouns[l] || thingPronouns[l] || pluralPronouns[l] || firstPronouns[l]
}

// npBack walks back from end (exclusive) over a speaker noun phrase and returns its
// token range, or -1, -1.
func (x *extractor) npBack(end, lo int) (int, int) {
	d := x.d
	ts := d.ts
	j := x.skipTimeBack(end-1, lo)
	if j < lo {
		return -1, -1
	}
	sb := j + 1
	k := j
	for k >= lo {
		t := ts[k]
		if d.inq[k] >= 0 {
			break
		}
		if t.kind == tkPunct && t.text == ")" {
			m := k - 1
			for m >= lo && m > k-6 && ts[m].text != "(" {
				m--
			}
			if m >= lo && ts[m].text == "(" && m < k-1 && m > lo {
				k = m - 1
				continue
			}
			break
		}
		// "Northern Gas & Electric"
		if t.text == "&" && k-1 >= lo && k < j && ts[k-1].cap && ts[k+1].cap {
			k--
			continue
		}
		if t.kind != tkWord {
			break
		}
		if isPronounTok(t.lower) {
			if k == j {
				k--
			}
			break
		}
		// "Luiz Inacio Lula da Silva", "Anouk van der Berg"
		if nameJoiners[t.lower] && k-1 >= lo && k < j && ts[k-1].cap && (ts[k+1].cap || nameJoiners[ts[k+1].lower]) {
			k--
			continue
		}
		if t.cap {
			if clauseStarters[t.lower] || timeWords[t.lower] && k == j {
				break
			}
			k--
			continue
		}
		if nounWords[t.lower] || connectors[t.lower] || determiners[t.lower] || hyphenLower(t.lower) || possessive(t.lower) {
			k--
			continue
		}
		break
	}
	// an open noun phrase: "the university", "the grain exporters association Anec",
	// "the bloc's executive arm" — up to five lower-case words after a determiner or
	// possessive
	opened := false
	if k >= lo && d.inq[k] < 0 && (modifierWord(ts[k]) || possessive(ts[k].lower)) {
		m, n := k, 0
		for m >= lo && n < 5 && d.inq[m] < 0 && (modifierWord(ts[m]) || possessive(ts[m].lower)) && !ts[m].cap {
			m--
			n++
		}
		if m >= lo && d.inq[m] < 0 && ts[m].kind == tkWord && (determiners[ts[m].lower] || possessivePronoun(ts[m].lower)) && !(ts[m].lower == "that" || ts[m].lower == "this" && m+1 <= j && timeWords[ts[m+1].lower]) {
			k = m - 1
			opened = true
		}
	}
	// "the fire chief", "a local taxi driver": modifiers between a determiner and the head
	if !opened && k >= lo && k < j {
		for m := 1; m <= 2 && k-m >= lo; m++ {
			if !modifierWord(ts[k-m+1]) || d.inq[k-m+1] >= 0 || connectors[ts[k+1].lower] {
				break
			}
			if dt := ts[k-m]; dt.kind == tkWord && (determiners[dt.lower] || possessive(dt.lower) || dt.lower == "his" || dt.lower == "her" || dt.lower == "its" || dt.lower == "their") && d.inq[k-m] < 0 {
				k -= m + 1
				break
			}
		}
	}
	sa := k + 1
	for sa < sb && leadingJunk(ts[sa].lower) {
		sa++
	}
	for sb > sa && (connectors[ts[sb-1].lower] || determiners[ts[sb-1].lower]) {
		sb--
	}
	if sa >= sb || !x.validSubject(sa, sb) {
		return -1, -1
	}
	return sa, sb
}

// leadingJunk words cannot open a subject.
func leadingJunk(l string) bool {
	switch l {
	case "of", "for", "from", "in", "and", "at", "on", "with", "to", "'s", "by":
		return true
	}
	return false
}

// modifierWord reports whether t may modify a head noun ("fire" in "the fire chief"):
// a lower-case word that is not a function word, verb form or cue.
func modifierWord(t token) bool {
	if t.kind != tkWord || t.cap || connectors[t.lower] || clauseStarters[t.lower] || auxiliaries[t.lower] || passiveAux[t.lower] || adverbs[t.lower] || isPronounTok(t.lower) {
		return false
	}
	if _, cue := cueWords[t.lower]; cue {
		return false
	}
	switch t.lower {
	case "not", "no", "who", "which", "that", "than", "to", "by", "as", "it", "there":
		return false
	}
	return true
}

func possessive(l string) bool {
	return strings.HasSuffix(l, "'s") || strings.HasSuffix(l, "’s")
}

func hyphenLower(l string) bool {
	return strings.Contains(l, "-") && len(l) > 3 && !strings.HasSuffix(l, "-")
}

// validSubject reports whether ts[sa:sb] can name a speaker: its head is a name, a
// pronoun or a speaker noun.
func (x *extractor) validSubject(sa, sb int) bool {
	ts := x.d.ts
	if sa >= sb {
		return false
	}
	h := ts[sb-1]
	if h.kind != tkWord {
		return h.text == ")"
	}
	if isPronounTok(h.lower) {
		return sb-sa == 1
	}
	if timeWords[h.lower] || determiners[h.lower] || connectors[h.lower] {
		return false
	}
	if h.cap {
		return !clauseStarters[h.lower]
	}
	for i := sa; i+1 < sb; i++ {
		// "people familiar with the matter", "sources close to the talks"
		if l := ts[i].lower; (l == "familiar" || l == "briefed" || l == "close") && nounWords[ts[sa].lower] || determiners[ts[sa].lower] && (l == "familiar" || l == "briefed" || l == "close") {
			return true
		}
	}
	if nonHeads[h.lower] && !(sb-sa == 2 && determiners[ts[sa].lower] && titleHeads[h.lower]) {
		return false
	}
	if nounWords[h.lower] || strings.HasSuffix(h.lower, "-year-old") {
		return true
	}
	return x.openNP(sa, sb)
}

// openNP reports whether ts[sa:sb] is a determiner or possessive followed by lower-case
// content words ending in a noun-like head ("the university", "its executive arm"):
// a description of a speaker the word lists need not know.
func (x *extractor) openNP(sa, sb int) bool {
	ts := x.d.ts
	f := ts[sa]
	if !(determiners[f.lower] || possessivePronoun(f.lower)) || f.lower == "that" || f.lower == "this" || f.lower == "these" || f.lower == "those" {
		return false
	}
	if sb-sa < 2 || sb-sa > 6 {
		return false
	}
	h := ts[sb-1]
	if h.kind != tkWord || isLyAdverb(h) || strings.HasSuffix(h.lower, "ing") || timeWords[h.lower] || !modifierWord(h) && !h.cap {
		return false
	}
	for i := sa + 1; i < sb-1; i++ {
		t := ts[i]
		if !(modifierWord(t) || possessive(t.lower) || t.cap || isDigits(t.text)) {
			return false
		}
	}
	return true
}

// nameJoiners are the particles inside a person's name ("da Silva", "van der Berg").
var nameJoiners = set("da", "das", "do", "dos", "de", "di", "du", "della", "dei", "del",
	"der", "den", "van", "von", "ter", "ten", "bin", "bint", "ibn", "ben", "al", "el", "le", "la")

// nonHeads are noun-phrase words that cannot end a speaker phrase.
var nonHeads = set("senior", "top", "local", "foreign", "interior", "defense", "defence",
	"security", "national", "federal", "regional", "provincial", "former", "deputy", "acting",
	"junior", "high-ranking", "anonymous", "unnamed", "health", "state", "state-run",
	"state-owned", "state-backed", "his", "her", "its", "their", "our", "my", "your", "vice",
	"prime", "familiar", "close", "knowledge", "matter", "situation", "plans", "talks",
	"negotiations", "medical", "emergency", "civil", "central", "air", "coast", "high-level",
	"mid-level", "ranking", "veteran", "press", "news", "intelligence", "general")

// npForward returns the end of a speaker noun phrase starting at i ("White House
// spokesman John Kirby", "the state-run agency Petra"); i when there is none.
func (x *extractor) npForward(i, b int) int {
	d := x.d
	ts := d.ts
	k := i
	for k < b {
		t := ts[k]
		if d.inq[k] >= 0 {
			break
		}
		if t.text == "(" {
			m := k + 1
			for m < b && m < k+6 && ts[m].text != ")" {
				m++
			}
			if m < b && ts[m].text == ")" && m > k+1 {
				k = m + 1
				continue
			}
			break
		}
		if t.text == "&" && k > i && ts[k-1].cap && k+1 < b && ts[k+1].cap {
			k++
			continue
		}
		if t.kind != tkWord {
			break
		}
		if t.lower == "to" || t.lower == "that" || t.lower == "on" && k+1 < b && (timeWords[ts[k+1].lower] || isDigits(ts[k+1].text)) {
			break
		}
		if isPronounTok(t.lower) && k == i {
			k++
			break
		}
		if t.cap && !timeWords[t.lower] {
			k++
			continue
		}
		if nounWords[t.lower] || connectors[t.lower] || determiners[t.lower] || hyphenLower(t.lower) || possessive(t.lower) || titleHeads[t.lower] {
			k++
			continue
		}
		// "the fire chief": a modifier after a determiner, before a head noun
		if k > i && (determiners[ts[k-1].lower] || ts[k-1].cap || possessivePronoun(ts[k-1].lower)) && modifierWord(t) && k+1 < b && !connectors[ts[k+1].lower] && (nounWords[ts[k+1].lower] || titleHeads[ts[k+1].lower] || ts[k+1].cap) {
			k++
			continue
		}
		break
	}
	for k > i && (connectors[ts[k-1].lower] || determiners[ts[k-1].lower]) {
		k--
	}
	if k > i && !x.validSubject(i, k) {
		return i
	}
	return k
}

// leadingNP returns the noun phrase that opens [a, end) — the subject of a sentence
// whose main verb is not a cue ("The ministry issued a statement, saying …").
func (x *extractor) leadingNP(a, end int) (int, int) {
	ts := x.d.ts
	i := a
	// skip a sentence-initial adjunct up to its comma
	if i < end && ts[i].kind == tkWord && subordinators[ts[i].lower] {
		for i < end && ts[i].text != "," {
			i++
		}
		i++
	}
	e := x.npForward(i, end)
	if e <= i {
		return -1, -1
	}
	// "The club's owner, billionaire Karl Jensen, …": the appositive that names
	if e+1 < end && ts[e].text == "," && !x.hasCap(i, e) {
		if e2 := x.npForward(e+1, end); e2 > e+1 && e2 < end && ts[e2].text == "," && x.hasCap(e+1, e2) {
			return e + 1, e2
		}
	}
	return i, e
}

// skipTimeBack skips a time phrase that ends at j ("on Thursday", "last week") and
// returns the index before it: lo-1 when the phrase starts at lo.
func (x *extractor) skipTimeBack(j, lo int) int {
	ts := x.d.ts
	for j-1 >= lo {
		t := ts[j]
		p := ts[j-1]
		if (timeWords[t.lower] || isDigits(t.text)) && (p.lower == "on" || p.lower == "last" || p.lower == "this" || p.lower == "late" || p.lower == "early" || p.lower == "earlier" || p.lower == "next") {
			j -= 2
			continue
		}
		if isDigits(t.text) && timeWords[strings.TrimSuffix(p.lower, ".")] && j-2 >= lo && ts[j-2].lower == "on" {
			j -= 3
			continue
		}
		if t.lower == "earlier" || t.lower == "later" || t.lower == "yesterday" || t.lower == "today" || t.lower == "previously" {
			j--
			continue
		}
		break
	}
	return j
}

// listenerEnd returns the end of the listener of "told" at i ("reporters", "The
// National", "NBC News"); i when there is none.
func (x *extractor) listenerEnd(i, b int) int {
	ts := x.d.ts
	if i >= b || x.d.inq[i] >= 0 {
		return i
	}
	if intermediaryNouns[ts[i].lower] || ts[i].lower == "lawmakers" || ts[i].lower == "parliament" {
		return i + 1
	}
	if ts[i].lower == "that" || ts[i].kind != tkWord {
		return i
	}
	// "told me", "told him": an addressee, never the content
	if objectPronouns[ts[i].lower] {
		return i + 1
	}
	// "told jurors", "told commissioners", "told the court", "told the Commons"
	if !ts[i].cap && modifierWord(ts[i]) && strings.HasSuffix(ts[i].lower, "s") && !strings.HasSuffix(ts[i].lower, "ss") {
		return i + 1
	}
	if ts[i].lower == "the" && i+1 < b && x.d.inq[i+1] < 0 && ts[i+1].kind == tkWord && (ts[i+1].cap || modifierWord(ts[i+1])) && (i+2 >= b || !ts[i+2].cap || ts[i+1].cap) {
		if e := x.npForward(i, b); e > i+1 {
			return e
		}
		if i+2 >= b || ts[i+2].lower == "that" || ts[i+2].kind != tkWord || adjunctLeads[ts[i+2].lower] {
			return i + 2
		}
	}
	if e := x.npForward(i, b); e > i && !isPronounTok(ts[i].lower) {
		return e
	}
	k := i
	for k < b && ts[k].kind == tkWord && x.d.inq[k] < 0 && (ts[k].cap && !timeWords[ts[k].lower] || (k > i && (ts[k].lower == "of" || ts[k].lower == "and") && k+1 < b && ts[k+1].cap)) {
		k++
	}
	return k
}

// toldOccasion recognises an occasion as the object of "told" ("told a news conference
// in Lisbon that …"): it returns the medium and the token after the occasion's noun,
// or "", i.
func (x *extractor) toldOccasion(i, b int) (string, int) {
	ts := x.d.ts
	k := i
	if k < b && (determiners[ts[k].lower] || possessivePronoun(ts[k].lower)) {
		k++
	}
	for n := 0; n < 2 && k < b && !occasionHeads[ts[k].lower] && modifierWord(ts[k]); n++ {
		k++
	}
	if k >= b || k == i || !occasionHeads[ts[k].lower] || x.d.inq[k] >= 0 {
		return "", i
	}
	m := x.scanMedium(i, k+1)
	if m == "" {
		m = ts[k].lower
	}
	return m, k + 1
}

// occasionHeads are what one tells a statement at rather than to.
var occasionHeads = set("conference", "briefing", "rally", "hearing", "summit", "session",
	"forum", "gathering", "meeting", "assembly", "panel", "congress", "convention")

// emptyObjects after a cue report no statement ("said nothing", "said so").
var emptyObjects = set("nothing", "little", "much", "so", "this", "that", "it", "something",
	"anything", "more", "otherwise", "yes", "no", "everything", "plenty")

// objectPronouns are addressees of "told".
var objectPronouns = set("me", "us", "him", "her", "them", "you")

// phraseRestEnd returns where the phrase after a cue ends: the sentence end or a
// boundary (a comma before a quotation, participle or source phrase).
func (x *extractor) phraseRestEnd(k, b int) int {
	ts := x.d.ts
	for i := k; i < b; i++ {
		if x.d.inq[i] >= 0 {
			return i
		}
		if ts[i].text == "," || ts[i].text == ";" {
			return i
		}
	}
	return b
}

// adjunctOnly reports whether [k, end) holds nothing but circumstance ("on Friday",
// "in a statement", "at a news conference"): then the cue closes its attribution.
func (x *extractor) adjunctOnly(k, end int) bool {
	ts := x.d.ts
	words := 0
	for i := k; i < end; i++ {
		t := ts[i]
		if t.kind == tkQuote {
			return false
		}
		if t.kind != tkWord {
			if t.text == "." || t.text == "!" || t.text == "?" || t.text == ")" || t.text == "(" || t.text == "…" || t.text == "..." {
				continue
			}
			return false
		}
		words++
		if i == k && !adjunctLeads[t.lower] && !timeWords[t.lower] {
			return false
		}
		switch t.lower {
		case "that", "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should", "must", "did", "does", "not":
			return false
		}
		if _, ok := cueWords[t.lower]; ok && !t.cap && t.lower != "reporting" && !(i > k && (determiners[ts[i-1].lower] || possessivePronoun(ts[i-1].lower) || mediumAdjectives[ts[i-1].lower])) {
			return false
		}
	}
	return words <= 14
}

// skipToContent skips what stands between a cue and its content: circumstance
// ("on social media", "in a post on X"), "that", and a comma or colon before a quote.
func (x *extractor) skipToContent(k, b int) int {
	d := x.d
	ts := d.ts
	for k < b && d.inq[k] < 0 && (isLyAdverb(ts[k]) || ts[k].lower == "only" || ts[k].lower == "also" || ts[k].lower == "again") {
		k++
	}
	// "that" within a short circumstance phrase
	if k < b && adjunctLeads[ts[k].lower] && d.inq[k] < 0 {
		for i := k; i < b && i < k+14; i++ {
			if d.inq[i] >= 0 || ts[i].text == "," && !(i+1 < b && ts[i+1].lower == "that") {
				break
			}
			if ts[i].lower == "that" {
				return i + 1
			}
			if v, ok := cueWords[ts[i].lower]; ok && v.form == formFinite && !determiners[ts[i-1].lower] {
				break
			}
			switch ts[i].lower {
			case "is", "are", "was", "were", "has", "have", "had", "will", "would":
				i = b
			}
		}
		// a time or medium phrase without "that": skip it
		k = x.skipCircumstance(k, b)
	}
	if k < b && ts[k].text == "," && k+1 < b && ts[k+1].lower == "that" {
		k++
	}
	if k < b && ts[k].lower == "that" {
		return k + 1
	}
	if k < b && (ts[k].text == "," || ts[k].text == ":") && k+1 < b && ts[k+1].kind == tkQuote {
		return k + 1
	}
	if k < b && ts[k].text == ":" {
		return k + 1
	}
	return k
}

// skipCircumstance skips leading phrases of time and medium after a cue.
func (x *extractor) skipCircumstance(k, b int) int {
	ts := x.d.ts
	for k < b {
		l := ts[k].lower
		switch {
		case timeWords[l] && ts[k].cap:
			k++
		case (l == "on" || l == "late" || l == "early" || l == "last" || l == "this" || l == "earlier") && k+1 < b && (timeWords[ts[k+1].lower] || isDigits(ts[k+1].text)):
			k += 2
			for k < b && (isDigits(ts[k].text) || timeWords[ts[k].lower]) {
				k++
			}
		case l == "on" && k+2 < b && ts[k+1].lower == "social" && ts[k+2].lower == "media":
			k += 3
		case (l == "in" || l == "during" || l == "at") && k+1 < b:
			// "in a statement", "at a news conference", "in an interview with CNN"
			e := k + 1
			for e < b && e < k+8 && ts[e].kind == tkWord && !mediumHeads[ts[e].lower] {
				e++
			}
			if e < b && mediumHeads[ts[e].lower] {
				e++
				if e < b && (ts[e].lower == "with" || ts[e].lower == "on") {
					e = x.npForward(e+1, b)
				}
				k = e
				if k < b && ts[k].text == "," {
					k++
				}
				continue
			}
			return k
		default:
			return k
		}
	}
	return k
}

var mediumHeads = set("statement", "interview", "speech", "address", "conference", "briefing",
	"post", "tweet", "video", "letter", "podcast", "broadcast", "op-ed", "message",
	"remarks", "release", "hearing", "session", "meeting", "appearance", "testimony", "column")

// clauseEnd returns where reported content starting at k ends.
func (x *extractor) clauseEnd(k, b int, leadIns map[int]bool) int {
	d := x.d
	ts := d.ts
	for i := k; i < b; i++ {
		if d.inq[i] >= 0 {
			if d.inq[i] == i && d.qmate[i] > i {
				i = d.qmate[i]
			}
			continue
		}
		t := ts[i]
		if t.text == ";" {
			return i
		}
		if leadIns[i] && i > k {
			return i
		}
		if t.text == "," && i+1 < b {
			n := ts[i+1]
			if v, ok := cueWords[n.lower]; ok && v.form == formParticiple && !n.cap {
				return i
			}
			if n.lower == "according" && i+2 < b && ts[i+2].lower == "to" {
				return i
			}
			if n.lower == "as" && i+3 < b && sourceCueVerbs[ts[i+2].lower] && ts[i+3].lower == "by" {
				return i
			}
			if contentStops[n.lower] || (n.lower == "even" && i+2 < b && ts[i+2].lower == "as") {
				return i
			}
			if n.lower == "among" && i+2 < b && (ts[i+2].lower == "others" || ts[i+2].lower == "other") {
				return i
			}
		}
		if (t.lower == "and" || t.lower == "but") && i+1 < b && i > k {
			j := i + 1
			for j < b && (adverbs[ts[j].lower] || isLyAdverb(ts[j])) {
				j++
			}
			if j < b && ts[j].lower == "that" && j == i+1 {
				return i
			}
			if j < b && !ts[j].cap {
				if v, ok := cueWords[ts[j].lower]; ok && v.form == formFinite && (j+1 >= b || ts[j+1].lower != "by") {
					return i
				}
			}
		}
		if t.lower == "according" && i+1 < b && ts[i+1].lower == "to" && i > k {
			return i
		}
	}
	return b
}

// calledEnd ends the content of "called" after its quoted name: `called a "multi-tiered
// response" against …` reports the name only.
func (x *extractor) calledEnd(k, end int) int {
	d := x.d
	ts := d.ts
	for q := k; q < end && q < k+6; q++ {
		if ts[q].kind == tkQuote && d.inq[q] == q && d.qmate[q] > q && d.qmate[q] < end {
			return d.qmate[q] + 1
		}
	}
	return end
}

// contentStartBefore returns where content that ends before a post-posed attribution
// starts: the sentence start, after a sentence-initial subordinate phrase ("Since
// 2019, …") when the content is a plain clause.
func (x *extractor) contentStartBefore(a, end int) int {
	ts := x.d.ts
	if a < end && ts[a].kind == tkWord && ts[a].cap && subordinators[ts[a].lower] && ts[a].lower != "as" {
		for i := a + 1; i < end && i < a+20; i++ {
			if x.d.inq[i] >= 0 {
				break
			}
			if ts[i].text == "," {
				if i+1 < end {
					return i + 1
				}
				break
			}
		}
	}
	return a
}

// allAdjunct reports whether [a, e) is a sentence-opening phrase ending in a comma.
func (x *extractor) allAdjunct(a, e int) bool {
	ts := x.d.ts
	for i := a; i < e; i++ {
		switch ts[i].lower {
		case "but", "and", "however", "yet", "so", "still", "now", ",", "•", "-", "—":
		default:
			if ts[i].kind == tkWord {
				return false
			}
		}
	}
	return e > a
}

// hasCandBefore reports whether sentence si already has a candidate whose content lies
// before token i.
func (x *extractor) hasCandBefore(si, i int) bool {
	for _, ci := range x.sentCands[si] {
		if x.cands[ci].cs < i {
			return true
		}
	}
	return false
}

// clauseLike reports whether tokens [cs, ce) read as a clause rather than a bare noun
// phrase ("the airstrikes targeted …" versus "the strikes").
func (x *extractor) clauseLike(cs, ce int) bool {
	ts := x.d.ts
	for i := cs; i < ce; i++ {
		t := ts[i]
		if t.text == "," || t.lower == "which" || t.lower == "who" {
			return false // a relative or appended clause does not make the object a clause
		}
		if t.kind != tkWord {
			continue
		}
		switch t.lower {
		case "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can",
			"should", "must", "did", "does", "do", "may", "might", "been":
			return true
		}
		if i > cs && !t.cap && strings.HasSuffix(t.lower, "ed") && len(t.lower) > 4 {
			p := ts[i-1].lower
			if !determiners[p] && !connectors[p] && ts[i-1].kind == tkWord {
				return true
			}
		}
	}
	return false
}

// startsWithVerb reports whether content opens with a word that cannot begin a
// statement ("said", "is"): the cue was misread.
func (x *extractor) startsWithVerb(cs int) bool {
	t := x.d.ts[cs]
	if t.kind != tkWord || t.cap {
		return false
	}
	if v, ok := cueWords[t.lower]; ok && v.form == formFinite {
		return true
	}
	switch t.lower {
	case "is", "are", "was", "were", "by", "of", "and", "or", "but", "can", "could", "will",
		"would", "may", "might", "should", "must", "has", "have", "had", "do", "does", "did":
		return true
	}
	return false
}

// setContent sets the candidate's content to tokens [cs, ce) after trimming
// punctuation, and its kind. It returns false when nothing remains.
func (x *extractor) setContent(c *cand, cs, ce int) bool {
	d := x.d
	ts := d.ts
	for cs < ce && ts[cs].kind == tkPunct && ts[cs].text != "(" {
		cs++
	}
	for ce > cs {
		t := ts[ce-1]
		if t.kind == tkPunct && t.text != ")" && t.text != "…" && t.text != "..." && t.text != "%" {
			ce--
			continue
		}
		if t.kind == tkQuote && d.inq[ce-1] == ce-1 {
			ce-- // an opening mark with nothing after it
			continue
		}
		break
	}
	if cs >= ce {
		return false
	}
	c.cs, c.ce = cs, ce
	c.conS, c.conE = int(ts[cs].s), int(ts[ce-1].e)
	c.kind = prov.AttributionIndirect
	hasQuote := false
	for i := cs; i < ce; i++ {
		if ts[i].kind == tkQuote && d.inq[i] >= 0 {
			hasQuote = true
			break
		}
	}
	if hasQuote {
		c.kind = prov.AttributionMixed
		if ts[cs].kind == tkQuote && d.inq[cs] == cs && d.quoteEnd(cs) >= ce-1 {
			qe := d.quoteEnd(cs)
			inner0 := cs + 1
			innerE := qe
			if d.qmate[cs] == openToEnd {
				innerE = qe + 1
			}
			if inner0 < innerE {
				c.kind = prov.AttributionDirect
				c.conS, c.conE = int(ts[inner0].s), int(ts[innerE-1].e)
			}
		}
	}
	// a quotation left open that does not close in the content: keep it mixed only if
	// a mark pairs inside
	if c.conE <= c.conS {
		return false
	}
	return true
}

// span returns the text of tokens [a, b).
func (x *extractor) span(a, b int) string {
	if a >= b {
		return ""
	}
	return x.text[x.d.ts[a].s:x.d.ts[b-1].e]
}

// viaText returns the intermediary named by tokens [a, b), minus a leading article for
// common nouns ("reporters"); names keep theirs ("The National").
func (x *extractor) viaText(a, b int) string {
	ts := x.d.ts
	if ts[a].lower == "the" && !ts[a].cap && a+1 < b && ts[a+1].cap {
		a++ // "the Daily Post" → "Daily Post"; "The National" keeps its article
	}
	e := x.npForward(a, b)
	if e <= a {
		e = b
	}
	for e > a && ts[e-1].kind != tkWord {
		e--
	}
	if e <= a {
		return ""
	}
	return x.span(a, e)
}

// continuations attributes quotation-only sentences to the speaker of the quotation
// or statement just before them, and quotations that run on into the next paragraph
// to the speaker found there.
func (x *extractor) continuations() {
	d := x.d
	// backward: a quotation-only paragraph after an attributed sentence
	for si, s := range d.sents {
		if len(x.sentCands[si]) > 0 || !x.quoteOnly(s) {
			continue
		}
		// a quotation that runs on into the next paragraph takes its speaker from there
		if d.qmate[s.a] == openToEnd {
			for sj := si + 1; sj < len(d.sents) && sj < si+4; sj++ {
				if len(x.sentCands[sj]) > 0 {
					src := x.cands[x.sentCands[sj][0]]
					x.addContinuation(si, s, src)
					break
				}
				if !x.quoteOnly(d.sents[sj]) {
					break
				}
			}
			if len(x.sentCands[si]) > 0 {
				continue
			}
		}
		if si == 0 || d.sents[si-1].block < s.block-1 {
			continue
		}
		prev := x.sentCands[si-1]
		if len(prev) == 0 {
			continue
		}
		src := x.cands[prev[len(prev)-1]]
		x.addContinuation(si, s, src)
	}
}

func (x *extractor) addContinuation(si int, s sentence, src *cand) {
	c := &cand{sent: si, sa: -1, from: -1, cueA: src.cueA, cueB: src.cueB, cue: src.cue, cueTok: src.cueTok, medium: src.medium, via: src.via}
	for src.from >= 0 && src.sa < 0 {
		src = x.cands[src.from]
	}
	c.from = x.indexOf(src)
	if !x.setContent(c, s.a, s.b) || c.kind != prov.AttributionDirect {
		return
	}
	c.conf = 0.75
	x.add(c)
}

func (x *extractor) indexOf(c *cand) int {
	for i, o := range x.cands {
		if o == c {
			return i
		}
	}
	return -1
}

// quoteOnly reports whether a sentence is one quotation and closing punctuation.
func (x *extractor) quoteOnly(s sentence) bool {
	d := x.d
	if d.ts[s.a].kind != tkQuote || d.inq[s.a] != s.a {
		return false
	}
	qe := d.quoteEnd(s.a)
	for i := qe + 1; i < s.b; i++ {
		if d.ts[i].kind != tkPunct {
			return false
		}
	}
	return qe < s.b
}

// results converts the kept candidates to Attributions with code-point offsets.
func (x *extractor) results() []Attribution {
	var keep []*cand
	for _, c := range x.cands {
		if c.dropped || c.speaker == "" || c.conE <= c.conS {
			continue
		}
		keep = append(keep, c)
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].conS < keep[j].conS })
	// drop exact duplicates
	out := make([]Attribution, 0, len(keep))
	idx := newRuneIndex(x.text)
	seen := map[[2]int]bool{}
	for _, c := range keep {
		key := [2]int{c.conS, c.conE}
		if seen[key] {
			continue
		}
		seen[key] = true
		a := Attribution{
			Speaker: c.speaker, Known: c.known, Mention: c.mention,
			MentionStart: idx.at(c.mS), MentionEnd: idx.at(c.mE),
			Cue: c.cue, Kind: c.kind,
			Content: x.text[c.conS:c.conE], Start: idx.at(c.conS), End: idx.at(c.conE),
			Confidence: math.Round(clamp01(c.conf)*100) / 100, // 0.8, not 0.7999999999999999
		}
		if c.medium != "" {
			m := c.medium
			a.Medium = &m
		}
		if c.via != "" {
			v := c.via
			a.Via = &v
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func clamp01(f float64) float64 {
	if f < 0 {
		return 0
	}
	if f > 1 {
		return 1
	}
	return f
}

// runeIndex converts byte offsets to code-point offsets, scanning from the offset it
// converted last.
type runeIndex struct {
	text       string
	ascii      bool
	byte, rune int
}

func newRuneIndex(text string) *runeIndex {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= 0x80 {
			ascii = false
			break
		}
	}
	return &runeIndex{text: text, ascii: ascii}
}

func (r *runeIndex) at(b int) int {
	if r.ascii {
		return b
	}
	for r.byte < b {
		if r.text[r.byte]&0xC0 != 0x80 {
			r.rune++
		}
		r.byte++
	}
	for r.byte > b {
		r.byte--
		if r.text[r.byte]&0xC0 != 0x80 {
			r.rune--
		}
	}
	return r.rune
}
