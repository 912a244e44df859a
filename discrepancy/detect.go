package discrepancy

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"

	"claimgraph/prov"
)

// Kinds of suggestion.
const (
	KindQuantity = "quantity"
	KindParty    = "party"
)

// Suggestion is a relation between two claims that the detector proposes.
type Suggestion struct {
	// Key identifies the suggestion stably across runs (the same claims, values and
	// reading give the same key), so a dismissal can be remembered: "dsc_" and 16 hex
	// digits.
	Key string
	// Kind is KindQuantity or KindParty.
	Kind string
	// ClaimIDs are the two claims: the relation would go from the first to the second.
	ClaimIDs [2]prov.ID
	// Values are what each claim says ("more than 70 targets"; "Islamic Resistance in
	// Iran (attacker)").
	Values [2]string
	// Subject is what is compared: a quantity's key ("targets", "troops/killed") or a
	// party's role ("attacker").
	Subject string
	// Reason says why, in a sentence an editor can keep as the relation's note.
	Reason string
	// Proposed is the relation to create: CONTRADICTS when the values cannot both be
	// true, CORROBORATES when they say the same, REFINES when the first claim's value
	// is a tighter bound within the second's ("more than 70" refines "dozens").
	Proposed prov.RelationKind
	// Recorded is a relation already recorded between the two claims, when Options
	// asked for those too.
	Recorded *prov.ClaimRelation
}

// Options tune Detect.
type Options struct {
	// Relations are the relations recorded between the claims. A pair of claims with a
	// relation is left out unless IncludeRecorded is set.
	Relations       []*prov.ClaimRelation
	IncludeRecorded bool
	// Dismissed reports whether a suggestion's key was dismissed; dismissed ones are
	// left out. Nil dismisses none.
	Dismissed func(key string) bool
	// Resolve returns the identity of a party's name, so that aliases compare equal
	// (e.g. the ID of the actor store.ActorByName finds). Nil, or "" from it, compares
	// names folded (prov.FoldName).
	Resolve func(name string) string
}

// Detect compares the quantities and parties of claims about one event, pair by pair,
// and returns what it proposes, ordered by kind, subject and claim IDs. Claims that
// state one figure are linked in a chain (each to the one before it in ID order), not
// each to each other, and only where recorded corroborations do not already connect
// them: n agreeing claims give at most n-1 corroborations, not n(n-1)/2. Two figures
// that recorded relations already relate get no new suggestion.
func Detect(claims []*prov.Claim, opts Options) []Suggestion {
	sorted := append([]*prov.Claim(nil), claims...)
	sort.Slice(sorted, func(i, j int) bool { return idLess(sorted[i].ID, sorted[j].ID) })
	related := map[[2]prov.ID]*prov.ClaimRelation{}
	for _, r := range opts.Relations {
		related[[2]prov.ID{r.FromID, r.ToID}] = r
		related[[2]prov.ID{r.ToID, r.FromID}] = r
	}
	var out []Suggestion
	emit := func(s Suggestion) {
		s.Key = suggestionKey(s)
		if r := related[s.ClaimIDs]; r != nil {
			if !opts.IncludeRecorded {
				return
			}
			s.Recorded = r
		}
		if opts.Dismissed != nil && opts.Dismissed(s.Key) {
			return
		}
		out = append(out, s)
	}
	detectQuantities(sorted, related, emit)
	detectParties(sorted, opts.Resolve, emit)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return a.Kind > b.Kind // quantity before party
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.ClaimIDs[0] != b.ClaimIDs[0] {
			return idLess(a.ClaimIDs[0], b.ClaimIDs[0])
		}
		return idLess(a.ClaimIDs[1], b.ClaimIDs[1])
	})
	return out
}

func idLess(a, b prov.ID) bool {
	if a.Type != b.Type {
		return a.Type < b.Type
	}
	return a.Seq < b.Seq
}

