package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

// mustClient returns a GraphQL client on the handler over store, sending an admin
// token with every request.
func mustClient(tb testing.TB, store *storage.Store) *client.Client {
	tb.Helper()
	return mustClientAs(tb, store, prov.RoleAdmin)
}

// mustClientAs returns a GraphQL client sending a new token of the given role, or no
// token for role "".
func mustClientAs(tb testing.TB, store *storage.Store, role prov.Role) *client.Client {
	tb.Helper()
	var secret string
	if role != "" {
		_, secret = mustToken(tb, store, role)
	}
	return client.New(withBearer(secret, graph.Authenticate(store, false, graph.NewHandler(store, nil))))
}

// mustToken creates a token of the given role and returns it with its secret.
func mustToken(tb testing.TB, store *storage.Store, role prov.Role) (*prov.Token, string) {
	tb.Helper()
	tok, secret, err := store.CreateToken(context.Background(), "test "+string(role), role)
	if err != nil {
		tb.Fatalf("create token: %v", err)
	}
	return tok, secret
}

// withBearer sends secret as a bearer token with every request ("" sends none).
func withBearer(secret string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if secret != "" {
			r.Header.Set("Authorization", "Bearer "+secret)
		}
		h.ServeHTTP(w, r)
	})
}

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// do sends a query and decodes data into out; it returns the errors the server sent.
func do(tb testing.TB, c *client.Client, query string, out any, opts ...client.Option) []gqlError {
	tb.Helper()
	resp, err := c.RawPost(query, opts...)
	if err != nil {
		// The client turns a non-2xx status into an error "http CODE: BODY"; a request
		// the server refuses as a whole (a validation error, 422) still has a body.
		_, body, ok := strings.Cut(err.Error(), ": ")
		if !ok || !strings.HasPrefix(err.Error(), "http ") {
			tb.Fatalf("post: %v", err)
		}
		resp = &client.Response{}
		if jerr := json.Unmarshal([]byte(body), resp); jerr != nil {
			tb.Fatalf("post: %v", err)
		}
	}
	if out != nil && resp.Data != nil {
		b, _ := json.Marshal(resp.Data)
		if err := json.Unmarshal(b, out); err != nil {
			tb.Fatalf("decode data %s: %v", b, err)
		}
	}
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			tb.Fatalf("decode errors %s: %v", resp.Errors, err)
		}
	}
	return errs
}

// mustDo is do for queries that must succeed.
func mustDo(tb testing.TB, c *client.Client, query string, out any, opts ...client.Option) {
	tb.Helper()
	if errs := do(tb, c, query, out, opts...); len(errs) > 0 {
		tb.Fatalf("query failed: %+v\nquery: %s", errs, query)
	}
}

// wantError checks that a query fails with one error of the given code whose message
// contains each of the fragments.
func wantError(tb testing.TB, c *client.Client, query, code string, fragments ...string) {
	tb.Helper()
	errs := do(tb, c, query, nil)
	if len(errs) == 0 {
		tb.Fatalf("query succeeded, want a %s error\nquery: %s", code, query)
	}
	e := errs[0]
	if got := e.Extensions["code"]; got != code {
		tb.Fatalf("extensions.code = %v, want %s (message %q)", got, code, e.Message)
	}
	for _, f := range fragments {
		if !strings.Contains(e.Message, f) {
			tb.Errorf("message %q does not contain %q", e.Message, f)
		}
	}
}

// fixture creates a small graph through the API and returns its IDs.
type fixture struct {
	event, trump, govt, outlet, src1, src2, claim, other string
}

func mustFixture(tb testing.TB, c *client.Client) fixture {
	tb.Helper()
	var f fixture
	var out struct {
		E struct{ ID string }
		A struct{ ID string }
		G struct{ ID string }
		O struct{ ID string }
	}
	mustDo(tb, c, `mutation {
		e: createEvent(input: {name: "US strikes on IS in Syria", location: "Syria"}) { id }
		g: createActor(input: {name: "United States government", kind: GOVERNMENT, aliases: ["US government"]}) { id }
		o: createActor(input: {name: "Example News", kind: MEDIA_OUTLET}) { id }
		a: createActor(input: {name: "Donald Trump", kind: PERSON, role: "President", aliases: ["Trump"]}) { id }
	}`, &out)
	f.event, f.trump, f.govt, f.outlet = out.E.ID, out.A.ID, out.G.ID, out.O.ID
	mustDo(tb, c, `mutation($a: ID!, $g: ID!) { updateActor(id: $a, input: {affiliation: $g}) { id } }`, nil,
		client.Var("a", f.trump), client.Var("g", f.govt))
	var src struct {
		S1 struct{ ID string }
		S2 struct{ ID string }
	}
	mustDo(tb, c, `mutation($o: ID!) {
		s1: createSource(input: {title: "Strikes article", kind: ARTICLE, publisher: $o, publishedAt: "2025-12-20T10:00:00Z",
			text: "Trump said the Syrian government fully supported the strikes."}) { id }
		s2: createSource(input: {title: "Second article", kind: ARTICLE, url: "https://example.org/a/2"}) { id }
	}`, &src, client.Var("o", f.outlet))
	f.src1, f.src2 = src.S1.ID, src.S2.ID
	var cl struct {
		C struct{ ID string }
		D struct{ ID string }
	}
	mustDo(tb, c, `mutation($a: ID!, $e: ID!) {
		c: createClaim(input: {text: "The Syrian government fully supports the strikes", claimant: $a, event: $e, medium: "social media"}) { id }
		d: createClaim(input: {text: "The strikes hit more than 70 targets", event: $e}) { id }
	}`, &cl, client.Var("a", f.trump), client.Var("e", f.event))
	f.claim, f.other = cl.C.ID, cl.D.ID
	mustDo(tb, c, `mutation($c: ID!, $s1: ID!, $s2: ID!, $o: ID!) {
		a1: createAttribution(input: {claim: $c, source: $s1, quote: "the Syrian government fully supported the strikes",
			start: 11, end: 60, mention: "Trump", cue: "said", kind: INDIRECT, medium: "social media"}) { id }
		a2: createAttribution(input: {claim: $c, source: $s2, quote: "Syrian president backs US military action", kind: INDIRECT, viaActor: $o}) { id }
	}`, nil, client.Var("c", f.claim), client.Var("s1", f.src1), client.Var("s2", f.src2), client.Var("o", f.outlet))
	return f
}

