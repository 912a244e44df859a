package provexport

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"claimgraph/prov"
)

// The PROV writers share one mapping: build turns a Graph into a document of PROV
// elements (entities, activities, agents) and relations, which WritePROVJSON and
// WritePROVO then serialize. See docs/PROV.md for the table.

type elemKind int

const (
	kindEntity elemKind = iota
	kindActivity
	kindAgent
)

type valueKind int

const (
	valString valueKind = iota
	valInt
	valTime
	valURI  // an xsd:anyURI literal (a URL we name but do not describe)
	valName // a reference to another element or term
)

type value struct {
	kind valueKind
	s    string
	n    int
	t    time.Time
	q    qname
}

type attr struct {
	key qname
	val value
}

// element is a PROV entity, activity or agent.
type element struct {
	id    qname
	kind  elemKind
	types []qname // prov:type (PROV-JSON), rdf:type (PROV-O)
	attrs []attr
	// Activities: start and end time, nil when unknown. Any element: a location's
	// name, "" when unknown.
	start, end *time.Time
	location   string
	rels       []*relation // relations whose first argument is this element
}

type relKind int

const (
	relGeneration     relKind = iota // wasGeneratedBy(entity, activity?, time?)
	relDerivation                    // wasDerivedFrom(generated, used), with a subtype
	relAttribution                   // wasAttributedTo(entity, agent)
	relAssociation                   // wasAssociatedWith(activity, agent)
	relDelegation                    // actedOnBehalfOf(delegate, responsible)
	relInfluence                     // wasInfluencedBy(influencee, influencer)
	relSpecialization                // specializationOf(specific, general)
	relInvalidation                  // wasInvalidatedBy(entity, activity?, time?)
)

// Derivation subtypes: PROV-JSON's prov:type of a wasDerivedFrom, PROV-O's
// subproperty.
const (
	derivPlain         = ""
	derivQuotation     = "Quotation"     // prov:wasQuotedFrom
	derivPrimarySource = "PrimarySource" // prov:hadPrimarySource
	derivRevision      = "Revision"      // prov:wasRevisionOf
)

type relation struct {
	kind            relKind
	subject, object qname // object is zero for a generation or invalidation known only by its time
	subtype         string
	time            *time.Time
}

// name returns the relation's PROV-O property name, which also names it in PROV-JSON
// identifiers.
func (r *relation) name() string {
	switch r.kind {
	case relGeneration:
		if r.object.isZero() {
			return "generatedAtTime"
		}
		return "wasGeneratedBy"
	case relDerivation:
		switch r.subtype {
		case derivQuotation:
			return "wasQuotedFrom"
		case derivPrimarySource:
			return "hadPrimarySource"
		case derivRevision:
			return "wasRevisionOf"
		}
		return "wasDerivedFrom"
	case relAttribution:
		return "wasAttributedTo"
	case relAssociation:
		return "wasAssociatedWith"
	case relDelegation:
		return "actedOnBehalfOf"
	case relInfluence:
		return "wasInfluencedBy"
	case relSpecialization:
		return "specializationOf"
	case relInvalidation:
		if r.object.isZero() {
			return "invalidatedAtTime"
		}
		return "wasInvalidatedBy"
	}
	panic("provexport: unknown relation kind")
}

// key identifies the relation in a PROV-JSON document: its name and arguments, so
// that it does not change when other nodes are added.
func (r *relation) key() string {
	k := "_:" + r.name() + "." + r.subject.prefix + "." + r.subject.local
	if !r.object.isZero() {
		k += "." + r.object.prefix + "." + r.object.local
	}
	return k
}

type document struct {
	ns    namespaces
	elems []*element
	byID  map[qname]*element
	rels  map[string]bool
}

// element returns the element named id, creating it with the given kind, after every
// element created so far, if it does not exist.
func (d *document) element(id qname, kind elemKind) *element {
	if e := d.byID[id]; e != nil {
		return e
	}
	e := &element{id: id, kind: kind}
	d.elems = append(d.elems, e)
	d.byID[id] = e
	return e
}

// relate records a relation once, on its subject (created as a bare entity when the
// graph does not describe it).
func (d *document) relate(r relation) {
	if k := r.key(); !d.rels[k] {
		d.rels[k] = true
		e := d.element(r.subject, kindEntity)
		e.rels = append(e.rels, &r)
	}
}