func suggestionKey(s Suggestion) string {
	ids := []string{s.ClaimIDs[0].String(), s.ClaimIDs[1].String()}
	vals := []string{s.Values[0], s.Values[1]}
	if ids[0] > ids[1] {
		ids[0], ids[1] = ids[1], ids[0]
		vals[0], vals[1] = vals[1], vals[0]
	}
	sum := sha256.Sum256([]byte(strings.Join([]string{s.Kind, s.Subject, ids[0], ids[1], vals[0], vals[1]}, "\x00")))
	return "dsc_" + hex.EncodeToString(sum[:8])
}

type claimQuantity struct {
	claim *prov.Claim
	q     Quantity
}

// detectQuantities compares, per subject, classes of claims that state one figure
// (sameQuantity): within a class it proposes CORROBORATES only where the recorded
// relations do not already connect the claims, each claim that starts a new cluster
// linked to the claim just before it in ID order; between two classes it proposes one
// relation for the pair of values, unless a relation between any of their claims
// records an editor's judgement of them already (recorded relations are shown with
// Recorded set, when asked for).
func detectQuantities(claims []*prov.Claim, related map[[2]prov.ID]*prov.ClaimRelation, emit func(Suggestion)) {
	bySubject := map[string][]claimQuantity{}
	var subjects []string
	for _, c := range claims {
		seen := map[string]bool{}
		for _, q := range Quantities(c.Text) {
			k := q.Key()
			if seen[k] {
				continue // a claim's first quantity of a kind is the one compared
			}
			seen[k] = true
			if bySubject[k] == nil {
				subjects = append(subjects, k)
			}
			bySubject[k] = append(bySubject[k], claimQuantity{c, q})
		}
	}
	sort.Strings(subjects)
	for _, subject := range subjects {
		var classes [][]claimQuantity // in ID order of their first claim, each in ID order
		for _, cq := range bySubject[subject] {
			placed := false
			for i := range classes {
				if sameQuantity(classes[i][0].q, cq.q) {
					classes[i] = append(classes[i], cq)
					placed = true
					break
				}
			}
			if !placed {
				classes = append(classes, []claimQuantity{cq})
			}
		}
		for _, class := range classes {
			corroborateClass(subject, class, related, emit)
		}
		for i := range classes {
			for j := 0; j < i; j++ {
				relateClasses(subject, classes[i], classes[j], related, emit)
			}
		}
	}
}

func agreement(subject string, a, b claimQuantity) Suggestion {
	return Suggestion{
		Kind: KindQuantity, Subject: subject, ClaimIDs: [2]prov.ID{a.claim.ID, b.claim.ID},
		Values:   [2]string{a.q.String(), b.q.String()},
		Proposed: prov.RelationCorroborates,
		Reason:   fmt.Sprintf("Both put the %s at %s (%q; %q).", describeSubject(subject), a.q.String(), a.q.Text, b.q.Text),
	}
}

