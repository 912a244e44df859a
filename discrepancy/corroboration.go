package discrepancy

import (
	"fmt"
	"sort"
	"strings"

	"claimgraph/prov"
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
//   - an appearance that names neither is the source's own report;
//
// and a source with several appearances takes the furthest upstream of them. A root or
// a source is identified by its publisher when known, so a body's statement and its
// own repost of it, or two reports of one outlet, are one group. Sources that name no
// upstream are counted as independent: the store cannot tell what they do not say.
func Corroboration(tr *prov.Trace) Report { return corroboration(tr, nil) }

// corroboration is Corroboration with a lookup of actor names the trace does not hold
// (a relayed statement's publisher); nil uses the trace's actors only.
func corroboration(tr *prov.Trace, actorName func(prov.ID) string) Report {
	names := map[prov.ID]string{}
	note := func(a *prov.Actor) {
		if a != nil {
			names[a.ID] = a.Name
		}
	}
	note(tr.Claimant)
	for _, a := range tr.AffiliationChain {
		note(a)
	}
	for _, ap := range tr.Appearances {
		note(ap.Publisher)
		for _, l := range ap.Chain {
			note(l.Actor)
		}
	}
	nameOf := func(id prov.ID) string {
		if n, ok := names[id]; ok {
			return n
		}
		if actorName != nil {
			if n := actorName(id); n != "" {
				names[id] = n
				return n
			}
		}
		return id.String()
	}
	type origin struct {
		key    string
		id     prov.ID
		name   string
		how    string // "relay" (via source chain), "via" (via actor), "own"
		rank   int    // relay 2 > via 1 > own 0
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
		o2 := origin{key: o.key, id: o.id, name: o.name, how: "own"}
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
			root, path := relayRoot(viaSource, ap.Chain)
			r := ownOrigin(root, nameOf)
			o2 = origin{key: r.key, id: r.id, name: r.name, how: "relay", rank: 2, detail: path}
		case viaActor != nil:
			o2 = origin{key: "actor:" + viaActor.ID.String(), id: viaActor.ID, name: viaActor.Name, how: "via", rank: 1}
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

// relayRoot follows a via source through the sources it cites while each cites exactly
// one, using the chain's sources (which the trace loaded), and returns the root and a
// description of the path.
func relayRoot(via *prov.Source, chain []prov.ChainLink) (*prov.Source, string) {
	known := map[prov.ID]*prov.Source{}
	for _, l := range chain {
		if l.Source != nil {
			known[l.Source.ID] = l.Source
		}
	}
	cur := via
	path := []string{via.ID.String()}
	seen := map[prov.ID]bool{via.ID: true}
	for len(cur.CitesIDs) == 1 {
		next := known[cur.CitesIDs[0]]
		if next == nil || seen[next.ID] {
			break
		}
		seen[next.ID] = true
		path = append(path, next.ID.String())
		cur = next
	}
	return cur, strings.Join(path, " → ")
}

func groupReason(g *Group, how map[string]bool, tr *prov.Trace, sources map[prov.ID]*prov.Source) string {
	names := make([]string, len(g.Sources))
	for i, id := range g.Sources {
		names[i] = id.String()
	}
	list := strings.Join(names, ", ")
	var relays, vias, owns []string
	for h := range how {
		kind, detail, _ := strings.Cut(h, "\x00")
		switch kind {
		case "relay":
			relays = append(relays, detail)
		case "via":
			vias = append(vias, kind)
		default:
			owns = append(owns, kind)
		}
	}
	sort.Strings(relays)
	claimant := ""
	if tr.Claimant != nil && g.Upstream == tr.Claimant.ID {
		claimant = ", the claimant's own statement"
	}
	switch {
	case len(relays) > 0 && len(g.Sources) == 1 && len(owns) == 0:
		return fmt.Sprintf("%s relays %s%s (via %s).", list, g.UpstreamName, claimant, strings.Join(relays, "; "))
	case len(relays) > 0:
		return fmt.Sprintf("%s all go back to %s%s (via %s): counted once.", list, g.UpstreamName, claimant, strings.Join(relays, "; "))
	case len(vias) > 0 && len(g.Sources) == 1:
		return fmt.Sprintf("%s got it through %s, named as intermediary.", list, g.UpstreamName)
	case len(vias) > 0:
		return fmt.Sprintf("%s all got it through %s, named as intermediary: counted once.", list, g.UpstreamName)
	case len(g.Sources) > 1:
		return fmt.Sprintf("%s are all published by %s: counted once.", list, g.UpstreamName)
	}
	src := sources[g.Sources[0]]
	if src != nil && !src.PublisherID.IsZero() {
		return fmt.Sprintf("%s (%s) names no upstream for the claim: counted as its own report.", list, g.UpstreamName)
	}
	return fmt.Sprintf("%s names no upstream for the claim and no publisher: counted as its own report.", list)
}
