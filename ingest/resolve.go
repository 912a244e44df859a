package ingest

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"claimgraph/prov"
)

// entity is a name the article mentions: a run of capitalised words, possibly with a
// lower-case organisational head ("Biden administration").
type entity struct {
	tok    int // first token
	end    int // token after the run
	sent   int
	canon  string
	person int    // 1 person, -1 not, 0 unknown
	words  string // lower-case words of the run and the word after it, space separated
	// desc holds the lower-case words that describe the name: its title ("minister"
	// in "Education Minister Paul Lefebvre"), a descriptor before it ("German carrier
	// Nordwind Air") and an appositive after it ("Mel Stride, the shadow chancellor,").
	desc []string
	// nameish: a two- or three-word capitalised run that reads as a person's name
	// ("Jane Park") without anything saying so.
	nameish bool
	// gender is 'm' or 'f' when a title ("Mr", "Mrs") or a pronoun bound to the name
	// says so.
	gender byte
}

// entities is what an article says about its names.
type entities struct {
	list []entity
	// acronyms maps a folded acronym ("centcom") to the name it abbreviates.
	acronyms map[string]string
	// surnames maps a folded surname to the full names that end in it.
	surnames map[string][]string
	// persons holds folded full names known to be people.
	persons map[string]bool
	// words counts folded words and word prefixes of the article, for context matching.
	words map[string]int
	// gender maps a folded name to the gender a title or a pronoun gave it.
	gender map[string]byte
}

// orgHeadNouns extend a capitalised run into an organisation's name.
var orgHeadNouns = set("administration", "government", "ministry", "military", "army",
	"police", "campaign", "cabinet", "regime", "junta", "presidency", "embassy")

// anonHeads make a description an anonymous speaker.
var anonHeads = set("official", "officials", "source", "sources", "diplomat", "diplomats",
	"analyst", "analysts", "aide", "aides", "officer", "officers", "spokesman",
	"spokeswoman", "spokesperson", "witness", "witnesses", "resident", "residents",
	"expert", "experts", "reports", "report", "lawmaker", "lawmakers", "insider", "insiders",
	"person", "people", "member", "members", "adviser", "advisers", "advisor", "advisors")

// mediumWords trail a speaker phrase that names the medium ("the White House statement").
var mediumWords = set("statement", "statements", "post", "tweet", "release", "communique",
	"communiqué", "readout")

func collectEntities(x *extractor) *entities {
	d := x.d
	ts := d.ts
	e := &entities{acronyms: map[string]string{}, surnames: map[string][]string{}, persons: map[string]bool{}, gender: map[string]byte{}}
	sentOf := make([]int, len(ts))
	sentStart := make([]bool, len(ts))
	for si, s := range d.sents {
		for i := s.a; i < s.b; i++ {
			sentOf[i] = si
		}
		sentStart[s.a] = true
	}
	midCap := map[string]bool{}
	for i, t := range ts {
		if t.kind == tkWord && t.cap && !sentStart[i] {
			midCap[t.lower] = true
		}
	}
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.kind != tkWord || !t.cap || timeWords[t.lower] || d.inq[i] >= 0 {
			continue
		}
		if determiners[t.lower] && i+1 < len(ts) && ts[i+1].cap {
			continue // "The" before a name
		}
		if clauseStarters[t.lower] || isPronounTok(t.lower) || determiners[t.lower] || demonym(t.lower) && i+1 < len(ts) && !ts[i+1].cap {
			continue
		}
		j := i + 1
		for j < len(ts) && d.inq[j] < 0 && ts[j].nl == 0 {
			// "Provincial Teachers’ Federation", "Northern Gas & Electric"
			if (ts[j].kind == tkSquote && ts[j].s == ts[j-1].e && strings.HasSuffix(ts[j-1].lower, "s") || ts[j].text == "&") && j+1 < len(ts) && ts[j+1].cap && ts[j+1].kind == tkWord && ts[j+1].nl == 0 {
				j += 2
				continue
			}
			if ts[j].kind != tkWord {
				break
			}
			if ts[j].cap && !timeWords[ts[j].lower] {
				j++
				continue
			}
			// "Islamic Resistance in Iraq", "Bank of England" but not "Joe Biden in Lima":
			// a common word joins only a body's or a title's name
			if (nameJoiners[ts[j].lower] || nameParticles[ts[j].lower] && x.bodyRun(i, j)) && j+1 < len(ts) && ts[j+1].cap && ts[j+1].kind == tkWord && !timeWords[ts[j+1].lower] {
				j += 2
				continue
			}
			break
		}
		canon := x.text[ts[i].s:ts[j-1].e]
		end := j
		// "Name (ACR)"
		if j+2 < len(ts) && ts[j].text == "(" && ts[j+1].kind == tkWord && ts[j+2].text == ")" && ts[j+1].cap {
			acr := prov.FoldName(ts[j+1].text)
			if _, dup := e.acronyms[acr]; !dup && acr != prov.FoldName(canon) {
				e.acronyms[acr] = canon
			}
			end = j + 3
		}
		next := ""
		if end < len(ts) && ts[end].kind == tkWord && !ts[end].cap {
			next = ts[end].lower
			if orgHeadNouns[next] {
				canon = x.text[ts[i].s:ts[end].e]
				end++
			}
		}
		single := j == i+1
		if single && sentStart[i] && !t.upper && !midCap[t.lower] && !(end < len(ts) && titleHeads[ts[end].lower]) {
			if _, ok := x.lookup(canon); !ok {
				i = end - 1
				continue
			}
		}
		ent := entity{tok: i, end: end, sent: sentOf[i], canon: canon, words: strings.ToLower(canon) + " " + next}
		// a person title before the run
		if i > 0 && ts[i-1].kind == tkWord && titleHeads[ts[i-1].lower] && !orgTitle[ts[i-1].lower] {
			ent.person = 1
		}
		// a title inside the run: "President Donald Trump"
		name, isPerson := stripTitles(x, i, j)
		if isPerson {
			ent.canon, ent.person = name, 1
		}
		if ent.person == 0 && hasOrgWord(ent.words) {
			ent.person = -1
		}
		// "forward Sam Okafor", "Maria Santos, 54,": a name after a descriptor or before an age
		if ent.person == 0 && j-i >= 2 && j-i <= 3 && !t.upper && x.personLike(i, j) {
			ent.person = 1
		}
		x.describe(&ent, i, j)
		if ent.person == 0 && !t.upper && nameLike(ent.canon) {
			ent.nameish = true
		}
		if (ent.person == 1 || ent.nameish) && strings.Contains(ent.canon, " ") {
			e.addPerson(ent.canon)
		}
		if ent.gender != 0 {
			g := prov.FoldName(ent.canon)
			if full := e.surnames[g]; len(full) == 1 {
				g = prov.FoldName(full[0])
			}
			if _, ok := e.gender[g]; !ok {
				e.gender[g] = ent.gender
			}
		}
		e.list = append(e.list, ent)
		i = end - 1
	}
	return e
}