func (e *element) add(key qname, v value) { e.attrs = append(e.attrs, attr{key, v}) }

func (e *element) str(key qname, s string) {
	if strings.TrimSpace(s) != "" {
		e.add(key, value{kind: valString, s: s})
	}
}

func (e *element) optStr(key qname, s *string) {
	if s != nil {
		e.str(key, *s)
	}
}

func (e *element) ref(key qname, id prov.ID) {
	if !id.IsZero() {
		e.add(key, value{kind: valName, q: nodeName(id)})
	}
}

// firstHand reports whether a source kind records the speaker's own words (a
// statement, post, speech or news conference), so that what cites it had it as a
// primary source. Articles and wire reports relay; citing one is a plain derivation.
func firstHand(k prov.SourceKind) bool {
	switch k {
	case prov.SourceStatement, prov.SourceSocialPost, prov.SourceSpeech, prov.SourcePressConference:
		return true
	}
	return false
}

// derivFrom returns the subtype of a derivation from the source id: PrimarySource when
// the graph holds it and it is first-hand, plain otherwise (including when its kind is
// unknown: nothing is guessed).
func (g *Graph) derivFrom(id prov.ID) string {
	if s := g.Sources[id]; s != nil && firstHand(s.Kind) {
		return derivPrimarySource
	}
	return derivPlain
}

func timePtr(t time.Time) *time.Time { return &t }