func TestClaimQueries(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	f := mustFixture(t, c)

	t.Run("claims filter by text finds the claim with its attributions", func(t *testing.T) {
		var out struct {
			Claims struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID           string
						Text         string
						Medium       *string
						Claimant     struct{ Name, Kind string }
						Event        struct{ Name string }
						Attributions []struct {
							Quote, Kind string
							Cue         *string
							Start, End  *int
							Source      struct {
								ID        string
								Publisher *struct{ Name string }
							}
						}
					}
				}
			}
		}
		mustDo(t, c, `{ claims(filter: {text: "syrian GOVERNMENT"}, first: 10) { totalCount edges { node {
			id text medium claimant { name kind } event { name }
			attributions { quote kind cue start end source { id publisher { name } } } } } } }`, &out)
		if out.Claims.TotalCount != 1 || len(out.Claims.Edges) != 1 {
			t.Fatalf("got %d claims (total %d), want 1", len(out.Claims.Edges), out.Claims.TotalCount)
		}
		n := out.Claims.Edges[0].Node
		if n.ID != f.claim || n.Claimant.Name != "Donald Trump" || n.Claimant.Kind != "PERSON" || n.Event.Name != "US strikes on IS in Syria" || *n.Medium != "social media" {
			t.Errorf("claim = %+v", n)
		}
		if len(n.Attributions) != 2 {
			t.Fatalf("got %d attributions, want 2", len(n.Attributions))
		}
		a1, a2 := n.Attributions[0], n.Attributions[1]
		if a1.Source.ID != f.src1 || a1.Source.Publisher == nil || a1.Source.Publisher.Name != "Example News" || *a1.Start != 11 || *a1.End != 60 || *a1.Cue != "said" {
			t.Errorf("first attribution = %+v", a1)
		}
		if a2.Source.Publisher != nil || a2.Start != nil || a2.Cue != nil {
			t.Errorf("second attribution has values its source does not give: %+v", a2)
		}
	})

	t.Run("trace shows drift, chain, affiliation and earliest appearance", func(t *testing.T) {
		var out struct {
			Claim struct {
				Trace struct {
					Claimant         struct{ Name string }
					AffiliationChain []struct{ Name string }
					Appearances      []struct {
						Source struct{ ID string }
						Chain  []struct {
							Relation string
							Actor    *struct{ Name string }
						}
						Drift struct {
							Similarity     float64
							Removed, Added []string
						}
					}
					Earliest *struct{ Source struct{ ID string } }
				}
			}
		}
		mustDo(t, c, `query($id: ID!) { claim(id: $id) { trace {
			claimant { name } affiliationChain { name }
			appearances { source { id } chain { relation actor { name } } drift { similarity removed added } }
			earliest { source { id } } } } }`, &out, client.Var("id", f.claim))
		tr := out.Claim.Trace
		if tr.Claimant.Name != "Donald Trump" || len(tr.AffiliationChain) != 1 || tr.AffiliationChain[0].Name != "United States government" {
			t.Errorf("claimant %+v, chain %+v", tr.Claimant, tr.AffiliationChain)
		}
		if len(tr.Appearances) != 2 {
			t.Fatalf("got %d appearances, want 2", len(tr.Appearances))
		}
		second := tr.Appearances[1]
		if !contains(second.Drift.Removed, "government") || !contains(second.Drift.Added, "president") {
			t.Errorf("drift of the headline = %+v, want government removed and president added", second.Drift)
		}
		if len(second.Chain) != 1 || second.Chain[0].Relation != "via" || second.Chain[0].Actor.Name != "Example News" {
			t.Errorf("chain = %+v, want via Example News", second.Chain)
		}
		if tr.Earliest == nil || tr.Earliest.Source.ID != f.src1 {
			t.Errorf("earliest = %+v, want the dated source %s", tr.Earliest, f.src1)
		}
	})

	t.Run("edges both ways agree", func(t *testing.T) {
		var out struct {
			Actor struct {
				Affiliation struct{ Name string }
				Claims      struct{ Nodes []struct{ ID string } }
			}
			Source struct {
				Claims       struct{ Nodes []struct{ ID string } }
				Attributions []struct{ Claim struct{ ID string } }
				Text         *string
				HasText      bool
				TextSha256   *string
			}
			Event struct {
				Claims  struct{ TotalCount int }
				Sources []struct{ ID string }
				Actors  []struct{ Name string }
			}
			Govt struct{ Members []struct{ Name string } }
		}
		mustDo(t, c, `query($a: ID!, $s: ID!, $e: ID!, $g: ID!) {
			actor(id: $a) { affiliation { name } claims { nodes { id } } }
			source(id: $s) { claims { nodes { id } } attributions { claim { id } } text hasText textSha256 }
			event(id: $e) { claims { totalCount } sources { id } actors { name } }
			govt: actor(id: $g) { members { name } } }`, &out,
			client.Var("a", f.trump), client.Var("s", f.src1), client.Var("e", f.event), client.Var("g", f.govt))
		if out.Actor.Affiliation.Name != "United States government" || len(out.Actor.Claims.Nodes) != 1 || out.Actor.Claims.Nodes[0].ID != f.claim {
			t.Errorf("actor = %+v", out.Actor)
		}
		if len(out.Source.Claims.Nodes) != 1 || out.Source.Attributions[0].Claim.ID != f.claim || !out.Source.HasText || out.Source.Text == nil || out.Source.TextSha256 == nil {
			t.Errorf("source = %+v", out.Source)
		}
		if out.Event.Claims.TotalCount != 2 || len(out.Event.Sources) != 2 || len(out.Event.Actors) != 1 {
			t.Errorf("event = %+v", out.Event)
		}
		if len(out.Govt.Members) != 1 || out.Govt.Members[0].Name != "Donald Trump" {
			t.Errorf("members = %+v", out.Govt.Members)
		}
	})

	t.Run("node resolves every type by id", func(t *testing.T) {
		for _, id := range []string{f.event, f.trump, f.src1, f.claim} {
			var out struct {
				Node struct {
					ID       string
					Typename string `json:"__typename"`
				}
			}
			mustDo(t, c, `query($id: ID!) { node(id: $id) { id __typename } }`, &out, client.Var("id", id))
			if out.Node.ID != id || out.Node.Typename == "" {
				t.Errorf("node(%s) = %+v", id, out.Node)
			}
		}
	})

	t.Run("actorByName finds an actor by alias", func(t *testing.T) {
		var out struct{ ActorByName struct{ ID string } }
		mustDo(t, c, `{ actorByName(name: "TRUMP") { id } }`, &out)
		if out.ActorByName.ID != f.trump {
			t.Errorf("got %q, want %s", out.ActorByName.ID, f.trump)
		}
	})

	t.Run("related lists relations from both ends", func(t *testing.T) {
		mustDo(t, c, `mutation($a: ID!, $b: ID!) { createClaimRelation(input: {kind: REFINES, from: $a, to: $b, note: "same strikes"}) { id } }`, nil,
			client.Var("a", f.other), client.Var("b", f.claim))
		var out struct {
			Claim struct {
				Related []struct {
					Outgoing bool
					Claim    struct{ ID string }
					Relation struct{ Kind string }
				}
			}
		}
		mustDo(t, c, `query($id: ID!) { claim(id: $id) { related { outgoing claim { id } relation { kind } } } }`, &out, client.Var("id", f.claim))
		if r := out.Claim.Related; len(r) != 1 || r[0].Outgoing || r[0].Claim.ID != f.other || r[0].Relation.Kind != "REFINES" {
			t.Errorf("related = %+v", r)
		}
	})
}