// bodyRun reports whether the capitalised run ts[i:j] names a body or a title
// ("Islamic Resistance", "Secretary"), which "of", "in" or "and" may continue.
func (x *extractor) bodyRun(i, j int) bool {
	for k := i; k < j; k++ {
		l := x.d.ts[k].lower
		if orgWords[l] || orgHeadNouns[l] || titleHeads[l] || publicBodies[l] || businessHeads[l] {
			return true
		}
	}
	return false
}

// describe fills the entity's descriptor words, gender and, where they say so, its
// kind: the title stripped from the run, up to three lower-case words before it, and
// an appositive after it.
func (x *extractor) describe(ent *entity, i, j int) {
	ts := x.d.ts
	for k := i; k < j; k++ {
		l := strings.TrimSuffix(ts[k].lower, ".")
		if full, ok := titleAbbrevFull[l]; ok {
			l = full
		}
		if titleHeads[l] || personTitles[l] {
			ent.desc = append(ent.desc, l)
		}
	}
	if i > 0 && ts[i-1].kind == tkWord && (ts[i-1].lower == "mr" || ts[i-1].lower == "mr.") {
		ent.gender = 'm'
	}
	for k := i; k < j && k < i+2; k++ {
		switch strings.TrimSuffix(ts[k].lower, ".") {
		case "mr", "sir", "lord", "king", "prince", "mister", "sheikh":
			ent.gender = 'm'
		case "mrs", "ms", "miss", "lady", "dame", "queen", "princess", "madam", "sheikha":
			ent.gender = 'f'
		}
	}
	// "German carrier Nordwind Air", "striker Kwame Asante"
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := ts[k]
		if t.kind != tkWord || t.cap || x.d.inq[k] >= 0 || !modifierWord(t) || !describingWord(t.lower) {
			break
		}
		ent.desc = append(ent.desc, t.lower)
		x.kindFromWord(ent, t.lower)
	}
	// ", the shadow chancellor,", ", a maker of …", ", president of …"
	if j+1 < len(ts) && ts[j].text == "," {
		for k, n := j+1, 0; k < len(ts) && n < 6; k, n = k+1, n+1 {
			t := ts[k]
			if t.kind != tkWord || x.d.inq[k] >= 0 || t.nl > 0 {
				break
			}
			if determiners[t.lower] && n == 0 || possessive(t.lower) {
				continue
			}
			if t.cap && n == 0 || connectors[t.lower] || t.lower == "who" || t.lower == "which" {
				break
			}
			if !t.cap && modifierWord(t) {
				ent.desc = append(ent.desc, t.lower)
				if x.kindFromWord(ent, t.lower) {
					break
				}
			}
		}
	}
}

// titleAbbrevFull spells out abbreviated titles, so that "Gen. Mark Hill" is "the general".
var titleAbbrevFull = map[string]string{"gen": "general", "sen": "senator", "gov": "governor",
	"rep": "representative", "dr": "doctor", "prof": "professor", "col": "colonel",
	"lt": "lieutenant", "capt": "captain", "sgt": "sergeant", "adm": "admiral", "maj": "major",
	"insp": "inspector", "supt": "superintendent", "det": "detective", "cmdr": "commander"}

// describingWord reports whether w is a noun that describes a person or body
// ("carrier", "striker", "teacher"), as opposed to a verb or adjective before a name.
func describingWord(w string) bool {
	return titleHeads[w] || personTitles[w] || personNouns[w] || orgTitle[w] || orgWords[w] ||
		genericOrgHeads[w] || businessHeads[w] || nounWords[w] || publicBodies[w] || hyphenLower(w)
}

// kindFromWord types the entity by a descriptor word and reports whether it did.
func (x *extractor) kindFromWord(ent *entity, w string) bool {
	switch {
	case ent.person != 0:
		return false
	case orgTitle[w] || orgHeadNouns[w] || orgWords[w] && !personNouns[w]:
		ent.person = -1
	case titleHeads[w] || personTitles[w] || personNouns[w] || strings.HasSuffix(w, "-year-old"):
		ent.person = 1
	default:
		return false
	}
	return true
}

// personLike reports whether the capitalised run ts[i:j] reads as a person's name: it
// follows a lower-case descriptor ("billionaire Karl Jensen") or precedes an age
// ("Maria Santos, 54,").
func (x *extractor) personLike(i, j int) bool {
	ts := x.d.ts
	for k := i; k < j; k++ {
		if ts[k].upper || !ts[k].cap || strings.ContainsAny(ts[k].text, ".0123456789") {
			return false
		}
	}
	if i > 0 {
		p := ts[i-1]
		if p.kind == tkWord && !p.cap && !connectors[p.lower] && !determiners[p.lower] && !clauseStarters[p.lower] && !adjunctLeads[p.lower] && !possessive(p.lower) && !orgTitle[p.lower] && !orgWords[p.lower] && !genericOrgHeads[p.lower] && !businessHeads[p.lower] {
			if _, cue := cueWords[p.lower]; !cue && !auxiliaries[p.lower] && !passiveAux[p.lower] && p.lower != "by" {
				return true
			}
		}
	}
	if j+2 < len(ts) && ts[j].text == "," && isDigits(ts[j+1].text) && len(ts[j+1].text) <= 3 {
		return true
	}
	return false
}

