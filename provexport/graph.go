package provexport

import (
	"cmp"
	"io"
	"maps"
	"slices"
	"time"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// Graph is the in-memory input of the writers: nodes by ID, and optionally the audit
// log's record versions. A map's key must be its node's ID. Nodes a node refers to may
// be absent (a partial graph); the exports then name them without describing them.
type Graph struct {
	Events       map[prov.ID]*prov.Event
	Actors       map[prov.ID]*prov.Actor
	Sources      map[prov.ID]*prov.Source
	Claims       map[prov.ID]*prov.Claim
	Attributions map[prov.ID]*prov.Attribution
	Relations    map[prov.ID]*prov.ClaimRelation
	Reviews      map[prov.ID]*prov.Review
	// Revisions are the versions of nodes that the audit log records, in any order.
	Revisions []Revision
}

// Revision is one write of a node that the audit log records. A write that left the
// node in a new state is a version: the PROV exports name it {node IRI}/v{Seq}, an
// entity that is a specialization of the node, generated at At, attributed to the
// user Who, and a revision of version PrevSeq. A write that deleted the node
// (Deleted) is an activity of that name, associated with Who, that invalidated
// version PrevSeq at At.
type Revision struct {
	Node prov.ID
	// Seq numbers the write (the audit entry's sequence number); it is positive and
	// unique per node.
	Seq uint64
	// At is when the write happened; zero when unknown.
	At time.Time
	// Who made it (an API token's ID, "local"); "" when unknown.
	Who string
	// Operation is the mutation's name ("createClaim", "import"); "" when unknown.
	Operation string
	// PrevSeq is the version this write replaced; 0 when the node did not exist before.
	PrevSeq uint64
	// Deleted reports that the write deleted the node.
	Deleted bool
}

// NewGraph returns an empty graph with its maps made.
func NewGraph() *Graph {
	return &Graph{
		Events:       map[prov.ID]*prov.Event{},
		Actors:       map[prov.ID]*prov.Actor{},
		Sources:      map[prov.ID]*prov.Source{},
		Claims:       map[prov.ID]*prov.Claim{},
		Attributions: map[prov.ID]*prov.Attribution{},
		Relations:    map[prov.ID]*prov.ClaimRelation{},
		Reviews:      map[prov.ID]*prov.Review{},
	}
}

// Add adds nodes to the graph, each replacing any node with the same ID. It returns an
// EINVALID error for a nil node, a zero ID or a type the graph does not hold.
func (g *Graph) Add(nodes ...prov.Node) error {
	for _, n := range nodes {
		if n == nil {
			return prov.Errorf(prov.EINVALID, "graph: nil node")
		}
		id := n.NodeID()
		if id.IsZero() {
			return prov.Errorf(prov.EINVALID, "graph: node without an id")
		}
		switch n := n.(type) {
		case *prov.Event:
			put(&g.Events, n)
		case *prov.Actor:
			put(&g.Actors, n)
		case *prov.Source:
			put(&g.Sources, n)
		case *prov.Claim:
			put(&g.Claims, n)
		case *prov.Attribution:
			put(&g.Attributions, n)
		case *prov.ClaimRelation:
			put(&g.Relations, n)
		case *prov.Review:
			put(&g.Reviews, n)
		default:
			return prov.Errorf(prov.EINVALID, "graph: %s: a %T is not a node the graph holds", id, n)
		}
	}
	return nil
}

func put[T prov.Node](m *map[prov.ID]T, n T) {
	if *m == nil {
		*m = map[prov.ID]T{}
	}
	(*m)[n.NodeID()] = n
}

// Has reports whether the graph holds a node with the ID.
func (g *Graph) Has(id prov.ID) bool {
	switch id.Type {
	case prov.TypeEvent:
		return g.Events[id] != nil
	case prov.TypeActor:
		return g.Actors[id] != nil
	case prov.TypeSource:
		return g.Sources[id] != nil
	case prov.TypeClaim:
		return g.Claims[id] != nil
	case prov.TypeAttribution:
		return g.Attributions[id] != nil
	case prov.TypeRelation:
		return g.Relations[id] != nil
	case prov.TypeReview:
		return g.Reviews[id] != nil
	}
	return false
}

// sortedIDs returns the keys of m in ID order (type, then sequence: string order).
func sortedIDs[T any](m map[prov.ID]T) []prov.ID {
	return slices.SortedFunc(maps.Keys(m), compareIDs)
}

func compareIDs(a, b prov.ID) int {
	return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Seq, b.Seq))
}

