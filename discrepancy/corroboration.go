package discrepancy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"claimgraph/prov"
	"claimgraph/search/analysis"
)

// Report says how many independent sources carry a claim, and why.
type Report struct {
	// Independent is the number of groups: sources that repeat one upstream count once.
	Independent int
	// Sources is the number of distinct sources that carry the claim.
	Sources int
	Groups  []Group
}

// Group is a set of sources that carry a claim from one upstream.
type Group struct {
	// Upstream is the origin the sources share: an actor (the publisher of the statement
	// they relay, the outlet or agency named as intermediary) or, when it has no known
	// publisher, a source; for a source that names no upstream, its own publisher or
	// itself.
	Upstream prov.ID
	// UpstreamName is the upstream's name or title.
	UpstreamName string
	// Sources are the sources of the group, in ID order.
	Sources []prov.ID
	// Reason explains the grouping in a sentence.
	Reason string
}

// Corroboration groups the sources of a traced claim by where they got it:
//
//   - an appearance that names a via source relays that source, and through it the
//     source it cites when it cites exactly one (a post that reposts a statement), to
//     the end of such a chain: the root;
//   - an appearance that names only a via actor ("told NBC News") relays that actor;
//   - an appearance that names neither, in a source that cites a source carrying the
//     same claim, or one published by whom the appearance credits with it (its mention
//     or quote names the publisher) or by the claimant (or a body it belongs to),
//     repeats that cited source (Benzinga crediting "U.S. Central Command (CENTCOM)"
//     and citing CENTCOM's post), and through it that source's root;
//   - any other appearance is the source's own report;
//
// and a source with several appearances takes the furthest upstream of them. A root or
// a source is identified by its publisher when known, so a body's statement and its
// own repost of it, or two reports of one outlet, are one group. Sources that name no
// upstream are counted as independent: the store cannot tell what they do not say.
func Corroboration(tr *prov.Trace) Report { return corroboration(tr, lookup{}) }

// lookup finds the actors and sources a trace does not hold (a cited source, its
// publisher); its nil functions find nothing.
type lookup struct {
	actor  func(prov.ID) *prov.Actor
	source func(prov.ID) *prov.Source
}