var nameParticles = set("of", "for", "in", "and", "al", "bin", "de", "du", "des", "la", "le",
	"del", "der", "van", "von", "ez", "el", "da", "di", "ibn", "on", "the")

// orgTitle are title heads that introduce an organisation's name ("agency Petra").
var orgTitle = set("agency", "outlet", "newspaper", "broadcaster", "channel", "network", "daily",
	"website", "monitor", "group", "firm", "company", "organisation", "organization",
	"ministry", "publication", "magazine", "watchdog", "service", "body", "tabloid", "wire",
	"site", "platform", "club", "team", "side", "bank", "lender", "carrier", "airline",
	"insurer", "retailer", "startup", "automaker", "carmaker", "giant", "maker", "producer",
	"developer", "operator", "provider", "regulator", "union", "charity", "nonprofit",
	"think-tank", "tank", "broadcaster")

// countWords fills e.words from the article's tokens.
func (e *entities) countWords(ts []token) {
	e.words = make(map[string]int, len(ts)/2)
	for _, t := range ts {
		if t.kind == tkWord && t.cap {
			f := t.lower
			if strings.ContainsAny(f, ".'’") {
				f = prov.FoldName(f)
			}
			e.words[f]++
			if len(f) > 4 {
				e.words[f[:4]]++
			}
		}
	}
}

func (e *entities) addPerson(full string) {
	f := prov.FoldName(full)
	if e.persons[f] {
		return
	}
	e.persons[f] = true
	parts := strings.Fields(f)
	last := parts[len(parts)-1]
	e.surnames[last] = append(e.surnames[last], full)
}

func hasOrgWord(words string) bool {
	for _, w := range strings.Fields(words) {
		if orgWords[strings.Trim(w, ".,")] || orgHeadNouns[w] {
			return true
		}
	}
	return false
}

// stripTitles returns the name inside a run of capitalised tokens [i, j) that holds a
// title ("US Defence Secretary Pete Hegseth" → "Pete Hegseth").
func stripTitles(x *extractor, i, j int) (string, bool) {
	ts := x.d.ts
	at := -1
	for k := i; k < j-1; k++ {
		if titleHeads[ts[k].lower] && !orgTitle[ts[k].lower] && !personTitles[ts[k+1].lower] && ts[k+1].cap {
			at = k
		}
	}
	if at < 0 {
		return "", false
	}
	return x.text[ts[at+1].s:ts[j-1].e], true
}

// mentionInfo is what a speaker phrase says about its speaker.
type mentionInfo struct {
	canon    string // canonical name without a directory
	variants []string
	person   int
	pronoun  string
	generic  string // for "the official", "officials": the lower-case description
	anon     bool
	keepThe  bool // "The Guardian": the article is part of the name
}

