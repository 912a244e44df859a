package viewer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// Checks of a drawn graph's geometry and helpers that find demo claims, for the
// browser test.

type box struct{ X, Y, W, H float64 }

// inside reports whether (x, y) lies inside b shrunk by inset on every side.
func (b box) inside(x, y, inset float64) bool {
	return x > b.X+inset && x < b.X+b.W-inset && y > b.Y+inset && y < b.Y+b.H-inset
}

func (b box) overlaps(o box) bool {
	return b.X < o.X+o.W-1 && o.X < b.X+b.W-1 && b.Y < o.Y+o.H-1 && o.Y < b.Y+b.H-1
}

// edgesThroughBoxes lists the edges that pass behind a node other than their two
// ends, read from points sampled along each edge's path.
func (s *pageState) edgesThroughBoxes() []string {
	var out []string
	for _, e := range s.Edges {
		for _, n := range s.Nodes {
			if n.ID == e.From || n.ID == e.To {
				continue
			}
			b := box{n.X, n.Y, n.W, n.H}
			for _, p := range e.Points {
				if b.inside(p[0], p[1], 1) {
					out = append(out, fmt.Sprintf("%s → %s (%s, route %s) passes behind %s (%.60q) at %.0f,%.0f", e.From, e.To, e.Label, e.Route, n.ID, n.Label, p[0], p[1]))
					break
				}
			}
		}
	}
	return out
}

// labelClashes lists edge labels drawn over a node or over another label.
func (s *pageState) labelClashes() []string {
	var out []string
	for i, l := range s.Labels {
		lb := box{l.X, l.Y, l.W, l.H}
		for _, n := range s.Nodes {
			if lb.overlaps(box{n.X, n.Y, n.W, n.H}) {
				out = append(out, fmt.Sprintf("label %q of %s → %s lies over node %s", l.Text, l.From, l.To, n.ID))
			}
		}
		for _, o := range s.Labels[i+1:] {
			if lb.overlaps(box{o.X, o.Y, o.W, o.H}) {
				out = append(out, fmt.Sprintf("label %q of %s → %s lies over label %q of %s → %s", l.Text, l.From, l.To, o.Text, o.From, o.To))
			}
		}
	}
	return out
}

// crossing returns where the polylines a and b cross, if they do.
func crossing(a, b [][2]float64) (x, y float64, ok bool) {
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			p, r := a[i-1], [2]float64{a[i][0] - a[i-1][0], a[i][1] - a[i-1][1]}
			q, s := b[j-1], [2]float64{b[j][0] - b[j-1][0], b[j][1] - b[j-1][1]}
			den := r[0]*s[1] - r[1]*s[0]
			if den == 0 {
				continue
			}
			t := ((q[0]-p[0])*s[1] - (q[1]-p[1])*s[0]) / den
			u := ((q[0]-p[0])*r[1] - (q[1]-p[1])*r[0]) / den
			if t >= 0 && t <= 1 && u >= 0 && u <= 1 {
				return p[0] + t*r[0], p[1] + t*r[1], true
			}
		}
	}
	return 0, 0, false
}

// checkGeometry fails t for overlapping nodes, edges behind boxes and clashing labels.
func checkGeometry(t *testing.T, st pageState) {
	t.Helper()
	if o := st.overlaps(); len(o) > 0 {
		t.Errorf("%s: overlapping nodes: %v", st.Path, o)
	}
	for _, p := range st.edgesThroughBoxes() {
		t.Errorf("%s: %s", st.Path, p)
	}
	for _, p := range st.labelClashes() {
		t.Errorf("%s: %s", st.Path, p)
	}
}

func (s *pageState) edge(from, to string) *stateEdge {
	for i := range s.Edges {
		if s.Edges[i].From == from && s.Edges[i].To == to {
			return &s.Edges[i]
		}
	}
	return nil
}

