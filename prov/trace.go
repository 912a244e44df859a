package prov

// Trace is the whole provenance of one claim.
type Trace struct {
	Claim    *Claim
	Claimant *Actor // nil when unknown
	// AffiliationChain is the claimant's affiliation, that actor's affiliation, and so
	// on outwards.
	AffiliationChain []*Actor
	Event            *Event // nil when none
	Appearances      []*Appearance
	// Earliest is the appearance in the source published first; nil when no source of
	// the claim has a known publication time.
	Earliest *Appearance
}

// Appearance is one attribution of a traced claim with what it leads to.
type Appearance struct {
	Attribution *Attribution
	Source      *Source
	Publisher   *Actor // nil when unknown
	// Chain lists the intermediaries between the source and the original statement,
	// nearest first: the attribution's via actor and via source, the sources the via
	// source cites and what they cite in turn, and the sources cited by the
	// appearance's source that carry the same claim (and those they cite that do). A
	// source the appearance's source cites without carrying the claim is not a link:
	// the citation alone does not show that the claim came through it.
	Chain []ChainLink
	// Canonical is the traced claim's text, which Drift compares the quote with.
	Canonical string
}

// Drift returns how the appearance's quote differs from the claim's canonical text. It
// is computed when asked (a quarter of a trace's time went to it when every trace
// computed it for every appearance).
func (a *Appearance) Drift() Drift {
	return CompareWording(a.Canonical, a.Attribution.Quote)
}

// ChainLink is one intermediary: an actor or a source the claim came through.
type ChainLink struct {
	// Relation is how the link was reached: "via" (the attribution names it) or "cites"
	// (the via source, a source it leads to, or the appearance's source cites it).
	Relation string
	Depth    int
	Actor    *Actor
	Source   *Source
}