func TestPagination(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	for i := 0; i < 7; i++ {
		mustDo(t, c, `mutation { createClaim(input: {text: "numbered claim"}) { id } }`, nil)
	}
	var seen []string
	var after, lastEnd *string
	pages := 0
	for {
		var out struct {
			Claims struct {
				TotalCount int
				Nodes      []struct{ ID string }
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					EndCursor                    *string
				}
			}
		}
		mustDo(t, c, `query($after: String) { claims(first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }`, &out, client.Var("after", after))
		pages++
		if out.Claims.TotalCount != 7 {
			t.Fatalf("totalCount = %d, want 7", out.Claims.TotalCount)
		}
		if out.Claims.PageInfo.HasPreviousPage != (after != nil) {
			t.Errorf("page %d: hasPreviousPage = %v", pages, out.Claims.PageInfo.HasPreviousPage)
		}
		for _, n := range out.Claims.Nodes {
			seen = append(seen, n.ID)
		}
		lastEnd = out.Claims.PageInfo.EndCursor
		if !out.Claims.PageInfo.HasNextPage {
			break
		}
		after = out.Claims.PageInfo.EndCursor
	}
	if pages != 3 || len(seen) != 7 {
		t.Fatalf("got %d claims in %d pages, want 7 in 3", len(seen), pages)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("ids out of order or repeated: %v", seen)
		}
	}
	t.Run("a foreign cursor is INVALID", func(t *testing.T) {
		wantError(t, c, `{ claims(after: "bm9wZQ") { totalCount } }`, "INVALID", "cursor")
	})
	t.Run("first above the maximum is INVALID", func(t *testing.T) {
		wantError(t, c, `{ claims(first: 1000000) { totalCount } }`, "INVALID", "first")
	})
	t.Run("first: 0 returns no edges, with pageInfo and totalCount", func(t *testing.T) {
		type conn struct {
			TotalCount int
			Edges      []struct{ Cursor string }
			PageInfo   struct {
				HasNextPage, HasPreviousPage bool
				StartCursor, EndCursor       *string
			}
		}
		var out struct{ Claims, Actors, Last, Log conn }
		mustDo(t, c, `query($last: String) {
			claims(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
			actors(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
			last: claims(first: 0, after: $last) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
			log: auditLog(first: 0) { edges { cursor } pageInfo { hasNextPage } } }`, &out, client.Var("last", lastEnd))
		if cl := out.Claims; len(cl.Edges) != 0 || cl.TotalCount != 7 || !cl.PageInfo.HasNextPage || cl.PageInfo.HasPreviousPage || cl.PageInfo.StartCursor != nil || cl.PageInfo.EndCursor != nil {
			t.Errorf("claims(first: 0) = %+v, want no edges, totalCount 7, a next page and no cursors", cl)
		}
		if a := out.Actors; len(a.Edges) != 0 || a.TotalCount != 0 || a.PageInfo.HasNextPage {
			t.Errorf("actors(first: 0) of none = %+v", a)
		}
		if l := out.Last; len(l.Edges) != 0 || l.PageInfo.HasNextPage || !l.PageInfo.HasPreviousPage {
			t.Errorf("claims(first: 0) after the last claim = %+v, want no next page", l)
		}
		if l := out.Log; len(l.Edges) != 0 || !l.PageInfo.HasNextPage {
			t.Errorf("auditLog(first: 0) = %+v", l)
		}
	})
	t.Run("first left out is the default page size", func(t *testing.T) {
		for range storage.DefaultPageSize {
			mustDo(t, c, `mutation { createClaim(input: {text: "another claim"}) { id } }`, nil)
		}
		var out struct {
			Claims struct {
				Edges    []struct{ Cursor string }
				PageInfo struct{ HasNextPage bool }
			}
		}
		mustDo(t, c, `{ claims { edges { cursor } pageInfo { hasNextPage } } }`, &out)
		if len(out.Claims.Edges) != storage.DefaultPageSize || !out.Claims.PageInfo.HasNextPage {
			t.Errorf("claims = %d edges, hasNextPage %v; want %d and true", len(out.Claims.Edges), out.Claims.PageInfo.HasNextPage, storage.DefaultPageSize)
		}
	})
}