// corroboration is Corroboration reading what the trace lacks through look.
func corroboration(tr *prov.Trace, look lookup) Report {
	actors := map[prov.ID]*prov.Actor{}
	known := map[prov.ID]*prov.Source{}
	note := func(a *prov.Actor) {
		if a != nil {
			actors[a.ID] = a
		}
	}
	note(tr.Claimant)
	for _, a := range tr.AffiliationChain {
		note(a)
	}
	for _, ap := range tr.Appearances {
		note(ap.Publisher)
		if ap.Source != nil {
			known[ap.Source.ID] = ap.Source
		}
		for _, l := range ap.Chain {
			note(l.Actor)
			if l.Source != nil {
				known[l.Source.ID] = l.Source
			}
		}
	}
	actorOf := func(id prov.ID) *prov.Actor {
		if a, ok := actors[id]; ok {
			return a
		}
		var a *prov.Actor
		if look.actor != nil {
			a = look.actor(id)
		}
		actors[id] = a
		return a
	}
	nameOf := func(id prov.ID) string {
		if a := actorOf(id); a != nil {
			return a.Name
		}
		return id.String()
	}
	sourceOf := func(id prov.ID) *prov.Source {
		if s, ok := known[id]; ok {
			return s
		}
		var s *prov.Source
		if look.source != nil {
			s = look.source(id)
		}
		known[id] = s
		return s
	}
	carriers := map[prov.ID]bool{} // the sources that carry the claim
	for _, ap := range tr.Appearances {
		if ap.Source != nil {
			carriers[ap.Source.ID] = true
		}
	}
	claimants := map[prov.ID]bool{}
	if tr.Claimant != nil {
		claimants[tr.Claimant.ID] = true
	}
	for _, a := range tr.AffiliationChain {
		claimants[a.ID] = true
	}
	type origin struct {
		key    string
		id     prov.ID
		name   string
		how    string // "relay" (via source chain), "via" (via actor), "cites" (a cited upstream), "own"
		rank   int    // relay 3 > via 2 > cites 1 > own 0
		detail string
	}
	bySource := map[prov.ID]origin{}
	sources := map[prov.ID]*prov.Source{}
	var order []prov.ID
	for _, ap := range tr.Appearances {
		src := ap.Source
		if src == nil {
			continue
		}
		if _, ok := sources[src.ID]; !ok {
			sources[src.ID] = src
			order = append(order, src.ID)
		}
		o := ownOrigin(src, nameOf)
		o2 := origin{key: o.key, id: o.id, name: o.name, how: "own", detail: ownDetail(src)}
		var viaSource *prov.Source
		var viaActor *prov.Actor
		for _, l := range ap.Chain {
			if l.Relation == "via" && l.Source != nil {
				viaSource = l.Source
			}
			if l.Relation == "via" && l.Actor != nil {
				viaActor = l.Actor
			}
		}
		switch {
		case viaSource != nil:
			root, path := relayRoot(viaSource, sourceOf)
			r := ownOrigin(root, nameOf)
			o2 = origin{key: r.key, id: r.id, name: r.name, how: "relay", rank: 3, detail: path}
		case viaActor != nil:
			o2 = origin{key: "actor:" + viaActor.ID.String(), id: viaActor.ID, name: viaActor.Name, how: "via", rank: 2}
		default:
			if up, why := citedUpstream(src, ap.Attribution, carriers, claimants, sourceOf, actorOf); up != nil {
				root, path := relayRoot(up, sourceOf)
				r := ownOrigin(root, nameOf)
				detail := fmt.Sprintf("%s cites %s, %q, %s", src.ID, up.ID, up.Title, why)
				if root != up {
					detail += fmt.Sprintf(", which goes back to %s (%s)", root.ID, path)
				}
				o2 = origin{key: r.key, id: r.id, name: r.name, how: "cites", rank: 1, detail: detail}
			}
		}
		if prev, ok := bySource[src.ID]; !ok || o2.rank > prev.rank {
			bySource[src.ID] = o2
		}
	}
	groups := map[string]*Group{}
	var keys []string
	how := map[string]map[string]bool{}
	for _, id := range order {
		o := bySource[id]
		g := groups[o.key]
		if g == nil {
			g = &Group{Upstream: o.id, UpstreamName: o.name}
			groups[o.key] = g
			keys = append(keys, o.key)
			how[o.key] = map[string]bool{}
		}
		g.Sources = append(g.Sources, id)
		how[o.key][o.how+"\x00"+o.detail] = true
	}
	rep := Report{Sources: len(order)}
	for _, k := range keys {
		g := groups[k]
		sort.Slice(g.Sources, func(i, j int) bool { return idLess(g.Sources[i], g.Sources[j]) })
		g.Reason = groupReason(g, how[k], tr, sources)
		rep.Groups = append(rep.Groups, *g)
	}
	rep.Independent = len(rep.Groups)
	return rep
}

type originKey struct {
	key  string
	id   prov.ID
	name string
}

// ownOrigin identifies a source by its publisher when known, else by itself.
func ownOrigin(src *prov.Source, nameOf func(prov.ID) string) originKey {
	if !src.PublisherID.IsZero() {
		return originKey{key: "actor:" + src.PublisherID.String(), id: src.PublisherID, name: nameOf(src.PublisherID)}
	}
	return originKey{key: "source:" + src.ID.String(), id: src.ID, name: src.Title}
}

// relayRoot follows a source through the sources it cites while each cites exactly
// one, and returns the root and a description of the path.
func relayRoot(via *prov.Source, sourceOf func(prov.ID) *prov.Source) (*prov.Source, string) {
	cur := via
	path := []string{via.ID.String()}
	seen := map[prov.ID]bool{via.ID: true}
	for len(cur.CitesIDs) == 1 {
		next := sourceOf(cur.CitesIDs[0])
		if next == nil || seen[next.ID] {
			break
		}
		seen[next.ID] = true
		path = append(path, next.ID.String())
		cur = next
	}
	return cur, strings.Join(path, " → ")
}