// check returns an EINVALID error when the graph is malformed: a nil node, a key that
// is not its node's ID, or a revision without a node or with a bad sequence number.
func (g *Graph) check() error {
	if g == nil {
		return prov.Errorf(prov.EINVALID, "graph: nil")
	}
	if err := checkMap("event", g.Events); err != nil {
		return err
	}
	if err := checkMap("actor", g.Actors); err != nil {
		return err
	}
	if err := checkMap("source", g.Sources); err != nil {
		return err
	}
	if err := checkMap("claim", g.Claims); err != nil {
		return err
	}
	if err := checkMap("attribution", g.Attributions); err != nil {
		return err
	}
	if err := checkMap("relation", g.Relations); err != nil {
		return err
	}
	if err := checkMap("review", g.Reviews); err != nil {
		return err
	}
	seen := map[prov.ID]map[uint64]bool{}
	for i, r := range g.Revisions {
		switch {
		case r.Node.IsZero():
			return prov.Errorf(prov.EINVALID, "graph: revisions[%d]: no node", i)
		case r.Seq == 0:
			return prov.Errorf(prov.EINVALID, "graph: revisions[%d]: %s: seq must be positive", i, r.Node)
		case r.PrevSeq == r.Seq:
			return prov.Errorf(prov.EINVALID, "graph: revisions[%d]: %s v%d cannot be a revision of itself", i, r.Node, r.Seq)
		case seen[r.Node][r.Seq]:
			return prov.Errorf(prov.EINVALID, "graph: revisions[%d]: %s v%d is listed twice", i, r.Node, r.Seq)
		}
		if seen[r.Node] == nil {
			seen[r.Node] = map[uint64]bool{}
		}
		seen[r.Node][r.Seq] = true
	}
	return nil
}

func checkMap[T interface {
	comparable
	prov.Node
}](what string, m map[prov.ID]T) error {
	var zero T
	for _, id := range sortedIDs(m) {
		n := m[id]
		if n == zero {
			return prov.Errorf(prov.EINVALID, "graph: %s %s is nil", what, id)
		}
		if n.NodeID() != id {
			return prov.Errorf(prov.EINVALID, "graph: %s stored under %s has id %s", what, id, n.NodeID())
		}
	}
	return nil
}

// FromNDJSON reads a file in claimgraph's interchange format (package ndjson), as the
// store's export writes it (reviews included), into a graph. Every record is
// validated; an ID given twice is an error. The errors are EINVALID and name the line.
// References to nodes not in the file are kept (the graph is then partial).
func FromNDJSON(r io.Reader) (*Graph, error) {
	g := NewGraph()
	nr := ndjson.NewReader(r)
	for {
		rec, err := nr.Read()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		var n interface {
			prov.Node
			Validate() error
		}
		switch {
		case rec.Event != nil:
			n = rec.Event
		case rec.Actor != nil:
			n = rec.Actor
		case rec.Source != nil:
			n = rec.Source
		case rec.Claim != nil:
			n = rec.Claim
		case rec.Attribution != nil:
			n = rec.Attribution
		case rec.Relation != nil:
			n = rec.Relation
		case rec.Review != nil:
			n = rec.Review
		default:
			return nil, prov.Errorf(prov.EINVALID, "line %d: empty record", nr.Line())
		}
		if err := n.Validate(); err != nil {
			return nil, prov.Errorf(prov.EINVALID, "line %d: %s", nr.Line(), prov.ErrorMessage(err))
		}
		if g.Has(n.NodeID()) {
			return nil, prov.Errorf(prov.EINVALID, "line %d: %s is given twice", nr.Line(), n.NodeID())
		}
		if err := g.Add(n); err != nil {
			return nil, err
		}
	}
}