func TestMutations(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	f := mustFixture(t, c)

	t.Run("update leaves omitted fields and clears null ones", func(t *testing.T) {
		var out struct {
			UpdateClaim struct {
				Text   string
				Medium *string
				Event  *struct{ ID string }
			}
		}
		mustDo(t, c, `mutation($id: ID!) { updateClaim(id: $id, input: {medium: null}) { text medium event { id } } }`, &out, client.Var("id", f.claim))
		if out.UpdateClaim.Medium != nil || out.UpdateClaim.Text != "The Syrian government fully supports the strikes" || out.UpdateClaim.Event == nil {
			t.Errorf("updated claim = %+v", out.UpdateClaim)
		}
	})
	t.Run("update of a required field to null is INVALID", func(t *testing.T) {
		wantError(t, c, `mutation { updateClaim(id: "`+f.claim+`", input: {text: null}) { id } }`, "INVALID", "claim.text")
	})
	t.Run("upsertActor by alias returns the existing actor", func(t *testing.T) {
		var out struct {
			UpsertActor struct {
				ID      string
				Aliases []string
			}
		}
		mustDo(t, c, `mutation { upsertActor(input: {name: "trump", kind: PERSON, aliases: ["Donald J. Trump"]}) { id aliases } }`, &out)
		if out.UpsertActor.ID != f.trump || !contains(out.UpsertActor.Aliases, "Donald J. Trump") {
			t.Errorf("upsert = %+v, want %s with the new alias", out.UpsertActor, f.trump)
		}
	})
	t.Run("upsertSource by url returns the existing source", func(t *testing.T) {
		var out struct{ UpsertSource struct{ ID string } }
		mustDo(t, c, `mutation { upsertSource(input: {title: "Again", kind: ARTICLE, url: "https://EXAMPLE.org/a/2/"}) { id } }`, &out)
		if out.UpsertSource.ID != f.src2 {
			t.Errorf("upsert = %s, want %s", out.UpsertSource.ID, f.src2)
		}
	})
	t.Run("attachSourceText with the wrong text is INVALID and changes nothing", func(t *testing.T) {
		mustDo(t, c, `mutation($id: ID!) { updateSource(id: $id, input: {textSha256: "`+strings.Repeat("ab", 32)+`"}) { id } }`, nil, client.Var("id", f.src2))
		wantError(t, c, `mutation { attachSourceText(id: "`+f.src2+`", text: "other words") { id } }`, "INVALID", "does not match")
		var out struct{ Source struct{ HasText bool } }
		mustDo(t, c, `query($id: ID!) { source(id: $id) { hasText } }`, &out, client.Var("id", f.src2))
		if out.Source.HasText {
			t.Error("the source has text after a refused attach")
		}
	})
	t.Run("deleting a referenced actor is a CONFLICT", func(t *testing.T) {
		wantError(t, c, `mutation { deleteActor(id: "`+f.trump+`") { id } }`, "CONFLICT", "claim.claimant")
	})
	t.Run("deleting a claim removes its attributions", func(t *testing.T) {
		var out struct{ DeleteClaim struct{ ID string } }
		mustDo(t, c, `mutation($id: ID!) { deleteClaim(id: $id) { id } }`, &out, client.Var("id", f.claim))
		var src struct {
			Source struct{ Attributions []struct{ ID string } }
		}
		mustDo(t, c, `query($id: ID!) { source(id: $id) { attributions { id } } }`, &src, client.Var("id", f.src1))
		if len(src.Source.Attributions) != 0 {
			t.Errorf("source still lists %d attributions of the deleted claim", len(src.Source.Attributions))
		}
		wantError(t, c, `{ claim(id: "`+f.claim+`") { id } }`, "NOT_FOUND", f.claim)
	})
	t.Run("each node type can be created, updated and deleted", func(t *testing.T) {
		var out struct {
			E struct{ ID string }
			A struct{ ID string }
		}
		mustDo(t, c, `mutation { e: createEvent(input: {name: "tmp"}) { id } a: createActor(input: {name: "Tmp Person", kind: PERSON}) { id } }`, &out)
		mustDo(t, c, `mutation($e: ID!, $a: ID!) {
			updateEvent(id: $e, input: {name: "tmp2", location: "Here"}) { id }
			updateActor(id: $a, input: {role: "Spokesperson"}) { id }
			deleteEvent(id: $e) { name }
			deleteActor(id: $a) { role } }`, nil, client.Var("e", out.E.ID), client.Var("a", out.A.ID))
		var rel struct{ CreateClaimRelation struct{ ID string } }
		var cl struct {
			X struct{ ID string }
			Y struct{ ID string }
		}
		mustDo(t, c, `mutation { x: createClaim(input: {text: "x"}) { id } y: createClaim(input: {text: "y"}) { id } }`, &cl)
		mustDo(t, c, `mutation($x: ID!, $y: ID!) { createClaimRelation(input: {kind: CONTRADICTS, from: $x, to: $y}) { id } }`, &rel, client.Var("x", cl.X.ID), client.Var("y", cl.Y.ID))
		mustDo(t, c, `mutation($r: ID!) { updateClaimRelation(id: $r, input: {kind: CORROBORATES, note: "n"}) { id } deleteClaimRelation(id: $r) { kind note } }`, nil, client.Var("r", rel.CreateClaimRelation.ID))
		var at struct{ CreateAttribution struct{ ID string } }
		mustDo(t, c, `mutation($x: ID!, $s: ID!) { createAttribution(input: {claim: $x, source: $s, quote: "q", kind: DIRECT}) { id } }`, &at, client.Var("x", cl.X.ID), client.Var("s", f.src2))
		mustDo(t, c, `mutation($a: ID!) { updateAttribution(id: $a, input: {cue: "said"}) { cue } deleteAttribution(id: $a) { id } }`, nil, client.Var("a", at.CreateAttribution.ID))
		mustDo(t, c, `mutation($s: ID!) { updateSource(id: $s, input: {title: "Renamed"}) { title } deleteSource(id: $s) { id } }`, nil, client.Var("s", f.src2))
	})
}