// parseMention reads the speaker phrase ts[sa:sb].
func (x *extractor) parseMention(sa, sb int) mentionInfo {
	ts := x.d.ts
	var m mentionInfo
	if sb-sa == 1 && isPronounTok(ts[sa].lower) {
		m.pronoun = ts[sa].lower
		return m
	}
	// drop parenthetical acronyms, remember them
	var idx []int
	for k := sa; k < sb; k++ {
		if ts[k].text == "(" {
			for k < sb && ts[k].text != ")" {
				k++
			}
			continue
		}
		idx = append(idx, k)
	}
	if len(idx) == 0 {
		// the whole phrase is parenthetical ("(Reuters) said"): its inside is the name
		for k := sa; k < sb; k++ {
			if ts[k].text != "(" && ts[k].text != ")" {
				idx = append(idx, k)
			}
		}
		if len(idx) == 0 {
			return m
		}
	}
	// leading determiners and ranks; a capitalised "The" inside a sentence belongs to
	// the name ("…, The Guardian reported")
	hadThe := false
	if p := idx[0] - 1; len(idx) > 1 && ts[idx[0]].text == "The" && p >= 0 && !x.d.sentStart[idx[0]] && ts[idx[1]].cap && (ts[p].text == "," || ts[p].kind == tkWord && !ts[p].cap) {
		m.keepThe = true
	}
	for len(idx) > 0 && !m.keepThe && (determiners[ts[idx[0]].lower] || rankWords[ts[idx[0]].lower]) {
		if ts[idx[0]].lower == "the" {
			hadThe = true
		}
		idx = idx[1:]
	}
	if len(idx) == 0 {
		return m
	}
	text := func(ix []int) string {
		if len(ix) == 0 {
			return ""
		}
		var b strings.Builder
		for n, k := range ix {
			if rankWords[ts[k].lower] {
				continue
			}
			if n > 0 && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(ts[k].text)
		}
		return b.String()
	}
	// "X and others in his administration" → "<surname> administration"
	for n, k := range idx {
		if ts[k].lower == "and" && n+1 < len(idx) && (ts[idx[n+1]].lower == "others" || ts[idx[n+1]].lower == "other" || ts[idx[n+1]].lower == "members") {
			last := idx[len(idx)-1]
			if n > 0 && !ts[last].cap && nounWords[ts[last].lower] {
				left := idx[:n]
				name, _ := x.nameOf(left)
				parts := strings.Fields(name)
				if len(parts) > 0 {
					m.canon = parts[len(parts)-1] + " " + ts[last].lower
					m.person = -1
					m.variants = []string{m.canon}
					return m
				}
			}
		}
	}
	// coordination: the first conjunct, unless "and" is inside a name ("Office of
	// Management and Budget")
	inOf := false
	for n, k := range idx {
		if ts[k].lower == "of" {
			inOf = true
		}
		if ts[k].lower == "and" && n > 0 && n+1 < len(idx) && !inOf {
			if _, ok := x.lookup(text(idx)); ok {
				break
			}
			left := idx[:n]
			if _, ok := x.lookup(text(left)); ok || len(left) >= 2 {
				idx = left
			}
			break
		}
	}
	// a trailing medium word: "the White House statement"
	if len(idx) > 1 && mediumWords[ts[idx[len(idx)-1]].lower] {
		idx = idx[:len(idx)-1]
	}
	// a title before a name
	at := -1
	for n := 0; n+1 < len(idx); n++ {
		k := idx[n]
		if titleHeads[ts[k].lower] && !personTitles[ts[idx[n+1]].lower] && ts[idx[n+1]].cap && idx[n+1] == k+1 {
			at = n
		}
	}
	if at >= 0 {
		name := idx[at+1:]
		// the name ends where the capitalised run ends
		e := 0
		particles := nameParticles
		if !orgTitle[ts[idx[at]].lower] {
			particles = nameJoiners // a person's name stops at "of Springfield"
		}
		for e < len(name) && (ts[name[e]].cap || ts[name[e]].text == "&" || particles[ts[name[e]].lower] && joinsName(ts, name, e, particles)) {
			e++
		}
		name = name[:e]
		m.canon = text(name)
		if orgTitle[ts[idx[at]].lower] {
			m.person = -1
		} else {
			m.person = 1
		}
		m.variants = []string{m.canon, text(idx)}
		return m
	}
	// a name followed by a description: "Rami Abdel Rahman from the Syrian Observatory"
	if ts[idx[0]].cap {
		e := 0
		for e < len(idx) && (ts[idx[e]].cap || nameParticles[ts[idx[e]].lower] && e+1 < len(idx) && ts[idx[e+1]].cap) {
			e++
		}
		if e < len(idx) && (ts[idx[e]].lower == "from" || ts[idx[e]].lower == "of" || ts[idx[e]].lower == "at" || ts[idx[e]].lower == "with") && e+1 < len(idx) && !ts[idx[e+1]].cap {
			idx = idx[:e]
		}
	}
	// a trailing word for a document: "NHS England data", "the Pentagon report"
	if n := len(idx); n > 1 && documentWords[ts[idx[n-1]].lower] && ts[idx[n-2]].cap {
		idx = idx[:n-1]
	}
	// a description before a name: "Retired teacher Elaine Dorsey", "the grain exporters
	// association Anec"
	if n := len(idx); n >= 2 && ts[idx[n-1]].cap {
		r := n - 1
		for r > 0 && (ts[idx[r-1]].cap || ts[idx[r-1]].text == "&" || nameJoiners[ts[idx[r-1]].lower] && r-2 >= 0 && ts[idx[r-2]].cap) {
			r--
		}
		if r > 0 && !ts[idx[r-1]].cap && modifierWord(ts[idx[r-1]]) && !connectors[ts[idx[r-1]].lower] {
			m.canon = text(idx[r:])
			m.variants = []string{m.canon, text(idx)}
			var ent entity
			for _, k := range idx[:r] {
				if !ts[k].cap {
					x.kindFromWord(&ent, ts[k].lower)
				}
			}
			m.person = ent.person
			return m
		}
	}
	// "a spokeswoman for Northern Gas & Electric" → "Northern Gas & Electric spokeswoman"
	if n := len(idx); n >= 3 && anonHeads[ts[idx[0]].lower] && ts[idx[1]].lower == "for" && ts[idx[2]].cap {
		org := text(idx[2:])
		m.canon = org + " " + ts[idx[0]].text
		m.variants = []string{m.canon}
		m.anon = true
		m.person = 1
		return m
	}
	full := text(idx)
	m.canon = full
	m.variants = []string{full}
	last := ts[idx[len(idx)-1]].lower
	allLower := true
	for _, k := range idx {
		if ts[k].cap {
			allLower = false
		}
	}
	// "Biden administration officials" → "Biden administration"
	if (last == "officials" || last == "official") && len(idx) >= 3 && orgHeadNouns[ts[idx[len(idx)-2]].lower] {
		org := text(idx[:len(idx)-1])
		m.variants = []string{full, org}
		m.canon = org
		m.person = -1
		return m
	}
	if anonHeads[last] {
		m.anon = true
		if last == "official" || last == "spokesman" || last == "spokeswoman" || last == "spokesperson" {
			m.person = 1
		}
	}
	if allLower && (hadThe || m.anon) {
		m.generic = full
	}
	// "The MP", "the BBC"? only an acronym heading an anonymous description
	if hadThe && len(idx) == 1 && ts[idx[0]].upper && anonAcronyms[ts[idx[0]].lower] {
		m.generic = ts[idx[0]].text
	}
	if len(idx) == 1 && ts[idx[0]].cap {
		m.canon = ts[idx[0]].text
	}
	if m.person == 0 && hasOrgWord(strings.ToLower(full)) {
		m.person = -1
	}
	return m
}

// joinsName reports whether the particle at name[e] joins the name: more particles,
// then a capitalised word ("van der Berg").
func joinsName(ts []token, name []int, e int, particles map[string]bool) bool {
	for k := e + 1; k < len(name); k++ {
		if ts[name[k]].cap {
			return true
		}
		if !particles[ts[name[k]].lower] {
			return false
		}
	}
	return false
}

// documentWords name what an organisation published rather than who spoke.
var documentWords = set("data", "figures", "statistics", "report", "survey", "poll", "analysis",
	"filing", "filings", "records", "documents", "website")