// Event returns the subgraph of one event: the event, its claims, their attributions
// and reviews, the relations between two of its claims, and every node these refer to
// (claimants and their affiliations, sources, the sources they cite, publishers,
// intermediaries, reviewers), with the revisions of all of them. The subgraph shares
// nodes with g. It returns an ENOTFOUND error when g has no such event.
func (g *Graph) Event(id prov.ID) (*Graph, error) {
	if g.Events[id] == nil {
		return nil, prov.Errorf(prov.ENOTFOUND, "event %s not found", displayID(id))
	}
	s := newSelection(g)
	s.add(id)
	claims := map[prov.ID]bool{}
	for _, cid := range sortedIDs(g.Claims) {
		if c := g.Claims[cid]; c != nil && c.EventID == id {
			claims[cid] = true
			s.add(cid)
		}
	}
	s.addClaimParts(claims)
	for _, rid := range sortedIDs(g.Relations) {
		if r := g.Relations[rid]; r != nil && claims[r.FromID] && claims[r.ToID] {
			s.add(rid)
		}
	}
	return s.graph(), nil
}

// ClaimTrace returns the subgraph of one claim's provenance: the claim, its event, its
// claimant and the claimant's affiliation chain, its attributions with their sources,
// publishers and intermediaries (via actors and sources) and the sources those cite,
// transitively; the relations touching the claim with the claims at their other ends;
// its reviews and reviewers; and the revisions of all of them. The subgraph shares
// nodes with g. It returns an ENOTFOUND error when g has no such claim.
func (g *Graph) ClaimTrace(id prov.ID) (*Graph, error) {
	if g.Claims[id] == nil {
		return nil, prov.Errorf(prov.ENOTFOUND, "claim %s not found", displayID(id))
	}
	s := newSelection(g)
	s.add(id)
	s.addClaimParts(map[prov.ID]bool{id: true})
	for _, rid := range sortedIDs(g.Relations) {
		if r := g.Relations[rid]; r != nil && (r.FromID == id || r.ToID == id) {
			s.add(rid)
		}
	}
	return s.graph(), nil
}

func displayID(id prov.ID) string {
	if id.IsZero() {
		return `""`
	}
	return id.String()
}

// selection builds a subgraph closed under references: adding a node adds every node
// it refers to that g holds.
type selection struct {
	g, out *Graph
}

func newSelection(g *Graph) *selection { return &selection{g: g, out: NewGraph()} }

// addClaimParts adds the attributions and reviews of the given claims.
func (s *selection) addClaimParts(claims map[prov.ID]bool) {
	for _, aid := range sortedIDs(s.g.Attributions) {
		if a := s.g.Attributions[aid]; a != nil && claims[a.ClaimID] {
			s.add(aid)
		}
	}
	for _, rid := range sortedIDs(s.g.Reviews) {
		if r := s.g.Reviews[rid]; r != nil && claims[r.ClaimID] {
			s.add(rid)
		}
	}
}

// add adds the node id and, recursively, the nodes it refers to. Absent and zero IDs
// are ignored.
func (s *selection) add(id prov.ID) {
	if id.IsZero() || s.out.Has(id) || !s.g.Has(id) {
		return
	}
	switch id.Type {
	case prov.TypeEvent:
		put(&s.out.Events, s.g.Events[id])
	case prov.TypeActor:
		a := s.g.Actors[id]
		put(&s.out.Actors, a)
		s.add(a.AffiliationID)
	case prov.TypeSource:
		src := s.g.Sources[id]
		put(&s.out.Sources, src)
		s.add(src.PublisherID)
		for _, c := range src.CitesIDs {
			s.add(c)
		}
	case prov.TypeClaim:
		c := s.g.Claims[id]
		put(&s.out.Claims, c)
		s.add(c.ClaimantID)
		s.add(c.EventID)
	case prov.TypeAttribution:
		a := s.g.Attributions[id]
		put(&s.out.Attributions, a)
		s.add(a.ClaimID)
		s.add(a.SourceID)
		s.add(a.ViaActorID)
		s.add(a.ViaSourceID)
	case prov.TypeRelation:
		r := s.g.Relations[id]
		put(&s.out.Relations, r)
		s.add(r.FromID)
		s.add(r.ToID)
		s.add(r.AssertedByID)
	case prov.TypeReview:
		r := s.g.Reviews[id]
		put(&s.out.Reviews, r)
		s.add(r.ClaimID)
		s.add(r.ReviewerID)
	}
}

// graph returns the selection with the revisions of its nodes.
func (s *selection) graph() *Graph {
	for _, r := range s.g.Revisions {
		if s.out.Has(r.Node) {
			s.out.Revisions = append(s.out.Revisions, r)
		}
	}
	return s.out
}