// citedUpstream returns the source src cites that an appearance naming no
// intermediary repeats, and why, or nil: a cited source that carries the claim too;
// else one whose publisher the attribution credits (its mention or quote names the
// publisher); else one published by the claimant or a body it belongs to. Among
// several of one kind, the first in ID order.
func citedUpstream(src *prov.Source, a *prov.Attribution, carriers, claimants map[prov.ID]bool, sourceOf func(prov.ID) *prov.Source, actorOf func(prov.ID) *prov.Actor) (*prov.Source, string) {
	cited := append([]prov.ID(nil), src.CitesIDs...)
	sort.Slice(cited, func(i, j int) bool { return idLess(cited[i], cited[j]) })
	var credited, byClaimant *prov.Source
	var creditedBy string
	for _, id := range cited {
		up := sourceOf(id)
		if up == nil || up.ID == src.ID {
			continue
		}
		if carriers[up.ID] {
			return up, "which carries the claim too"
		}
		if up.PublisherID.IsZero() {
			continue
		}
		pub := actorOf(up.PublisherID)
		if credited == nil && pub != nil && a != nil {
			if by := credits(a, pub); by != "" {
				credited, creditedBy = up, fmt.Sprintf("published by %s, whom it credits with the claim (%s)", pub.Name, by)
			}
		}
		if byClaimant == nil && claimants[up.PublisherID] {
			byClaimant = up
		}
	}
	switch {
	case credited != nil:
		return credited, creditedBy
	case byClaimant != nil:
		name := byClaimant.PublisherID.String()
		if pub := actorOf(byClaimant.PublisherID); pub != nil {
			name = pub.Name
		}
		return byClaimant, fmt.Sprintf("published by %s, whose claim it is", name)
	}
	return nil, ""
}

// credits returns how the attribution names actor pub (its mention "…", or its quote
// "…"), or "" when it does not: one of pub's names, word for word after folding.
func credits(a *prov.Attribution, pub *prov.Actor) string {
	for _, name := range pub.Names() {
		want := analysis.Terms(name)
		if len(want) == 0 {
			continue
		}
		if a.Mention != nil && containsRun(analysis.Terms(*a.Mention), want) {
			return fmt.Sprintf("mention %q", *a.Mention)
		}
		if containsRun(analysis.Terms(a.Quote), want) {
			return fmt.Sprintf("quote names %q", name)
		}
	}
	return ""
}

func containsRun(terms, run []string) bool {
	for i := 0; i+len(run) <= len(terms); i++ {
		if slices.Equal(terms[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// ownDetail says what an own report's source cites, for an editor to judge.
func ownDetail(src *prov.Source) string {
	switch len(src.CitesIDs) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("it cites %s, which neither carries the claim nor is published by the claimant or by whom it credits", src.CitesIDs[0])
	}
	ids := make([]string, len(src.CitesIDs))
	for i, id := range src.CitesIDs {
		ids[i] = id.String()
	}
	return fmt.Sprintf("it cites %s, none of which carries the claim or is published by the claimant or by whom it credits", strings.Join(ids, ", "))
}

func groupReason(g *Group, how map[string]bool, tr *prov.Trace, sources map[prov.ID]*prov.Source) string {
	names := make([]string, len(g.Sources))
	for i, id := range g.Sources {
		names[i] = id.String()
	}
	list := strings.Join(names, ", ")
	var relays, cites, owns []string
	vias := false
	for h := range how {
		kind, detail, _ := strings.Cut(h, "\x00")
		switch kind {
		case "relay":
			relays = append(relays, "via "+detail)
		case "cites":
			cites = append(cites, detail)
		case "via":
			vias = true
		default:
			owns = append(owns, detail)
		}
	}
	sort.Strings(relays)
	sort.Strings(cites)
	claimant := ""
	if tr.Claimant != nil && g.Upstream == tr.Claimant.ID {
		claimant = ", the claimant's own statement"
	}
	paths := strings.Join(append(relays, cites...), "; ")
	switch {
	case len(relays)+len(cites) > 0 && len(g.Sources) == 1 && len(owns) == 0:
		return fmt.Sprintf("%s relays %s%s (%s).", list, g.UpstreamName, claimant, paths)
	case len(relays)+len(cites) > 0:
		return fmt.Sprintf("%s all go back to %s%s (%s): counted once.", list, g.UpstreamName, claimant, paths)
	case vias && len(g.Sources) == 1:
		return fmt.Sprintf("%s got it through %s, named as intermediary.", list, g.UpstreamName)
	case vias:
		return fmt.Sprintf("%s all got it through %s, named as intermediary: counted once.", list, g.UpstreamName)
	case len(g.Sources) > 1:
		return fmt.Sprintf("%s are all published by %s: counted once.", list, g.UpstreamName)
	}
	detail := ""
	if len(owns) > 0 && owns[0] != "" {
		detail = "; " + owns[0]
	}
	src := sources[g.Sources[0]]
	if src != nil && !src.PublisherID.IsZero() {
		return fmt.Sprintf("%s (%s) names no upstream for the claim%s: counted as its own report.", list, g.UpstreamName, detail)
	}
	return fmt.Sprintf("%s names no upstream for the claim and no publisher%s: counted as its own report.", list, detail)
}