// nameOf returns the name in tokens ix, stripped of titles.
func (x *extractor) nameOf(ix []int) (string, bool) {
	ts := x.d.ts
	at := -1
	for n := 0; n+1 < len(ix); n++ {
		if titleHeads[ts[ix[n]].lower] && ts[ix[n+1]].cap && !personTitles[ts[ix[n+1]].lower] {
			at = n
		}
	}
	if at >= 0 {
		ix = ix[at+1:]
	}
	if len(ix) == 0 {
		return "", false
	}
	return x.text[ts[ix[0]].s:ts[ix[len(ix)-1]].e], at >= 0
}

// lookup asks the directory.
func (x *extractor) lookup(name string) (string, bool) {
	if x.dir == nil || name == "" {
		return "", false
	}
	return x.dir.Lookup(name)
}

// resolveAll names the speaker of every candidate.
func (x *extractor) resolveAll() {
	order := make([]int, len(x.cands))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := x.cands[order[i]], x.cands[order[j]]
		if a.sent != b.sent {
			return a.sent < b.sent
		}
		return a.cueTok < b.cueTok
	})
	var prev *cand
	// own subjects first, in text order; then continuations
	for _, ci := range order {
		c := x.cands[ci]
		if c.from >= 0 || c.sa < 0 {
			continue
		}
		x.resolve(c, prev)
		if c.speaker != "" && !c.dropped {
			prev = c
		}
	}
	for _, ci := range order {
		c := x.cands[ci]
		if c.from < 0 {
			continue
		}
		src := x.cands[c.from]
		c.speaker, c.mention, c.mS, c.mE, c.known, c.person = src.speaker, src.mention, src.mS, src.mE, src.known, src.person
		if c.medium == "" {
			c.medium = src.medium
		}
	}
	// "told Biden": a person told is the addressee, not an intermediary
	for _, c := range x.cands {
		if c.via != "" && x.personName(c.via) {
			c.via = ""
		}
	}
	// "It added …": a continuing report keeps the medium of the speaker's last report
	var last = map[string]*cand{}
	for _, ci := range order {
		c := x.cands[ci]
		if c.dropped || c.speaker == "" {
			continue
		}
		if p, ok := last[c.speaker]; ok && c.medium == "" && cueLemmaOf[strings.ToLower(lastWord(c.cue))] == "add" && c.sent-p.sent <= 2 {
			c.medium = p.medium
		}
		last[c.speaker] = c
	}
}

