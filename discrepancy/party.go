package discrepancy

import "strings"

// Roles a named party can have in a claim.
const (
	// RoleAttacker is who carried out an attack ("carried out by X", "X claimed the
	// attack", "the attacker was a member of X").
	RoleAttacker = "attacker"
	// RoleResponsible is who is held responsible, or denies it ("X is accountable for",
	// "X had no involvement in").
	RoleResponsible = "responsible"
)

// Party is a named party in a role.
type Party struct {
	// Name is the name as written, without leading articles or descriptors ("Islamic
	// Resistance in Iraq").
	Name string
	Role string
	// Negated is set when the text denies the role ("Iran had no involvement").
	Negated bool
	// Act is what the role is about, when the clause says: "attack" (an attack, an
	// ambush, a bombing…) or "strike" (strikes, airstrikes). Parties are compared only
	// across claims about the same act (or one that does not say).
	Act string
	// Text is the phrase that gives the role, and Start and End its byte offsets.
	Text       string
	Start, End int
}

// String describes the party in its role.
func (p Party) String() string {
	if p.Negated {
		return p.Name + " (denies being " + p.Role + ")"
	}
	return p.Name + " (" + p.Role + ")"
}

// words that name an attack, for "attack by X"
var attackNouns = map[string]bool{"attack": true, "attacks": true, "ambush": true, "bombing": true, "strike": true, "strikes": true, "assault": true, "raid": true, "shooting": true}

// verbs whose agent "by X" names the attacker
var byVerbs = map[string]bool{"carried": true, "conducted": true, "launched": true, "claimed": true, "perpetrated": true, "committed": true, "staged": true, "mounted": true, "orchestrated": true}

// descriptors before a name: "a group calling itself the", "the self-styled"
var descriptors = map[string]bool{"the": true, "a": true, "an": true, "self-styled": true, "so-called": true, "group": true, "calling": true, "itself": true, "known": true, "as": true, "militant": true, "member": true, "members": true, "of": true}

// connectors may join the words of one name: "Islamic Resistance in Iraq".
var connectors = map[string]bool{"in": true, "of": true, "for": true, "and": true, "al": true, "the": true, "de": true, "el": true}

// adjectival suffixes of hyphenated words that describe rather than name
// ("Iran-backed", "IRGC-linked").
var describing = []string{"-backed", "-linked", "-aligned", "-affiliated", "-allied", "-based", "-led", "-sponsored", "-supported", "-style"}

// Parties returns the named parties text puts in a role, in order.
func Parties(text string) []Party {
	toks := tokenize(text)
	var out []Party
	add := func(name string, role string, negated bool, from, to int) {
		if name == "" || strings.ContainsAny(name, "0123456789") {
			return // "F-15 and A-10" are models, not parties
		}
		if isTimeName(name) {
			return // "an attack by Monday" is a deadline
		}
		out = append(out, Party{Name: name, Role: role, Negated: negated, Act: actNear(toks, from, to), Start: toks[from].start, End: toks[to].end, Text: text[toks[from].start:toks[to].end]})
	}
	for i := 0; i < len(toks); i++ {
		w := toks[i].lower
		switch {
		// "carried out by X", "claimed by X", "an attack by X"
		case w == "by" && i > 0 && toks[i-1].punctAfter == "":
			from := i - 1
			if toks[from].lower == "out" && from > 0 {
				from--
			}
			if byVerbs[toks[from].lower] || attackNouns[toks[from].lower] {
				name, end := nameAfter(toks, i+1)
				add(name, RoleAttacker, false, from, end)
			}
		// "X carried out the attack", "X claimed responsibility", "X launched the attack"
		case (w == "carried" || w == "claimed" || w == "launched" || w == "staged" || w == "conducted") && i+1 < len(toks) && toks[i+1].lower != "by" && (i+1 >= len(toks) || toks[i].punctAfter == ""):
			if i > 0 && (toks[i-1].lower == "was" || toks[i-1].lower == "were" || toks[i-1].lower == "been") {
				continue // passive: "was carried out by"
			}
			if !attackWithin(toks, i+1, 5) && !(w == "claimed" && toks[i+1].lower == "responsibility") {
				continue
			}
			name, begin := nameBefore(toks, i-1)
			end := i
			if toks[i+1].lower == "out" || toks[i+1].lower == "responsibility" {
				end++
			}
			add(name, RoleAttacker, false, begin, end)
		// "the attacker was a member of X", "the attacker was from X"
		case (w == "attacker" || w == "attackers" || w == "gunman" || w == "bomber") && i+1 < len(toks) && (toks[i+1].lower == "was" || toks[i+1].lower == "were" || toks[i+1].lower == "belonged"):
			name, end := nameAfter(toks, i+2)
			add(name, RoleAttacker, false, i, end)
		// "X is accountable for", "X was responsible for", "X was behind", "X was not involved"
		case (w == "is" || w == "was" || w == "are" || w == "were") && i+1 < len(toks):
			k := i + 1
			negated := false
			if toks[k].lower == "not" {
				negated, k = true, k+1
			}
			if k < len(toks) && toks[k].lower == "held" {
				k++
			}
			if k >= len(toks) {
				continue
			}
			role := toks[k].lower
			if role != "accountable" && role != "responsible" && role != "behind" && role != "involved" {
				continue
			}
			name, begin := nameBefore(toks, i-1)
			add(name, RoleResponsible, negated, begin, k)
		// "holds X accountable"
		case w == "holds" || w == "held" && i > 0 && toks[i-1].lower != "was":
			name, end := nameAfter(toks, i+1)
			if end+1 < len(toks) && (toks[end+1].lower == "accountable" || toks[end+1].lower == "responsible") {
				add(name, RoleResponsible, false, i, end+1)
			}
		// "X had no involvement in", "X denied any involvement", "X denies responsibility"
		case (w == "had" || w == "has" || w == "denied" || w == "denies" || w == "deny") && i+1 < len(toks):
			k := i + 1
			if toks[k].lower == "no" || toks[k].lower == "any" {
				k++
			}
			if k >= len(toks) || toks[k].lower != "involvement" && toks[k].lower != "responsibility" && toks[k].lower != "role" {
				continue
			}
			if (w == "had" || w == "has") && toks[i+1].lower != "no" {
				continue
			}
			name, begin := nameBefore(toks, i-1)
			add(name, RoleResponsible, true, begin, k)
		}
	}
	return out
}