// build maps a graph to PROV. Elements come in the order events, actors, sources,
// claims (each followed by its statement), attributions, relations, reviews, versions,
// users; each kind in ID order.
func build(g *Graph, baseIRI string) (*document, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	ns, err := newNamespaces(baseIRI)
	if err != nil {
		return nil, err
	}
	d := &document{ns: ns, byID: map[qname]*element{}, rels: map[string]bool{}}

	for _, id := range sortedIDs(g.Events) {
		ev := g.Events[id]
		e := d.element(nodeName(id), kindActivity)
		e.types = []qname{cgTerm("Event")}
		e.str(provTerm("label"), ev.Name)
		e.optStr(cgTerm("description"), ev.Description)
		e.start, e.end = ev.StartTime, ev.EndTime
		if ev.Location != nil {
			e.location = strings.TrimSpace(*ev.Location)
		}
	}

	for _, id := range sortedIDs(g.Actors) {
		a := g.Actors[id]
		e := d.element(nodeName(id), kindAgent)
		switch a.Kind {
		case prov.ActorPerson:
			e.types = append(e.types, provTerm("Person"))
		case prov.ActorOrganization, prov.ActorGovernment, prov.ActorMediaOutlet:
			e.types = append(e.types, provTerm("Organization"))
		}
		e.types = append(e.types, cgTerm("Actor"))
		e.str(provTerm("label"), a.Name)
		e.str(cgTerm("kind"), string(a.Kind))
		e.optStr(cgTerm("role"), a.Role)
		for _, alias := range a.Aliases {
			e.str(cgTerm("alias"), alias)
		}
		if !a.AffiliationID.IsZero() {
			d.relate(relation{kind: relDelegation, subject: e.id, object: nodeName(a.AffiliationID)})
		}
	}

	for _, id := range sortedIDs(g.Sources) {
		s := g.Sources[id]
		e := d.element(nodeName(id), kindEntity)
		e.types = []qname{cgTerm("Source")}
		e.str(qname{"dcterms", "title"}, s.Title)
		e.str(provTerm("label"), s.Title)
		e.str(cgTerm("kind"), string(s.Kind))
		if s.URL != nil && *s.URL != "" {
			e.add(cgTerm("url"), value{kind: valURI, s: *s.URL})
		}
		if s.RetrievedAt != nil {
			e.add(cgTerm("retrievedAt"), value{kind: valTime, t: *s.RetrievedAt})
		}
		e.str(cgTerm("textSha256"), s.TextSHA256)
		for _, c := range s.CitesIDs {
			e.ref(cgTerm("cites"), c)
		}
		if !s.PublisherID.IsZero() {
			d.relate(relation{kind: relAttribution, subject: e.id, object: nodeName(s.PublisherID)})
		}
		if s.PublishedAt != nil {
			d.relate(relation{kind: relGeneration, subject: e.id, time: s.PublishedAt})
		}
		for _, c := range s.CitesIDs {
			d.relate(relation{kind: relDerivation, subject: e.id, object: nodeName(c), subtype: g.derivFrom(c)})
		}
	}

	for _, id := range sortedIDs(g.Claims) {
		c := g.Claims[id]
		e := d.element(nodeName(id), kindEntity)
		e.types = []qname{cgTerm("Claim")}
		e.str(provTerm("value"), c.Text)
		e.ref(cgTerm("about"), c.EventID)
		if !c.ClaimantID.IsZero() {
			d.relate(relation{kind: relAttribution, subject: e.id, object: nodeName(c.ClaimantID)})
		}
		// The claimant's act of stating the claim, when anything is known of it.
		if !c.ClaimantID.IsZero() || c.StatedAt != nil || c.Medium != nil {
			st := d.element(statementName(id), kindActivity)
			st.types = []qname{cgTerm("Statement")}
			st.optStr(cgTerm("medium"), c.Medium)
			if !c.ClaimantID.IsZero() {
				d.relate(relation{kind: relAssociation, subject: st.id, object: nodeName(c.ClaimantID)})
			}
			d.relate(relation{kind: relGeneration, subject: e.id, object: st.id, time: c.StatedAt})
		}
	}

	for _, id := range sortedIDs(g.Attributions) {
		a := g.Attributions[id]
		e := d.element(nodeName(id), kindEntity)
		e.types = []qname{cgTerm("Quote")}
		e.str(provTerm("value"), a.Quote)
		e.str(cgTerm("kind"), string(a.Kind))
		e.optStr(cgTerm("cue"), a.Cue)
		e.optStr(cgTerm("mention"), a.Mention)
		e.optStr(cgTerm("medium"), a.Medium)
		if a.HasSpan() {
			e.add(cgTerm("start"), value{kind: valInt, n: *a.Start})
			e.add(cgTerm("end"), value{kind: valInt, n: *a.End})
		}
		e.ref(cgTerm("claim"), a.ClaimID)
		e.ref(cgTerm("viaActor"), a.ViaActorID)
		e.ref(cgTerm("viaSource"), a.ViaSourceID)
		// The quote is a verbatim excerpt of the source, and the source's rendering of
		// the claim.
		d.relate(relation{kind: relDerivation, subject: e.id, object: nodeName(a.SourceID), subtype: derivQuotation})
		d.relate(relation{kind: relDerivation, subject: e.id, object: nodeName(a.ClaimID)})
		if !a.ViaSourceID.IsZero() {
			d.relate(relation{kind: relDerivation, subject: e.id, object: nodeName(a.ViaSourceID), subtype: g.derivFrom(a.ViaSourceID)})
		}
		if !a.ViaActorID.IsZero() {
			d.relate(relation{kind: relInfluence, subject: e.id, object: nodeName(a.ViaActorID)})
		}
	}

	for _, id := range sortedIDs(g.Relations) {
		r := g.Relations[id]
		e := d.element(nodeName(id), kindEntity)
		e.types = []qname{cgTerm("ClaimRelation")}
		e.str(cgTerm("kind"), string(r.Kind))
		e.ref(cgTerm("from"), r.FromID)
		e.ref(cgTerm("to"), r.ToID)
		e.optStr(cgTerm("note"), r.Note)
		if !r.AssertedByID.IsZero() {
			d.relate(relation{kind: relAttribution, subject: e.id, object: nodeName(r.AssertedByID)})
		}
		if p := relationProperty(r.Kind); p != "" {
			d.element(nodeName(r.FromID), kindEntity).ref(cgTerm(p), r.ToID)
		}
	}

	for _, id := range sortedIDs(g.Reviews) {
		r := g.Reviews[id]
		e := d.element(nodeName(id), kindEntity)
		e.types = []qname{cgTerm("Review")}
		e.ref(cgTerm("reviewOf"), r.ClaimID)
		e.str(cgTerm("verdict"), r.Verdict)
		e.add(cgTerm("rating"), value{kind: valInt, n: r.Rating})
		e.add(cgTerm("bestRating"), value{kind: valInt, n: r.BestRating})
		e.add(cgTerm("worstRating"), value{kind: valInt, n: r.WorstRating})
		e.optStr(cgTerm("explanation"), r.Explanation)
		for _, u := range r.EvidenceURLs {
			if u != "" {
				e.add(cgTerm("evidence"), value{kind: valURI, s: u})
			}
		}
		if !r.ReviewerID.IsZero() {
			d.relate(relation{kind: relAttribution, subject: e.id, object: nodeName(r.ReviewerID)})
		}
		if !r.ReviewedAt.IsZero() {
			d.relate(relation{kind: relGeneration, subject: e.id, time: timePtr(r.ReviewedAt)})
		}
		d.relate(relation{kind: relDerivation, subject: e.id, object: nodeName(r.ClaimID)})
	}

	revs := slices.Clone(g.Revisions)
	slices.SortFunc(revs, func(a, b Revision) int {
		return cmp.Or(compareIDs(a.Node, b.Node), cmp.Compare(a.Seq, b.Seq))
	})
	users := map[string]bool{}
	for _, r := range revs {
		if r.Who != "" {
			users[r.Who] = true
		}
		if r.Deleted {
			// Deleting a node ends its last version; the deletion is an activity.
			e := d.element(versionName(r.Node, r.Seq), kindActivity)
			e.types = []qname{cgTerm("Deletion")}
			e.ref(cgTerm("versionOf"), r.Node)
			e.str(cgTerm("operation"), r.Operation)
			if !r.At.IsZero() {
				e.start, e.end = timePtr(r.At), timePtr(r.At)
			}
			if r.Who != "" {
				d.relate(relation{kind: relAssociation, subject: e.id, object: userName(r.Who)})
			}
			var at *time.Time
			if !r.At.IsZero() {
				at = timePtr(r.At)
			}
			if r.PrevSeq != 0 {
				d.relate(relation{kind: relInvalidation, subject: versionName(r.Node, r.PrevSeq), object: e.id, time: at})
			}
			if !g.Has(r.Node) {
				// A node no longer in the graph is named by its versions: declare it, and
				// the deletion ended it too (an entity; an agent or activity just ends).
				n := d.element(nodeName(r.Node), deletedKind(r.Node.Type))
				n.types = []qname{cgTerm(nodeClass(r.Node.Type)), cgTerm("Deleted")}
				if n.kind == kindEntity {
					d.relate(relation{kind: relInvalidation, subject: n.id, object: e.id, time: at})
				}
			}
			continue
		}
		e := d.element(versionName(r.Node, r.Seq), kindEntity)
		e.types = []qname{cgTerm("Version")}
		e.ref(cgTerm("versionOf"), r.Node)
		e.str(cgTerm("operation"), r.Operation)
		if r.Node.Type != prov.TypeEvent { // an event is an activity, which nothing specializes
			d.relate(relation{kind: relSpecialization, subject: e.id, object: nodeName(r.Node)})
		}
		if r.PrevSeq != 0 {
			d.relate(relation{kind: relDerivation, subject: e.id, object: versionName(r.Node, r.PrevSeq), subtype: derivRevision})
		}
		if !r.At.IsZero() {
			d.relate(relation{kind: relGeneration, subject: e.id, time: timePtr(r.At)})
		}
		if r.Who != "" {
			d.relate(relation{kind: relAttribution, subject: e.id, object: userName(r.Who)})
		}
	}
	for _, who := range slices.Sorted(maps.Keys(users)) {
		e := d.element(userName(who), kindAgent)
		e.types = []qname{cgTerm("User")}
		e.str(provTerm("label"), who)
	}
	return d, nil
}

// nodeClass names the cg: class of a node type.
func nodeClass(t prov.NodeType) string {
	switch t {
	case prov.TypeEvent:
		return "Event"
	case prov.TypeActor:
		return "Actor"
	case prov.TypeSource:
		return "Source"
	case prov.TypeClaim:
		return "Claim"
	case prov.TypeAttribution:
		return "Quote"
	case prov.TypeRelation:
		return "ClaimRelation"
	case prov.TypeReview:
		return "Review"
	}
	return "Node"
}

// deletedKind is the PROV kind a node of type t is declared as.
func deletedKind(t prov.NodeType) elemKind {
	switch t {
	case prov.TypeEvent:
		return kindActivity
	case prov.TypeActor:
		return kindAgent
	}
	return kindEntity
}

// relationProperty names the cg: property that links the two claims of a relation.
func relationProperty(k prov.RelationKind) string {
	switch k {
	case prov.RelationCorroborates:
		return "corroborates"
	case prov.RelationContradicts:
		return "contradicts"
	case prov.RelationRefines:
		return "refines"
	}
	return ""
}