// personName reports whether the article or the directory makes name a person.
func (x *extractor) personName(name string) bool {
	f := prov.FoldName(name)
	if x.ents.persons[f] || len(x.ents.surnames[f]) > 0 {
		return true
	}
	if e, ok := x.entityNamed(name); ok && (e.person == 1 || e.nameish) {
		return true
	}
	if canon, ok := x.lookup(name); ok {
		if kd, ok := x.dir.(KindDirectory); ok && kd.Kind(canon) == prov.ActorPerson {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// resolve names c's speaker from its own mention; prev is the last resolved candidate.
func (x *extractor) resolve(c *cand, prev *cand) {
	ts := x.d.ts
	c.mention = x.span(c.sa, c.sb)
	c.mS, c.mE = int(ts[c.sa].s), int(ts[c.sb-1].e)
	m := x.parseMention(c.sa, c.sb)
	switch {
	case m.pronoun == "" && c.sb-c.sa >= 2 && possessivePronoun(ts[c.sa].lower) && !x.hasCap(c.sa+1, c.sb):
		// "its annual report", "their statement": the owner said it
		x.resolvePronoun(c, ownerPronoun[ts[c.sa].lower], prev)
		c.mention = x.span(c.sa, c.sb)
		c.conf -= 0.1
		return
	case m.pronoun != "":
		x.resolvePronoun(c, m.pronoun, prev)
		c.conf -= 0.1
		return
	case m.generic != "":
		if x.resolveGeneric(c, m) {
			return
		}
	}
	if m.canon == "" {
		c.dropped = true
		return
	}
	c.person = m.person
	variants := append([]string{}, m.variants...)
	// a single name: an acronym spelled out earlier, or a surname of a full name
	if !strings.Contains(m.canon, " ") {
		f := prov.FoldName(m.canon)
		if full, ok := x.ents.acronyms[f]; ok {
			variants = append(variants, full)
			if _, known := x.lookup(m.canon); !known {
				m.canon = stripThe(full)
			}
		}
		if fulls := x.ents.surnames[f]; len(fulls) > 0 {
			full := x.nearestFull(fulls, c.sa)
			if full != "" {
				// the article's own full name decides: "Hunter Biden … Biden said" is
				// never a directory's other Biden
				variants = []string{full}
				m.canon = full
				c.person = 1
			}
		}
	}
	variants = append(variants, m.canon)
	for _, v := range variants {
		if name, ok := x.lookup(v); ok {
			c.speaker, c.known = name, true
			x.kindFromDir(c)
			return
		}
		if name, ok := x.lookup(stripThe(v)); ok {
			c.speaker, c.known = name, true
			x.kindFromDir(c)
			return
		}
	}
	if m.generic != "" || (m.anon && !strings.Contains(m.canon, " ")) {
		if name, ok := x.suffixMatch(m.canon); ok {
			c.speaker, c.known = name, true
			return
		}
	}
	c.speaker = m.canon
	if !m.keepThe {
		c.speaker = stripThe(m.canon)
	}
	if c.person == 0 && nameLike(c.speaker) && !m.anon {
		c.person = 1 // "Karl Brandt, a trucker, said": a two- or three-word name
	}
	if c.person == 1 && strings.Contains(c.speaker, " ") {
		x.ents.addPerson(c.speaker)
	}
}

// nameLike reports whether s reads as a person's name: two or three capitalised
// words, none of them an organisation word, an acronym or a number.
func nameLike(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 3 {
		return false
	}
	for _, w := range f {
		r := []rune(w)
		if len(r) < 2 || !unicode.IsUpper(r[0]) || allUpper(w) || strings.ContainsAny(w, ".0123456789") {
			return false
		}
		l := strings.ToLower(w)
		if orgWords[l] || orgHeadNouns[l] || timeWords[l] || nounWords[l] {
			return false
		}
	}
	return true
}

func (x *extractor) kindFromDir(c *cand) {
	if kd, ok := x.dir.(KindDirectory); ok {
		switch kd.Kind(c.speaker) {
		case prov.ActorPerson:
			c.person = 1
		case prov.ActorAnonymous, prov.ActorUnknown:
		default:
			c.person = -1
		}
	}
}

func stripThe(s string) string {
	if len(s) > 4 && (strings.HasPrefix(s, "the ") || strings.HasPrefix(s, "The ")) {
		return s[4:]
	}
	return s
}

// nearestFull picks among full names sharing a surname the one mentioned last before
// token i, or the only one.
func (x *extractor) nearestFull(fulls []string, i int) string {
	if len(fulls) == 1 {
		return fulls[0]
	}
	best, bestTok := "", -1
	for _, e := range x.ents.list {
		for _, f := range fulls {
			if e.canon == f && e.tok < i && e.tok > bestTok {
				best, bestTok = f, e.tok
			}
		}
	}
	return best
}

// ownerPronoun maps a possessive pronoun to its subject form.
var ownerPronoun = map[string]string{"its": "it", "his": "he", "her": "she", "their": "they", "our": "we", "my": "i", "your": "you"}

// resolvePronoun resolves "he", "she", "it" or "they" to the nearest compatible
// antecedent: sentence by sentence backwards, in each the earliest speaker or name (the
// subject before its objects), skipping names inside attributed content, names whose
// kind or gender does not fit, and never binding "she" to a name already bound by "he".
func (x *extractor) resolvePronoun(c *cand, p string, prev *cand) {
	ts := x.d.ts
	c.mention = ts[c.sa].text
	wantPerson := 0
	var gender byte
	switch {
	case p == "he":
		wantPerson, gender = 1, 'm'
	case p == "she":
		wantPerson, gender = 1, 'f'
	case thingPronouns[p]:
		wantPerson = -1
	case firstPronouns[p]:
		c.dropped = true
		return
	}
	if wantPerson == -1 {
		// 1. a name earlier in the same sentence ("While the administration …, it said")
		sent := x.d.sents[c.sent]
		for n := len(x.ents.list) - 1; n >= 0; n-- {
			e := x.ents.list[n]
			if e.tok >= sent.a && e.tok < c.sa && e.person <= 0 && !e.nameish && !x.inContent(c.sent, e.tok) {
				x.adopt(c, e.canon, -1)
				return
			}
		}
	}
	for si := c.sent; si >= 0 && si >= c.sent-4; si-- {
		if x.antecedentIn(c, si, wantPerson, gender, pluralPronouns[p]) {
			if gender != 0 {
				x.bindGender(c.speaker, gender)
			}
			return
		}
	}
	if prev != nil && wantPerson != 1 && !pluralPronouns[p] {
		c.speaker, c.known, c.person = prev.speaker, prev.known, prev.person
		c.conf -= 0.2
		return
	}
	c.dropped = true
}

// antecedentIn looks for the antecedent of pronoun candidate c in sentence si: the
// first speaker resolved there, else the first fitting name outside attributed
// content, else (for "they") the sentence's subject when it is plural. It sets c's
// speaker and reports whether it found one.
func (x *extractor) antecedentIn(c *cand, si, wantPerson int, gender byte, plural bool) bool {
	s := x.d.sents[si]
	limit := s.b
	if si == c.sent {
		limit = c.sa
	}
	fits := func(person int, g byte, speaker string) bool {
		if plural {
			return person == -1 || pluralName(speaker)
		}
		if gender != 0 && g != 0 && g != gender {
			return false
		}
		switch wantPerson {
		case 1:
			return person == 1 && !pluralName(speaker)
		case -1:
			return person != 1 && !pluralName(speaker)
		}
		return true
	}
	var best *cand
	for _, ci := range x.sentCands[si] {
		p := x.cands[ci]
		if p == c || p.speaker == "" || p.dropped || p.sa < 0 || p.sa >= limit {
			continue
		}
		if fits(p.person, x.genderOf(p.speaker), p.speaker) && (best == nil || p.sa < best.sa) {
			best = p
		}
	}
	if best != nil {
		c.speaker, c.known, c.person = best.speaker, best.known, best.person
		return true
	}
	for _, e := range x.ents.list {
		if e.tok < s.a || e.tok >= limit || x.inContent(si, e.tok) || x.inMention(si, e.tok) || x.inVia(si, e.tok) {
			continue
		}
		person := e.person
		if person == 0 && e.nameish && wantPerson == 1 {
			person = 1
		}
		if person == 0 && wantPerson == -1 && !e.nameish {
			person = -1
		}
		if fits(person, x.genderOf(e.canon), e.canon) {
			x.adopt(c, e.canon, person)
			return true
		}
	}
	if plural {
		if a, b := x.leadingNP(s.a, limit); a >= 0 && b > a && !x.d.ts[b-1].cap && pluralName(x.d.ts[b-1].lower) && !x.inContent(si, a) {
			tmp := &cand{sent: si, sa: a, sb: b, from: -1}
			x.resolve(tmp, nil)
			if tmp.speaker != "" && !tmp.dropped {
				c.speaker, c.known, c.person = tmp.speaker, tmp.known, tmp.person
				return true
			}
		}
	}
	return false
}

// pluralName reports whether a description ends in a plural common noun ("Ukrainian
// officials", "prosecutors").
func pluralName(s string) bool {
	w := strings.ToLower(lastWord(s))
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "’s") && w == s[len(s)-len(w):] && !unicode.IsUpper([]rune(lastWord(s))[0]) || w == "people" || w == "police"
}

// inVia reports whether token i names the listener of a candidate of sentence si
// ("told Reuters"): an intermediary, not an antecedent.
func (x *extractor) inVia(si, i int) bool {
	for _, ci := range x.sentCands[si] {
		c := x.cands[ci]
		if c.viaB > c.viaA && i >= c.viaA && i < c.viaB {
			return true
		}
	}
	return false
}

// inMention reports whether token i lies in the mention of a candidate of sentence si.
func (x *extractor) inMention(si, i int) bool {
	for _, ci := range x.sentCands[si] {
		c := x.cands[ci]
		if c.sa >= 0 && i >= c.sa && i < c.sb {
			return true
		}
	}
	return false
}

// genderOf returns the gender recorded for a speaker or name, or 0.
func (x *extractor) genderOf(name string) byte {
	if g, ok := x.ents.gender[prov.FoldName(name)]; ok {
		return g
	}
	return 0
}

// bindGender records that a pronoun of gender g referred to name.
func (x *extractor) bindGender(name string, g byte) {
	if name == "" {
		return
	}
	f := prov.FoldName(name)
	if _, ok := x.ents.gender[f]; !ok {
		x.ents.gender[f] = g
	}
}

// inContent reports whether token i lies in the content of an attribution of sentence si.
func (x *extractor) inContent(si, i int) bool {
	for _, ci := range x.sentCands[si] {
		c := x.cands[ci]
		if i >= c.cs && i < c.ce {
			return true
		}
	}
	return false
}

// adopt sets the speaker to a name found in the article, through the directory.
func (x *extractor) adopt(c *cand, name string, person int) {
	c.person = person
	name = x.fullName(name)
	if full, ok := x.ents.acronyms[prov.FoldName(name)]; ok {
		if n, ok := x.lookup(full); ok {
			c.speaker, c.known = n, true
			x.kindFromDir(c)
			return
		}
	}
	if n, ok := x.lookup(name); ok {
		c.speaker, c.known = n, true
		x.kindFromDir(c)
		return
	}
	if n, ok := x.lookup(stripThe(name)); ok {
		c.speaker, c.known = n, true
		x.kindFromDir(c)
		return
	}
	c.speaker = stripThe(name)
}

// fullName returns the article's full form of a short name: a surname's full name
// ("Asante" → "Kwame Asante"), or the longer name an organisation was introduced by
// ("Nordwind", "Greenfield's" → "Nordwind Air", "Greenfield Robotics"); else name.
func (x *extractor) fullName(name string) string {
	if strings.Contains(name, " ") {
		return name
	}
	short := strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s")
	f := prov.FoldName(short)
	if fulls := x.ents.surnames[f]; len(fulls) == 1 {
		return fulls[0]
	}
	for _, e := range x.ents.list {
		if parts := strings.Fields(prov.FoldName(e.canon)); len(parts) > 1 && parts[0] == f && e.person != 1 && !e.nameish {
			return e.canon
		}
	}
	return short
}

// resolveGeneric resolves a description ("the official", "the military", "the foreign
// ministry", "officials") to an earlier mention or a known actor. It returns false
// when it finds neither.
func (x *extractor) resolveGeneric(c *cand, m mentionInfo) bool {
	words := strings.Fields(strings.ToLower(m.generic))
	head := words[len(words)-1]
	// 1. an earlier speaker or name with the same head
	for n := len(x.cands) - 1; n >= 0; n-- {
		p := x.cands[n]
		if p == c || p.speaker == "" || p.sent > c.sent || (p.sent == c.sent && p.cueTok >= c.cueTok) {
			continue
		}
		if sameHead(p.speaker, words) {
			c.speaker, c.known, c.person = p.speaker, p.known, p.person
			return true
		}
	}
	for n := len(x.ents.list) - 1; n >= 0; n-- {
		e := x.ents.list[n]
		if e.tok < c.sa && sameHead(e.canon, words) {
			x.adopt(c, e.canon, e.person)
			return true
		}
	}
	// 2. the nearest earlier name described by the head ("Education Minister Paul
	// Lefebvre" … "the minister"; "German carrier Nordwind Air" … "the carrier"); a
	// person for "the 45-year-old"; an organisation for "the company", "the club"
	if e, ok := x.describedBefore(c, head); ok && len(words) <= 2 {
		x.adopt(c, e.canon, e.person)
		return true
	}
	// 3. the nearest earlier name of the same kind
	if group, ok := headGroups[head]; ok && len(words) == 1 {
		for n := len(x.ents.list) - 1; n >= 0; n-- {
			e := x.ents.list[n]
			if e.tok >= c.sa || e.person == 1 {
				continue
			}
			for _, g := range group {
				if containsWord(e.words, g) {
					x.adopt(c, e.canon, -1)
					c.conf -= 0.1
					return true
				}
			}
		}
	}
	// 4. the one known actor whose name ends in the description
	if name, ok := x.suffixMatch(m.generic); ok {
		c.speaker, c.known = name, true
		x.kindFromDir(c)
		return true
	}
	return false
}

// describedBefore finds the entity a definite description with head refers to: the
// nearest earlier name outside other statements' content whose descriptors include
// the head, or for an age ("the 27-year-old") the nearest person, or for a generic
// organisation head ("the company", "the club") the nearest organisation whose own
// descriptor does not name another kind of body.
func (x *extractor) describedBefore(c *cand, head string) (entity, bool) {
	age := strings.HasSuffix(head, "-year-old")
	org := genericOrgHeads[head]
	if age {
		// "Asante said … the 27-year-old said": the person who spoke last
		for n := len(x.cands) - 1; n >= 0; n-- {
			p := x.cands[n]
			if p == c || p.speaker == "" || p.dropped || p.sent > c.sent || p.sent == c.sent && p.cueTok >= c.cueTok || c.sent-p.sent > 3 {
				continue
			}
			if p.person == -1 || pluralName(p.speaker) || p.anon() {
				break
			}
			return entity{tok: p.sa, sent: p.sent, canon: p.speaker, person: 1}, true
		}
	}
	if org {
		for n := len(x.cands) - 1; n >= 0; n-- {
			p := x.cands[n]
			if p == c || p.speaker == "" || p.dropped || p.person == 1 || p.sent > c.sent || p.sent == c.sent && p.cueTok >= c.cueTok || c.sent-p.sent > 12 || pluralName(p.speaker) {
				continue
			}
			e, ok := x.entityNamed(p.speaker)
			if !ok {
				// a name the entity scan passed over ("Microsoft said …" opening a sentence)
				e = entity{tok: p.sa, sent: p.sent, canon: p.speaker, person: p.person}
				if p.anon() || nameLike(p.speaker) || !unicode.IsUpper([]rune(p.speaker)[0]) || anonHeads[strings.ToLower(strings.Fields(p.speaker)[0])] {
					continue
				}
			}
			if e.person == 1 || e.nameish || conflicting(e, head) {
				continue
			}
			e.person = -1
			return e, true
		}
	}
	for n := len(x.ents.list) - 1; n >= 0; n-- {
		e := x.ents.list[n]
		if e.tok >= c.sa || e.tok < 0 || !org && x.inMention(e.sent, e.tok) && !x.isSpeakerMention(e) || x.inVia(e.sent, e.tok) {
			continue
		}
		own := e.sent == c.sent
		if !own && x.inContent(e.sent, e.tok) {
			continue
		}
		if c.sent-e.sent > 12 {
			break
		}
		for _, w := range e.desc {
			if sameNoun(w, head) {
				return e, true
			}
		}
		if e.person == 0 && !strings.Contains(e.canon, " ") && len(x.ents.surnames[prov.FoldName(e.canon)]) > 0 {
			e.person = 1
		}
		switch {
		case age && (e.person == 1 || e.nameish):
			e.person = 1
			return e, true
		case org && (e.person == -1 || e.person == 0 && !e.nameish && !e.upperOnly()):
			if conflicting(e, head) {
				continue
			}
			e.person = -1
			return e, true
		}
	}
	return entity{}, false
}

// entityNamed returns the article's entity whose name is name.
func (x *extractor) entityNamed(name string) (entity, bool) {
	f := prov.FoldName(name)
	for _, e := range x.ents.list {
		if prov.FoldName(e.canon) == f {
			return e, true
		}
	}
	return entity{}, false
}

// isSpeakerMention reports whether entity e is the resolved name of a candidate whose
// mention holds it.
func (x *extractor) isSpeakerMention(e entity) bool {
	for _, ci := range x.sentCands[e.sent] {
		c := x.cands[ci]
		if c.sa >= 0 && e.tok >= c.sa && e.tok < c.sb && c.speaker != "" && strings.Contains(prov.FoldName(c.speaker), prov.FoldName(e.canon)) {
			return true
		}
	}
	return false
}

func (e entity) upperOnly() bool { return !strings.ContainsAny(e.canon, "abcdefghijklmnopqrstuvwxyz") }

// conflicting reports whether an entity's descriptors or name words make it a kind
// of body other than head: "the pilots' union Cockpit-Verband" and "the Consumer
// Product Safety Commission" are not "the company"; "German carrier Nordwind Air" is.
func conflicting(e entity, head string) bool {
	words := append([]string{}, e.desc...)
	words = append(words, strings.Fields(strings.ToLower(e.canon))...)
	for _, w := range words {
		w = strings.Trim(w, ".,")
		if sameNoun(w, head) || businessHeads[w] && businessHeads[head] || sportHeads[w] && sportHeads[head] || slices.Contains(headGroups[head], w) {
			return false
		}
	}
	for _, w := range words {
		w = strings.Trim(w, ".,")
		if publicBodies[w] || orgTitle[w] && !businessHeads[w] && !sportHeads[w] || (businessHeads[w] && !businessHeads[head]) || sportHeads[w] && !sportHeads[head] {
			return true
		}
	}
	return false
}

func sameHead(name string, words []string) bool {
	nw := strings.Fields(strings.ToLower(name))
	if len(nw) < len(words) {
		return false
	}
	tail := nw[len(nw)-len(words):]
	for i := range words {
		if !sameNoun(tail[i], words[i]) {
			return false
		}
	}
	return true
}

func sameNoun(a, b string) bool {
	return a == b || a+"s" == b || a == b+"s"
}

func containsWord(words, w string) bool {
	return strings.Contains(" "+words+" ", " "+w+" ") || strings.Contains(" "+words+" ", " "+w+".")
}

// suffixMatch finds the one directory name that ends in desc and whose other words the
// article mentions ("foreign ministry" → "Syrian foreign ministry" in an article that
// mentions Syria). It returns false when no name, or more than one equally, fits.
func (x *extractor) suffixMatch(desc string) (string, bool) {
	nl, ok := x.dir.(NameLister)
	if !ok || x.dir == nil {
		return "", false
	}
	suffix := " " + prov.FoldName(desc)
	best, bestScore, tie := "", 0, false
	names := nl.Names()
	var folded []string
	if fn, ok := x.dir.(interface{ foldedNames() []string }); ok {
		folded = fn.foldedNames()
	}
	for i, n := range names {
		var f string
		if folded != nil {
			f = folded[i]
		} else {
			f = prov.FoldName(n)
		}
		if !strings.HasSuffix(f, suffix) {
			continue
		}
		if x.ents.words == nil {
			x.ents.countWords(x.d.ts)
		}
		score := 0
		for _, w := range strings.Fields(strings.TrimSuffix(f, suffix)) {
			n := x.ents.words[w]
			if n == 0 && len(w) > 4 {
				n = x.ents.words[w[:4]]
			}
			score += n
		}
		if score == 0 {
			continue
		}
		canon, ok := x.dir.Lookup(n)
		if !ok {
			continue
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = canon, score, false
		case score == bestScore && canon != best:
			tie = true
		}
	}
	if best == "" || tie {
		return "", false
	}
	return best, true
}

// anon reports whether the candidate's speaker is an anonymous description.
func (c *cand) anon() bool { return c.speaker == "" || anonymousHead(c.speaker) }