func TestInvalidInput(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	f := mustFixture(t, c)
	cases := []struct {
		name, query, code string
		fragments         []string
	}{
		{"empty actor name", `mutation { createActor(input: {name: "  ", kind: PERSON}) { id } }`, "INVALID", []string{"actor.name"}},
		{"unknown enum value", `mutation { createActor(input: {name: "X", kind: ALIEN}) { id } }`, "INVALID", []string{`input.kind: "ALIEN" is not an ActorKind (PERSON, `}},
		{"malformed id", `{ claim(id: "nope") { id } }`, "INVALID", []string{"nope"}},
		{"id of the wrong type", `{ claim(id: "` + f.trump + `") { id } }`, "NOT_FOUND", nil},
		{"missing claim", `{ claim(id: "clm_00000000000zz") { id } }`, "NOT_FOUND", []string{"clm_00000000000zz"}},
		{"reference to a missing node", `mutation { createClaim(input: {text: "t", claimant: "act_00000000000zz"}) { id } }`, "INVALID", []string{"claim.claimant", "act_00000000000zz"}},
		{"relation to itself", `mutation { createClaimRelation(input: {kind: REFINES, from: "` + f.claim + `", to: "` + f.claim + `"}) { id } }`, "INVALID", []string{"itself"}},
		{"span outside the text", `mutation { createAttribution(input: {claim: "` + f.claim + `", source: "` + f.src1 + `", quote: "strikes", start: 500, end: 507, kind: DIRECT}) { id } }`, "INVALID", []string{"outside"}},
		{"quote not matching its span", `mutation { createAttribution(input: {claim: "` + f.claim + `", source: "` + f.src1 + `", quote: "Trump", start: 1, end: 6, kind: DIRECT}) { id } }`, "INVALID", []string{"attribution.quote", "does not match"}},
		{"quote not in the archived text", `mutation { createAttribution(input: {claim: "` + f.claim + `", source: "` + f.src1 + `", quote: "not in the text at all", kind: INDIRECT}) { id } }`, "INVALID", []string{"attribution.quote", "does not occur"}},
		{"quote occurring twice without a span", `mutation { createAttribution(input: {claim: "` + f.claim + `", source: "` + f.src1 + `", quote: "the", kind: INDIRECT}) { id } }`, "INVALID", []string{"attribution.quote", "occurs 2 times", "11..14, 49..52"}},
		{"span length not the quote's", `mutation { createAttribution(input: {claim: "` + f.claim + `", source: "` + f.src1 + `", quote: "Trump", start: 0, end: 9, kind: DIRECT}) { id } }`, "INVALID", []string{"attribution.end"}},
		{"duplicate alias of another actor", `mutation { createActor(input: {name: "Someone", kind: PERSON, aliases: ["trump"]}) { id } }`, "CONFLICT", []string{"trump", f.trump}},
		{"bad url", `mutation { createSource(input: {title: "t", kind: ARTICLE, url: "ftp:/x"}) { id } }`, "INVALID", []string{"source.url"}},
		{"end before start", `mutation { createEvent(input: {name: "e", startTime: "2024-02-02T00:00:00Z", endTime: "2024-02-01T00:00:00Z"}) { id } }`, "INVALID", []string{"event.endTime"}},
		{"text hash mismatch", `mutation { createSource(input: {title: "t", kind: ARTICLE, text: "abc", textSha256: "` + strings.Repeat("0", 64) + `"}) { id } }`, "INVALID", []string{"source.text"}},
	}
	for _, tc := range cases {
		t.Run("rejects "+tc.name, func(t *testing.T) {
			wantError(t, c, tc.query, tc.code, tc.fragments...)
		})
	}
}