func (s *pageState) node(id string) *stateNode {
	for i := range s.Nodes {
		if s.Nodes[i].ID == id {
			return &s.Nodes[i]
		}
	}
	return nil
}

// nodeLabelled returns the ID of the node of kind whose label contains text, or "".
func (s *pageState) nodeLabelled(kind, text string) string {
	for _, n := range s.Nodes {
		if (kind == "" || n.Kind == kind) && strings.Contains(n.Label, text) {
			return n.ID
		}
	}
	return ""
}

func (s *pageState) labels(ids []string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, s.label(id))
	}
	return out
}

type apiClaim struct {
	ID       string
	Text     string
	Claimant *struct{ Name string }
}

// apiClaims asks the API for the claims whose text has the words (all claims for "").
func apiClaims(t *testing.T, base, words string) []apiClaim {
	t.Helper()
	q := `query($text: String) { claims(filter: {text: $text}, first: 1000) { nodes { id text claimant { name } } } }`
	vars := map[string]any{"text": words}
	if words == "" {
		vars = map[string]any{}
	}
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	resp, err := http.Post(base+"/query", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("query the API: %v", err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Claims struct{ Nodes []apiClaim }
		}
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("query the API: %v %v", err, out.Errors)
	}
	return out.Data.Claims.Nodes
}

// claimOf returns the ID of the claim of claimant whose text has the words.
func claimOf(t *testing.T, base, claimant, words string) string {
	t.Helper()
	cs := apiClaims(t, base, words)
	for _, c := range cs {
		if c.Claimant != nil && c.Claimant.Name == claimant {
			return c.ID
		}
	}
	t.Fatalf("no claim of %s's has the words %q: %+v", claimant, words, cs)
	return ""
}

// addRoutingFixture adds a claim whose chains give edges between nodes of one column
// with others between them (an article citing another article that carries the
// claim; a statement citing a post another article names as via) and an edge back
// across a column (a wire report citing a statement that is itself a via source). It
// returns the claim's ID.
func addRoutingFixture(t *testing.T, s *storage.Store) string {
	t.Helper()
	ctx := context.Background()
	source := func(title string, kind prov.SourceKind, cites ...*prov.Source) *prov.Source {
		src := &prov.Source{Title: title, Kind: kind}
		for _, c := range cites {
			src.CitesIDs = append(src.CitesIDs, c.ID)
		}
		out, err := s.CreateSource(ctx, src)
		if err != nil {
			t.Fatalf("create source %q: %v", title, err)
		}
		return out
	}
	q := source("Routing fixture: the ministry's statement", prov.SourceStatement)
	p3 := source("Routing fixture: second wire report, citing the statement", prov.SourceWireReport, q)
	p2 := source("Routing fixture: first wire report, citing the second", prov.SourceWireReport, p3)
	r := source("Routing fixture: the minister's post", prov.SourceSocialPost)
	v1 := source("Routing fixture: the embassy's statement, citing the wire and the post", prov.SourceStatement, p2, r)
	s1 := source("Routing fixture: article one", prov.SourceArticle)
	s2 := source("Routing fixture: article two", prov.SourceArticle)
	s3 := source("Routing fixture: article three, citing article one", prov.SourceArticle, s1)
	s4 := source("Routing fixture: article four", prov.SourceArticle)
	claim, err := s.CreateClaim(ctx, &prov.Claim{Text: "The routing fixture's claim reached four articles by five paths."})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ src, via *prov.Source }{{s1, v1}, {s2, q}, {s3, nil}, {s4, r}} {
		att := &prov.Attribution{ClaimID: claim.ID, SourceID: a.src.ID, Quote: "the claim reached four articles", Kind: prov.AttributionIndirect}
		if a.via != nil {
			att.ViaSourceID = a.via.ID
		}
		if _, err := s.CreateAttribution(ctx, att); err != nil {
			t.Fatal(err)
		}
	}
	return claim.ID.String()
}