// corroborateClass emits the corroborations among claims that state one figure: the
// recorded pairs, and a link from each claim that recorded CORROBORATES relations do
// not connect to an earlier one, to the claim just before it.
func corroborateClass(subject string, class []claimQuantity, related map[[2]prov.ID]*prov.ClaimRelation, emit func(Suggestion)) {
	parent := make([]int, len(class))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		if parent[i] != i {
			parent[i] = root(parent[i])
		}
		return parent[i]
	}
	for i := range class {
		for j := 0; j < i; j++ {
			r := related[[2]prov.ID{class[i].claim.ID, class[j].claim.ID}]
			if r == nil {
				continue
			}
			from, to := class[i], class[j]
			if r.FromID == to.claim.ID {
				from, to = to, from
			}
			emit(agreement(subject, from, to)) // recorded: shown when asked for
			if r.Kind == prov.RelationCorroborates {
				if a, b := root(i), root(j); a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	for i := 1; i < len(class); i++ {
		if root(i) != i {
			continue // an earlier claim's cluster holds it
		}
		emit(agreement(subject, class[i], class[i-1]))
		parent[i] = root(i - 1)
	}
}

// relateClasses emits what two classes of claims, stating different figures for one
// subject, are to each other: the recorded pairs between them, or else one suggestion
// between their first claims.
func relateClasses(subject string, ci, cj []claimQuantity, related map[[2]prov.ID]*prov.ClaimRelation, emit func(Suggestion)) {
	rel := compare(ci[0].q, cj[0].q)
	if rel == overlap {
		return
	}
	suggest := func(a, b claimQuantity) Suggestion {
		s := Suggestion{Kind: KindQuantity, Subject: subject}
		if rel == conflict {
			if r := related[[2]prov.ID{a.claim.ID, b.claim.ID}]; r != nil && r.FromID == b.claim.ID {
				a, b = b, a
			}
			s.ClaimIDs = [2]prov.ID{a.claim.ID, b.claim.ID}
			s.Values = [2]string{a.q.String(), b.q.String()}
			s.Proposed = prov.RelationContradicts
			s.Reason = fmt.Sprintf("They disagree on the %s: %s (%q) cannot be %s (%q).", describeSubject(subject), a.q.String(), a.q.Text, b.q.String(), b.q.Text)
			return s
		}
		tight, loose := a, b
		if rel == bWithinA {
			tight, loose = b, a
		}
		s.ClaimIDs = [2]prov.ID{tight.claim.ID, loose.claim.ID}
		s.Values = [2]string{tight.q.String(), loose.q.String()}
		s.Proposed = prov.RelationRefines
		s.Reason = fmt.Sprintf("Both can be true: %s (%q) is a tighter figure for the %s than %s (%q).", tight.q.String(), tight.q.Text, describeSubject(subject), loose.q.String(), loose.q.Text)
		return s
	}
	recorded := false
	for _, a := range ci {
		for _, b := range cj {
			if related[[2]prov.ID{a.claim.ID, b.claim.ID}] != nil {
				emit(suggest(a, b))
				recorded = true
			}
		}
	}
	if !recorded {
		emit(suggest(ci[0], cj[0]))
	}
}

func describeSubject(subject string) string {
	unit, pred, ok := strings.Cut(subject, "/")
	if ok {
		return "number of " + unit + " " + pred
	}
	return "number of " + unit
}

// sameQuantity reports whether two quantities say the same: equal figures with
// qualifiers of one sort ("more than 70" and "over 70"; "3" and "three").
func sameQuantity(a, b Quantity) bool {
	return a.Qualifier == b.Qualifier && a.Value == b.Value && a.Max == b.Max
}

type relation int

const (
	overlap  relation = iota // compatible, neither within the other
	conflict                 // cannot both be true
	aWithinB                 // a's values all lie within b's, and are fewer
	bWithinA
)

// compare relates two quantities of one subject by the values they allow.
//
// Exact figures must be equal; bounds and approximations allow ranges (see
// Quantity.interval), and two claims conflict only when their ranges do not meet:
// "more than 85" and "more than 125" can both be true, and are reported as one refining
// the other, not as a contradiction; "3" and "more than 40" cannot. A vague count
// ("dozens") is refined by any figure that overlaps it ("more than 70").
func compare(a, b Quantity) relation {
	alo, ahi, aloOpen, ahiOpen := a.interval()
	blo, bhi, bloOpen, bhiOpen := b.interval()
	if below(ahi, ahiOpen, blo, bloOpen) || below(bhi, bhiOpen, alo, aloOpen) {
		return conflict
	}
	aIn := within(alo, ahi, aloOpen, ahiOpen, blo, bhi, bloOpen, bhiOpen)
	bIn := within(blo, bhi, bloOpen, bhiOpen, alo, ahi, aloOpen, ahiOpen)
	switch {
	case aIn && !bIn:
		return aWithinB
	case bIn && !aIn:
		return bWithinA
	case aIn && bIn:
		return aWithinB // equal ranges written differently: either way round
	}
	// a vague count ("dozens") is refined by any figure it overlaps
	if b.Qualifier == "many" && a.Qualifier != "many" {
		return aWithinB
	}
	if a.Qualifier == "many" && b.Qualifier != "many" {
		return bWithinA
	}
	return overlap
}

// below reports whether an interval ending at hi lies wholly below one starting at lo.
func below(hi float64, hiOpen bool, lo float64, loOpen bool) bool {
	if hi < lo {
		return true
	}
	return hi == lo && (hiOpen || loOpen)
}

// within reports whether [alo, ahi] lies inside [blo, bhi].
func within(alo, ahi float64, aloOpen, ahiOpen bool, blo, bhi float64, bloOpen, bhiOpen bool) bool {
	lowOK := alo > blo || alo == blo && (aloOpen || !bloOpen)
	highOK := ahi < bhi || ahi == bhi && (ahiOpen || !bhiOpen) || math.IsInf(ahi, 1) && math.IsInf(bhi, 1)
	return lowOK && highOK
}

type claimParty struct {
	claim *prov.Claim
	p     Party
	key   string
}

func detectParties(claims []*prov.Claim, resolve func(string) string, emit func(Suggestion)) {
	identity := func(name string) string {
		if resolve != nil {
			if k := resolve(name); k != "" {
				return k
			}
		}
		return prov.FoldName(name)
	}
	var list []claimParty
	for _, c := range claims {
		seen := map[string]bool{}
		for _, p := range Parties(c.Text) {
			k := p.Role + "\x00" + identity(p.Name) + fmt.Sprint(p.Negated)
			if seen[k] {
				continue
			}
			seen[k] = true
			list = append(list, claimParty{c, p, identity(p.Name)})
		}
	}
	done := map[[2]prov.ID]bool{}
	for i := range list {
		for j := 0; j < i; j++ {
			a, b := list[i], list[j]
			if a.claim.ID == b.claim.ID || done[[2]prov.ID{a.claim.ID, b.claim.ID}] {
				continue
			}
			if a.p.Act != "" && b.p.Act != "" && a.p.Act != b.p.Act {
				continue // the strikes and the attack they answer have different actors
			}
			s := Suggestion{Kind: KindParty, ClaimIDs: [2]prov.ID{a.claim.ID, b.claim.ID}, Values: [2]string{a.p.String(), b.p.String()}}
			sameParty := a.key == b.key
			switch {
			case a.p.Role == RoleAttacker && b.p.Role == RoleAttacker && !a.p.Negated && !b.p.Negated:
				s.Subject = RoleAttacker
				if sameParty {
					s.Proposed = prov.RelationCorroborates
					s.Reason = fmt.Sprintf("Both name %s as the attacker (%q; %q).", a.p.Name, a.p.Text, b.p.Text)
				} else if nameWithin(a.p.Name, b.p.Name) {
					continue // "Islamic Resistance" and "Islamic Resistance in Iraq" may be one party
				} else {
					s.Proposed = prov.RelationContradicts
					s.Reason = fmt.Sprintf("They name different attackers: %s (%q) and %s (%q).", a.p.Name, a.p.Text, b.p.Name, b.p.Text)
				}
			case sameParty && a.p.Negated != b.p.Negated:
				s.Subject = RoleResponsible
				s.Proposed = prov.RelationContradicts
				deny, assert := a, b
				if b.p.Negated {
					deny, assert = b, a
				}
				s.Reason = fmt.Sprintf("One holds %s responsible (%q); the other denies it (%q).", assert.p.Name, assert.p.Text, deny.p.Text)
			case sameParty && a.p.Role == RoleResponsible && b.p.Role == RoleResponsible:
				s.Subject = RoleResponsible
				s.Proposed = prov.RelationCorroborates
				s.Reason = fmt.Sprintf("Both say the same of %s's responsibility (%q; %q).", a.p.Name, a.p.Text, b.p.Text)
			default:
				continue
			}
			done[[2]prov.ID{a.claim.ID, b.claim.ID}] = true
			emit(s)
		}
	}
}

// nameWithin reports whether one folded name is a run of words of the other.
func nameWithin(a, b string) bool {
	fa, fb := " "+prov.FoldName(a)+" ", " "+prov.FoldName(b)+" "
	return strings.Contains(fa, fb) || strings.Contains(fb, fa)
}