func TestAttributionPlacement(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	f := mustFixture(t, c)
	t.Run("fills in the span of a quote given without one that occurs once in the text", func(t *testing.T) {
		var out struct{ CreateAttribution struct{ Start, End *int } }
		mustDo(t, c, `mutation($c: ID!, $s: ID!) { createAttribution(input: {claim: $c, source: $s, quote: "Trump said", kind: INDIRECT}) { start end } }`,
			&out, client.Var("c", f.claim), client.Var("s", f.src1))
		if a := out.CreateAttribution; a.Start == nil || a.End == nil || *a.Start != 0 || *a.End != 10 {
			t.Errorf("span = %v..%v, want 0..10", a.Start, a.End)
		}
	})
	t.Run("fills in spans when the text is attached later", func(t *testing.T) {
		const text = "Officials said the strikes began at dawn."
		var src struct{ CreateSource struct{ ID string } }
		mustDo(t, c, `mutation($h: String!) { createSource(input: {title: "Hash only", kind: ARTICLE, textSha256: $h}) { id } }`, &src, client.Var("h", prov.TextHash(text)))
		var at struct{ CreateAttribution struct{ ID string } }
		mustDo(t, c, `mutation($c: ID!, $s: ID!) { createAttribution(input: {claim: $c, source: $s, quote: "the strikes began", kind: INDIRECT}) { id } }`,
			&at, client.Var("c", f.other), client.Var("s", src.CreateSource.ID))
		var out struct {
			AttachSourceText struct{ Attributions []struct{ Start, End *int } }
		}
		mustDo(t, c, `mutation($s: ID!, $t: String!) { attachSourceText(id: $s, text: $t) { attributions { start end } } }`,
			&out, client.Var("s", src.CreateSource.ID), client.Var("t", text))
		if as := out.AttachSourceText.Attributions; len(as) != 1 || as[0].Start == nil || *as[0].Start != 15 || *as[0].End != 32 {
			t.Errorf("attributions after attach = %+v, want one at 15..32", as)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestIngestAndReview(t *testing.T) {
	store := storagetest.MustOpen(t)
	c := mustClient(t, store)
	const article = "The ministry said on Monday that the bridge would reopen in May. \"We are ahead of schedule,\" the minister, Ana Ruiz, told reporters."
	var dry struct {
		IngestSource struct {
			DryRun bool
			Source *struct{ ID string }
			Items  []struct {
				Speaker, Quote, ClaimID string
				Attribution             *struct{ ID string }
			}
		}
	}
	mustDo(t, c, `mutation($t: String!) { ingestSource(input: {text: $t, dryRun: true}) { dryRun source { id } items { speaker quote claimId attribution { id } } } }`, &dry, client.Var("t", article))
	t.Run("a dry run proposes without storing", func(t *testing.T) {
		if !dry.IngestSource.DryRun || dry.IngestSource.Source != nil || len(dry.IngestSource.Items) == 0 || dry.IngestSource.Items[0].Attribution != nil {
			t.Fatalf("dry run = %+v", dry.IngestSource)
		}
		if store.Head().Seq != 1 { // the test token
			t.Fatalf("a dry run wrote: head %d", store.Head().Seq)
		}
	})
	var res struct {
		IngestSource struct {
			Source struct{ ID string }
			Items  []struct {
				Speaker     string
				Attribution struct {
					ID         string
					Extraction struct {
						Status     string
						Confidence float64
					}
					Claim struct{ ID string }
				}
			}
		}
	}
	mustDo(t, c, `mutation($t: String!) { ingestSource(input: {text: $t, publisher: "Daily Example"}) { source { id } items { speaker attribution { id extraction { status confidence } claim { id } } } } }`, &res, client.Var("t", article))
	items := res.IngestSource.Items
	t.Run("ingest stores proposals with the extractor's confidence", func(t *testing.T) {
		if len(items) != len(dry.IngestSource.Items) {
			t.Fatalf("stored %d items, the dry run proposed %d", len(items), len(dry.IngestSource.Items))
		}
		for _, it := range items {
			if it.Attribution.Extraction.Status != "PROPOSED" || it.Attribution.Extraction.Confidence <= 0 {
				t.Errorf("item %+v is not a proposal", it)
			}
		}
	})
	t.Run("a reviewer accepts and rejects, and the audit log records it", func(t *testing.T) {
		a := items[0].Attribution
		var out struct {
			AcceptExtraction struct {
				Extraction struct{ Status string }
			}
			RejectExtraction struct {
				Extraction struct{ Status string }
			}
		}
		mustDo(t, c, `mutation($a: ID!, $c: ID!) {
			acceptExtraction(id: $a) { ... on Attribution { extraction { status } } }
			rejectExtraction(id: $c) { ... on Claim { extraction { status } } } }`, &out,
			client.Var("a", a.ID), client.Var("c", a.Claim.ID))
		if out.AcceptExtraction.Extraction.Status != "ACCEPTED" || out.RejectExtraction.Extraction.Status != "REJECTED" {
			t.Fatalf("statuses = %+v", out)
		}
		var log struct {
			AuditLog struct{ Nodes []struct{ Operation string } }
		}
		mustDo(t, c, `query($a: ID!) { auditLog(node: $a) { nodes { operation } } }`, &log, client.Var("a", a.ID))
		ops := log.AuditLog.Nodes
		if len(ops) != 2 || ops[0].Operation != "ingestSource" || ops[1].Operation != "acceptExtraction" {
			t.Fatalf("audit log of the attribution = %+v", ops)
		}
	})
	t.Run("reviewing a hand-entered claim is INVALID", func(t *testing.T) {
		var cl struct{ CreateClaim struct{ ID string } }
		mustDo(t, c, `mutation { createClaim(input: {text: "typed by hand"}) { id } }`, &cl)
		wantError(t, c, `mutation { acceptExtraction(id: "`+cl.CreateClaim.ID+`") { id } }`, "INVALID", "entered by hand")
	})
	t.Run("ingesting the same text again changes nothing", func(t *testing.T) {
		head := store.Head()
		var again struct {
			IngestSource struct{ AlreadyIngested bool }
		}
		mustDo(t, c, `mutation($t: String!) { ingestSource(input: {text: $t}) { alreadyIngested } }`, &again, client.Var("t", article))
		if !again.IngestSource.AlreadyIngested || store.Head() != head {
			t.Fatalf("second ingest: %+v, head %d → %d", again, head.Seq, store.Head().Seq)
		}
	})
}

func TestByIDAndListQueries(t *testing.T) {
	store := storagetest.MustOpenDemo(t)
	c := mustClientAs(t, store, "")
	var ids struct {
		Claims struct {
			Nodes []struct {
				ID           string
				Attributions []struct{ ID string }
				Related      []struct{ Relation struct{ ID string } }
			}
		}
	}
	mustDo(t, c, `{ claims(filter: {text: "more than 70 targets"}) { nodes { id attributions { id } related { relation { id } } } } }`, &ids)
	if len(ids.Claims.Nodes) == 0 || len(ids.Claims.Nodes[0].Related) == 0 {
		t.Fatalf("the demo's >70 targets claim with a relation is missing: %+v", ids)
	}
	claim := ids.Claims.Nodes[0]
	t.Run("attribution and claimRelation by id", func(t *testing.T) {
		var out struct {
			Attribution   struct{ Claim struct{ ID string } }
			ClaimRelation struct {
				Kind     string
				From, To struct{ ID string }
			}
		}
		mustDo(t, c, `query($a: ID!, $r: ID!) { attribution(id: $a) { claim { id } } claimRelation(id: $r) { kind from { id } to { id } } }`, &out,
			client.Var("a", claim.Attributions[0].ID), client.Var("r", claim.Related[0].Relation.ID))
		if out.Attribution.Claim.ID != claim.ID || (out.ClaimRelation.From.ID != claim.ID && out.ClaimRelation.To.ID != claim.ID) {
			t.Fatalf("got %+v", out)
		}
	})
	t.Run("actors, sources and events lists filter and count", func(t *testing.T) {
		var out struct {
			Anonymous struct{ TotalCount int }
			Centcom   struct{ Nodes []struct{ Name string } }
			Articles  struct{ TotalCount int }
			Dated     struct{ TotalCount int }
			Events    struct{ TotalCount int }
			Iraq      struct{ Nodes []struct{ Name string } }
		}
		mustDo(t, c, `{
			anonymous: actors(filter: {kind: ANONYMOUS}) { totalCount }
			centcom: actors(filter: {name: "central command"}) { nodes { name } }
			articles: sources(filter: {kind: ARTICLE}) { totalCount }
			dated: sources(filter: {publishedAfter: "2024-01-01T00:00:00Z", publishedBefore: "2024-12-31T00:00:00Z"}) { totalCount }
			events { totalCount }
			iraq: events(filter: {name: "Iraq"}) { nodes { name } } }`, &out)
		if out.Anonymous.TotalCount != 8 || len(out.Centcom.Nodes) != 1 || out.Centcom.Nodes[0].Name != "US Central Command" ||
			out.Articles.TotalCount < 5 || out.Dated.TotalCount == 0 || out.Events.TotalCount != 2 || len(out.Iraq.Nodes) != 1 {
			t.Fatalf("got %+v", out)
		}
	})
	t.Run("review by id and claim reviews", func(t *testing.T) {
		admin := mustClient(t, store)
		var rv struct{ CreateReview struct{ ID string } }
		var actor struct{ ActorByName struct{ ID string } }
		mustDo(t, admin, `{ actorByName(name: "NBC News") { id } }`, &actor)
		mustDo(t, admin, `mutation($c: ID!, $a: ID!) { createReview(input: {claim: $c, rating: 4, bestRating: 5, worstRating: 1, verdict: "Mostly true", reviewer: $a, reviewedAt: "2025-12-22T00:00:00Z"}) { id } }`, &rv,
			client.Var("c", claim.ID), client.Var("a", actor.ActorByName.ID))
		var out struct {
			Review struct {
				Verdict  string
				Claim    struct{ ID string }
				Reviewer struct{ Name string }
				Evidence []string
			}
			Claim struct{ Reviews []struct{ ID string } }
		}
		mustDo(t, c, `query($r: ID!, $c: ID!) { review(id: $r) { verdict claim { id } reviewer { name } evidence } claim(id: $c) { reviews { id } } }`, &out,
			client.Var("r", rv.CreateReview.ID), client.Var("c", claim.ID))
		if out.Review.Verdict != "Mostly true" || out.Review.Claim.ID != claim.ID || out.Review.Reviewer.Name != "NBC News" || out.Review.Evidence == nil || len(out.Claim.Reviews) != 1 {
			t.Fatalf("got %+v", out)
		}
		wantError(t, admin, `mutation { createReview(input: {claim: "`+claim.ID+`", rating: 9, bestRating: 5, worstRating: 1, verdict: "x", reviewer: "`+actor.ActorByName.ID+`", reviewedAt: "2025-12-22T00:00:00Z"}) { id } }`, "INVALID", "review.rating")
	})
	t.Run("history and auditLog show the import", func(t *testing.T) {
		var out struct {
			Claim struct {
				History []struct {
					Entry struct{ Operation, Who string }
					Node  struct{ ID string }
				}
			}
			AuditLog struct {
				Nodes    []struct{ Seq int }
				PageInfo struct{ HasNextPage bool }
			}
		}
		mustDo(t, c, `query($c: ID!) { claim(id: $c) { history { entry { operation who } node { id } } } auditLog(first: 1) { nodes { seq } pageInfo { hasNextPage } } }`, &out, client.Var("c", claim.ID))
		if len(out.Claim.History) != 1 || out.Claim.History[0].Entry.Operation != "import" || out.Claim.History[0].Entry.Who != "local" || out.Claim.History[0].Node.ID != claim.ID {
			t.Fatalf("history = %+v", out.Claim.History)
		}
		if len(out.AuditLog.Nodes) != 1 || out.AuditLog.Nodes[0].Seq != 1 || !out.AuditLog.PageInfo.HasNextPage {
			t.Fatalf("auditLog = %+v", out.AuditLog)
		}
	})
}

func TestSourceHashIsNullWhenUnknown(t *testing.T) {
	c := mustClient(t, storagetest.MustOpen(t))
	var resp struct {
		A, B struct {
			TextSha256 *string
		}
	}
	mustDo(t, c, `mutation {
		a: createSource(input: {title: "no text, no hash", kind: STATEMENT}) { textSha256 }
		b: createSource(input: {title: "with text", kind: ARTICLE, text: "Some words."}) { textSha256 }
	}`, &resp)
	if resp.A.TextSha256 != nil {
		t.Errorf("a source with neither text nor hash has textSha256 %q, want null", *resp.A.TextSha256)
	}
	if resp.B.TextSha256 == nil || len(*resp.B.TextSha256) != 64 {
		t.Errorf("a source with text has textSha256 %v, want its hex SHA-256", resp.B.TextSha256)
	}
}
