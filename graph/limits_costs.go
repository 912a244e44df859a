package graph

// The complexity estimate prices a field at 1, its selection times the page or list it
// returns. The fields below do much more than that when they resolve, whatever is
// selected from them, so they carry a weight of their own, in the same unit (about one
// record read), derived from what their resolvers read:
//
//   - Query.export: the whole store's export converts every node (ExportDocument),
//     and one event's every claim of the event with what they refer to, so its work
//     grows with the store or the event, not with any selection. It costs half of
//     MaxComplexity and one more: one export fits in an operation, two never do. (A
//     whole-store export also needs the editor role, and the server writes one at a
//     time: see the @wholeStore directive.)
//   - Event.discrepancies reads every claim of the event, every claim's relations,
//     and compares the claims of each subject pairwise; Event.sources and
//     Event.actors read every claim of the event and its attributions. They are
//     priced as a full page of claims (MaxFirst) with a list of relations or
//     attributions each (ListCost), the comparison of discrepancies as much again.
//     An event with more claims costs more than its estimate.
//   - Claim.trace reads the claim, its claimant and affiliation chain (up to
//     traceChainDepth actors), its event, and for each attribution (ListCost) the
//     attribution, source, publisher and chain of intermediaries (up to
//     traceChainDepth links). Claim.corroboration is a trace and the grouping of its
//     sources.
//   - Query.search runs a full-text query, whose work grows with how common its words
//     are, not with first: (1.8 ms at the median and 26 ms at the 99th percentile at a
//     million claims, docs/SEARCH.md, against about 0.5 ms for a whole claim trace),
//     and cuts snippets for each hit: priced as ten traces.
//   - The drift of an attribution reads its claim and compares the two wordings word
//     by word: ListCost.
//
// Lists without first: whose length grows with the store, not with one node (an
// event's sources, an actor's members, a source's attributions, an import's changes),
// are assumed to be longListFactor times ListCost long.
const (
	traceChainDepth = 16 // storage's bound on affiliation and intermediary chains
	longListFactor  = 10
)

// fieldWeight returns the weight of typeName.field beyond its 1, and whether the
// field is a long list.
func (l Limits) fieldWeight(typeName, field string) (weight int64, longList bool) {
	list := int64(l.ListCost)
	page := int64(l.MaxFirst)
	trace := 1 + 1 + traceChainDepth + 1 + list*(3+traceChainDepth)
	eventClaims := page * (1 + list)
	switch typeName + "." + field {
	case "Query.export":
		return int64(l.MaxComplexity)/2 + 1, false
	case "Query.search":
		return 10 * trace, false
	case "Event.discrepancies":
		return 2 * eventClaims, true
	case "Event.sources", "Event.actors":
		return eventClaims, true
	case "Claim.trace":
		return trace, false
	case "Claim.corroboration":
		return trace + list, false
	case "Attribution.drift", "Appearance.drift":
		return list, false
	case "Actor.members", "Source.citedBy", "Source.attributions", "AuditEntry.changes":
		return 0, true
	}
	return 0, false
}