// acts maps attack nouns to the act they name.
var acts = map[string]string{
	"attack": "attack", "attacks": "attack", "attacker": "attack", "attackers": "attack",
	"ambush": "attack", "bombing": "attack", "assault": "attack", "raid": "attack",
	"shooting": "attack", "gunman": "attack", "bomber": "attack",
	"strike": "strike", "strikes": "strike", "airstrikes": "strike", "airstrike": "strike",
}

// actNear returns the act named in the clause around toks[from:to+1], nearest first.
func actNear(toks []token, from, to int) string {
	for d := 0; d < 10; d++ {
		if k := to + 1 + d; k < len(toks) && !strings.ContainsAny(toks[k-1].punctAfter, ".;") {
			if a := acts[toks[k].lower]; a != "" {
				return a
			}
		}
		if k := from - d; k >= 0 && k <= to && acts[toks[k].lower] != "" {
			return acts[toks[k].lower]
		}
		if k := from - 1 - d; k >= 0 && !strings.ContainsAny(toks[k].punctAfter, ".;") {
			if a := acts[toks[k].lower]; a != "" {
				return a
			}
		}
	}
	return ""
}

// attackWithin reports whether an attack noun (or "responsibility") follows within n
// words in the same clause.
func attackWithin(toks []token, i, n int) bool {
	for k := i; k < len(toks) && k < i+n; k++ {
		if attackNouns[toks[k].lower] || toks[k].lower == "responsibility" {
			return true
		}
		if strings.ContainsAny(toks[k].punctAfter, ",.;:") {
			return false
		}
	}
	return false
}

func isDescribing(w string) bool {
	for _, s := range describing {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// nameAfter reads a name starting at toks[i], after descriptors; it returns the name
// and the index of its last word (i-1 when there is none).
func nameAfter(toks []token, i int) (string, int) {
	k := i
	for k < len(toks) && descriptors[toks[k].lower] && !toks[k].capital || k < len(toks) && k == i && toks[k].lower == "the" {
		if strings.ContainsAny(toks[k].punctAfter, ",.;:") {
			return "", i - 1
		}
		k++
	}
	if k >= len(toks) || !toks[k].capital || isDescribing(toks[k].lower) {
		return "", i - 1
	}
	end := k
	for j := k + 1; j < len(toks); j++ {
		if strings.ContainsAny(toks[j-1].punctAfter, ",.;:()") {
			break
		}
		if toks[j].capital && !isDescribing(toks[j].lower) {
			end = j
			continue
		}
		if connectors[toks[j].lower] && j+1 < len(toks) && toks[j+1].capital && toks[j].punctAfter == "" {
			continue
		}
		break
	}
	// a demonym names a body with the nouns after it: "Syrian security forces"
	if end == k && isDemonym(toks[k].lower) {
		for j := k + 1; j < len(toks) && j <= k+3; j++ {
			if strings.ContainsAny(toks[j-1].punctAfter, ",.;:()") {
				break
			}
			w := toks[j].lower
			if toks[j].capital || connectors[w] || nounStops[w] || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") {
				break
			}
			end = j
		}
	}
	return joinName(toks, k, end), end
}

// nameBefore reads a name ending at toks[i], going back; it returns the name and the
// index of its first word.
func nameBefore(toks []token, i int) (string, int) {
	if i < 0 || !toks[i].capital || strings.ContainsAny(toks[i].punctAfter, ",.;:") || isDescribing(toks[i].lower) {
		return "", i + 1
	}
	begin := i
	for j := i - 1; j >= 0; j-- {
		if strings.ContainsAny(toks[j].punctAfter, ",.;:()") {
			break
		}
		if toks[j].capital && !isDescribing(toks[j].lower) {
			begin = j
			continue
		}
		if connectors[toks[j].lower] && j > 0 && toks[j-1].capital {
			continue
		}
		break
	}
	for begin < i && descriptors[toks[begin].lower] {
		begin++ // "The Islamic Resistance in Iraq"
	}
	return joinName(toks, begin, i), begin
}

func joinName(toks []token, from, to int) string {
	var b strings.Builder
	for k := from; k <= to; k++ {
		if k > from {
			b.WriteByte(' ')
		}
		b.WriteString(toks[k].text)
	}
	return b.String()
}

func isDemonym(w string) bool {
	for _, s := range []string{"ian", "ese", "ish", "i", "an"} {
		if strings.HasSuffix(w, s) && len(w) > len(s)+2 {
			return true
		}
	}
	return false
}

var weekdays = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
}

// isTimeName reports whether a name is a day, a month or a time: when, not who.
func isTimeName(name string) bool {
	first, _, _ := strings.Cut(strings.ToLower(name), " ")
	return weekdays[first] || months[first] || first == "noon" || first == "midnight" || first == "christmas" || first == "easter" || first == "ramadan"
}
