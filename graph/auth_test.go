package graph_test

import (
	"context"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/99designs/gqlgen/client"

	"claimgraph/discrepancy"
	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
)

// authFixture is a store with one node of every type, for mutations to act on.
type authFixture struct {
	Event, Event2, Actor, Other, Extracted, Discrepancy, Source, Claim, Claim2, Attribution, Relation, Review, Token string
}

func mustAuthFixture(tb testing.TB, s *storage.Store) authFixture {
	tb.Helper()
	ctx := context.Background()
	must := func(n prov.Node, err error) string {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fixture: %v", err)
		}
		return n.NodeID().String()
	}
	var f authFixture
	ev, err := s.CreateEvent(ctx, &prov.Event{Name: "event"})
	f.Event = must(ev, err)
	ev2, err := s.CreateEvent(ctx, &prov.Event{Name: "event without claims"})
	f.Event2 = must(ev2, err)
	a, err := s.CreateActor(ctx, &prov.Actor{Name: "Speaker", Kind: prov.ActorPerson})
	f.Actor = must(a, err)
	o, err := s.CreateActor(ctx, &prov.Actor{Name: "Unreferenced", Kind: prov.ActorPerson})
	f.Other = must(o, err)
	sha := prov.TextHash("the text")
	src, err := s.CreateSource(ctx, &prov.Source{Title: "source", Kind: prov.SourceArticle, TextSHA256: sha})
	f.Source = must(src, err)
	c, err := s.CreateClaim(ctx, &prov.Claim{Text: "claim", ClaimantID: a.ID, EventID: ev.ID})
	f.Claim = must(c, err)
	c2, err := s.CreateClaim(ctx, &prov.Claim{Text: "other claim"})
	f.Claim2 = must(c2, err)
	q1, err := s.CreateClaim(ctx, &prov.Claim{Text: "The strikes hit 70 targets.", EventID: ev.ID})
	must(q1, err)
	q2, err := s.CreateClaim(ctx, &prov.Claim{Text: "The strikes hit 85 targets.", EventID: ev.ID})
	must(q2, err)
	found := discrepancy.Detect([]*prov.Claim{q1, q2}, discrepancy.Options{})
	if len(found) != 1 {
		tb.Fatalf("fixture: want one discrepancy between 70 and 85 targets, got %+v", found)
	}
	f.Discrepancy = found[0].Key
	x, err := s.CreateClaim(ctx, &prov.Claim{Text: "extracted claim", Extraction: &prov.Extraction{Confidence: 0.8, Status: prov.StatusProposed, Extractor: "test"}})
	f.Extracted = must(x, err)
	at, err := s.CreateAttribution(ctx, &prov.Attribution{ClaimID: c.ID, SourceID: src.ID, Quote: "text", Kind: prov.AttributionDirect})
	f.Attribution = must(at, err)
	rel, err := s.CreateRelation(ctx, &prov.ClaimRelation{Kind: prov.RelationRefines, FromID: c.ID, ToID: c2.ID})
	f.Relation = must(rel, err)
	rv, err := s.CreateReview(ctx, &prov.Review{ClaimID: c.ID, Rating: 2, BestRating: 5, WorstRating: 1, Verdict: "Mostly false", ReviewerID: a.ID, ReviewedAt: time.Now()})
	f.Review = must(rv, err)
	tok, _, err := s.CreateToken(ctx, "victim", prov.RoleReader)
	f.Token = must(tok, err)
	return f
}

// mutationCases lists one call of every mutation with the least role it needs.
var mutationCases = []struct {
	name  string
	need  prov.Role
	query string
}{
	{"createEvent", prov.RoleEditor, `createEvent(input: {name: "e2"}) { id }`},
	{"updateEvent", prov.RoleEditor, `updateEvent(id: "{{.Event}}", input: {location: "x"}) { id }`},
	{"deleteEvent", prov.RoleAdmin, `deleteEvent(id: "{{.Event2}}") { id }`},
	{"createActor", prov.RoleEditor, `createActor(input: {name: "New", kind: PERSON}) { id }`},
	{"upsertActor", prov.RoleEditor, `upsertActor(input: {name: "Speaker", kind: PERSON, aliases: ["The Speaker"]}) { id }`},
	{"updateActor", prov.RoleEditor, `updateActor(id: "{{.Actor}}", input: {role: "Spokesperson"}) { id }`},
	{"deleteActor", prov.RoleAdmin, `deleteActor(id: "{{.Other}}") { id }`},
	{"createSource", prov.RoleEditor, `createSource(input: {title: "s2", kind: ARTICLE}) { id }`},
	{"upsertSource", prov.RoleEditor, `upsertSource(input: {title: "s3", kind: ARTICLE, url: "https://example.org/x"}) { id }`},
	{"updateSource", prov.RoleEditor, `updateSource(id: "{{.Source}}", input: {title: "renamed"}) { id }`},
	{"attachSourceText", prov.RoleEditor, `attachSourceText(id: "{{.Source}}", text: "the text") { id }`},
	{"deleteSource", prov.RoleAdmin, `deleteSource(id: "{{.Source}}") { id }`},
	{"createClaim", prov.RoleEditor, `createClaim(input: {text: "c3"}) { id }`},
	{"updateClaim", prov.RoleEditor, `updateClaim(id: "{{.Claim}}", input: {text: "changed"}) { id }`},
	{"deleteClaim", prov.RoleAdmin, `deleteClaim(id: "{{.Claim}}") { id }`},
	{"createAttribution", prov.RoleEditor, `createAttribution(input: {claim: "{{.Claim2}}", source: "{{.Source}}", quote: "q", kind: DIRECT}) { id }`},
	{"updateAttribution", prov.RoleEditor, `updateAttribution(id: "{{.Attribution}}", input: {cue: "said"}) { id }`},
	{"deleteAttribution", prov.RoleAdmin, `deleteAttribution(id: "{{.Attribution}}") { id }`},
	{"createClaimRelation", prov.RoleEditor, `createClaimRelation(input: {kind: CONTRADICTS, from: "{{.Claim2}}", to: "{{.Claim}}"}) { id }`},
	{"updateClaimRelation", prov.RoleEditor, `updateClaimRelation(id: "{{.Relation}}", input: {note: "n"}) { id }`},
	{"deleteClaimRelation", prov.RoleAdmin, `deleteClaimRelation(id: "{{.Relation}}") { id }`},
	{"createReview", prov.RoleEditor, `createReview(input: {claim: "{{.Claim2}}", rating: 1, bestRating: 5, worstRating: 1, verdict: "False", reviewer: "{{.Actor}}", reviewedAt: "2024-02-03T00:00:00Z"}) { id }`},
	{"updateReview", prov.RoleEditor, `updateReview(id: "{{.Review}}", input: {verdict: "False"}) { id }`},
	{"deleteReview", prov.RoleAdmin, `deleteReview(id: "{{.Review}}") { id }`},
	{"ingestSource", prov.RoleEditor, `ingestSource(input: {text: "Officials said the strikes began on Friday."}) { alreadyIngested }`},
	{"acceptExtraction", prov.RoleEditor, `acceptExtraction(id: "{{.Extracted}}") { id }`},
	{"rejectExtraction", prov.RoleEditor, `rejectExtraction(id: "{{.Extracted}}") { id }`},
	{"acceptDiscrepancy", prov.RoleEditor, `acceptDiscrepancy(event: "{{.Event}}", key: "{{.Discrepancy}}") { id }`},
	{"dismissDiscrepancy", prov.RoleEditor, `dismissDiscrepancy(event: "{{.Event}}", key: "{{.Discrepancy}}")`},
	{"createToken", prov.RoleAdmin, `createToken(name: "t", role: READER) { secret }`},
	{"revokeToken", prov.RoleAdmin, `revokeToken(id: "{{.Token}}") { id }`},
}

func TestEveryMutationHasARole(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	covered := map[string]bool{}
	for _, c := range mutationCases {
		covered[c.name] = true
	}
	for _, f := range schema.Mutation.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		d := f.Directives.ForName("hasRole")
		if d == nil {
			t.Errorf("mutation %s has no @hasRole directive", f.Name)
			continue
		}
		if !covered[f.Name] {
			t.Errorf("mutation %s is missing from the authorisation matrix", f.Name)
		}
	}
}

func TestAuthorisationMatrix(t *testing.T) {
	principals := []struct {
		name string
		role prov.Role // "" anonymous
		// revoked tokens are refused before the query runs
		revoked bool
	}{
		{"anonymous", "", false},
		{"reader", prov.RoleReader, false},
		{"editor", prov.RoleEditor, false},
		{"admin", prov.RoleAdmin, false},
		{"revoked admin", prov.RoleAdmin, true},
	}
	for _, mc := range mutationCases {
		for _, p := range principals {
			allowed := p.role != "" && !p.revoked && p.role.Allows(mc.need)
			outcome := "is refused"
			if allowed {
				outcome = "is allowed"
			}
			t.Run(mc.name+" by "+p.name+" "+outcome, func(t *testing.T) {
				store := storagetest.MustOpen(t)
				f := mustAuthFixture(t, store)
				var tok *prov.Token
				var secret string
				if p.role != "" {
					tok, secret = mustToken(t, store, p.role)
					if p.revoked {
						if _, err := store.RevokeToken(context.Background(), tok.ID); err != nil {
							t.Fatal(err)
						}
					}
				}
				c := client.New(withBearer(secret, graph.Authenticate(store, false, graph.NewHandler(store, nil))))
				var q strings.Builder
				template.Must(template.New("").Parse("mutation { "+mc.query+" }")).Execute(&q, f)
				before := store.Head().Seq
				errs := do(t, c, q.String(), nil)
				after := store.Head().Seq
				if allowed {
					if len(errs) > 0 {
						t.Fatalf("refused: %+v", errs)
					}
					if after != before+1 {
						t.Fatalf("the audit log grew by %d entries, want 1", after-before)
					}
					entries, _, err := store.AuditLog(context.Background(), prov.ID{}, before, 10)
					if err != nil || len(entries) != 1 || entries[0].Who != tok.ID.String() || entries[0].Operation != mc.name {
						t.Fatalf("audit entry = %+v (%v), want %s by %s", entries, err, mc.name, tok.ID)
					}
					return
				}
				want := "FORBIDDEN"
				if p.role == "" || p.revoked {
					want = "UNAUTHENTICATED"
				}
				if len(errs) == 0 || errs[0].Extensions["code"] != want {
					t.Fatalf("errors = %+v, want %s", errs, want)
				}
				if after != before {
					t.Fatalf("a refused mutation added %d audit entries", after-before)
				}
			})
		}
	}
}

func TestTokenAnswers(t *testing.T) {
	store := storagetest.MustOpen(t)
	_, live := mustToken(t, store, prov.RoleReader)
	revokedTok, revoked := mustToken(t, store, prov.RoleReader)
	store.RevokeToken(context.Background(), revokedTok.ID)
	handler := graph.Authenticate(store, false, graph.NewHandler(store, nil))
	t.Run("unknown and revoked tokens get the same answer", func(t *testing.T) {
		var msgs []string
		for _, secret := range []string{"cg_" + strings.Repeat("A", 43), revoked, "not-even-a-token"} {
			errs := do(t, client.New(withBearer(secret, handler)), `{ claims { totalCount } }`, nil)
			if len(errs) != 1 || errs[0].Extensions["code"] != "UNAUTHENTICATED" {
				t.Fatalf("errors = %+v", errs)
			}
			msgs = append(msgs, errs[0].Message)
		}
		if msgs[0] != msgs[1] || msgs[1] != msgs[2] {
			t.Errorf("messages differ: %q", msgs)
		}
	})
	t.Run("a live token reads", func(t *testing.T) {
		mustDo(t, client.New(withBearer(live, handler)), `{ claims { totalCount } }`, nil)
	})
	t.Run("a private server refuses anonymous reads", func(t *testing.T) {
		private := graph.Authenticate(store, true, graph.NewHandler(store, nil))
		errs := do(t, client.New(private), `{ claims { totalCount } }`, nil)
		if len(errs) != 1 || errs[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Fatalf("errors = %+v", errs)
		}
		mustDo(t, client.New(withBearer(live, private)), `{ claims { totalCount } }`, nil)
	})
	t.Run("only admins list tokens", func(t *testing.T) {
		errs := do(t, client.New(withBearer(live, handler)), `{ tokens { id } }`, nil)
		if len(errs) != 1 || errs[0].Extensions["code"] != "FORBIDDEN" {
			t.Fatalf("errors = %+v", errs)
		}
	})
}

// TestWholeStoreExport checks who may export what: anyone who may read exports one
// event or claim; the whole store needs the editor role.
func TestWholeStoreExport(t *testing.T) {
	store := storagetest.MustOpenDemo(t)
	h := graph.Authenticate(store, false, graph.NewHandler(store, nil))
	var one struct {
		Events struct{ Nodes []struct{ ID string } }
	}
	mustDo(t, client.New(h), `{ events(first: 1) { nodes { id } } }`, &one)
	event := one.Events.Nodes[0].ID
	for _, p := range []struct {
		role  prov.Role
		whole string // the code of a whole-store export, "" when it is allowed
	}{{"", "UNAUTHENTICATED"}, {prov.RoleReader, "FORBIDDEN"}, {prov.RoleEditor, ""}, {prov.RoleAdmin, ""}} {
		name := "anonymous"
		if p.role != "" {
			name = strings.ToLower(string(p.role))
		}
		var secret string
		if p.role != "" {
			_, secret = mustToken(t, store, p.role)
		}
		c := client.New(withBearer(secret, h))
		t.Run(name+" exports one event", func(t *testing.T) {
			var out struct{ Export string }
			mustDo(t, c, `query($e: ID) { export(format: PROV_JSON, event: $e) }`, &out, client.Var("e", event))
			if !strings.Contains(out.Export, event) {
				t.Errorf("the export does not name the event: %.200s", out.Export)
			}
		})
		if p.whole != "" {
			t.Run(name+" may not export the whole store", func(t *testing.T) {
				wantError(t, c, `{ export(format: NDJSON) }`, p.whole, "editor role")
			})
			continue
		}
		t.Run(name+" exports the whole store", func(t *testing.T) {
			var out struct{ Export string }
			mustDo(t, c, `{ export(format: NDJSON) }`, &out)
			if strings.Count(out.Export, "\n") < 100 {
				t.Errorf("a whole-store export of %d lines", strings.Count(out.Export, "\n"))
			}
		})
	}
}

// TestTokenHistoryIsAdminOnly checks that only admins see when tokens were created
// and revoked, while every entry still names the token that wrote it.
func TestTokenHistoryIsAdminOnly(t *testing.T) {
	store := storagetest.MustOpen(t)
	adminTok, adminSecret := mustToken(t, store, prov.RoleAdmin)
	_, readerSecret := mustToken(t, store, prov.RoleReader)
	h := graph.Authenticate(store, false, graph.NewHandler(store, nil))
	admin := client.New(withBearer(adminSecret, h))
	mustDo(t, admin, `mutation { createEvent(input: {name: "before"}) { id } }`, nil)
	var created struct {
		CreateToken struct{ Token struct{ ID string } }
	}
	mustDo(t, admin, `mutation { createToken(name: "victim", role: READER) { token { id } } }`, &created)
	victim := created.CreateToken.Token.ID
	mustDo(t, admin, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, nil, client.Var("id", victim))
	mustDo(t, admin, `mutation { createEvent(input: {name: "after"}) { id } }`, nil)

	type page struct {
		AuditLog struct {
			Nodes []struct {
				Seq            int
				Who, Operation string
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	ops := func(c *client.Client, first int, after *string) page {
		var p page
		mustDo(t, c, `query($first: Int, $after: String) { auditLog(first: $first, after: $after) { nodes { seq who operation } pageInfo { hasNextPage endCursor } } }`,
			&p, client.Var("first", first), client.Var("after", after))
		return p
	}
	names := func(p page) string {
		var s []string
		for _, n := range p.AuditLog.Nodes {
			s = append(s, n.Operation)
		}
		return strings.Join(s, " ")
	}
	for _, who := range []struct {
		name   string
		secret string
	}{{"anonymous", ""}, {"a reader", readerSecret}} {
		c := client.New(withBearer(who.secret, h))
		t.Run(who.name+" does not see token entries", func(t *testing.T) {
			p := ops(c, 50, nil)
			if got := names(p); strings.Contains(got, "Token") || !strings.Contains(got, "createEvent createEvent") {
				t.Errorf("operations %q", got)
			}
			for _, n := range p.AuditLog.Nodes {
				if n.Operation == "createEvent" && n.Who != adminTok.ID.String() {
					t.Errorf("entry %d names %q, want the admin's token", n.Seq, n.Who)
				}
			}
		})
		t.Run(who.name+" pages past the hidden entries", func(t *testing.T) {
			first := ops(c, 1, nil) // createEvent "before" (the tokens made by mustToken are hidden too)
			second := ops(c, 1, first.AuditLog.PageInfo.EndCursor)
			if names(first) != "createEvent" || !first.AuditLog.PageInfo.HasNextPage || names(second) != "createEvent" ||
				second.AuditLog.Nodes[0].Seq <= first.AuditLog.Nodes[0].Seq+2 {
				t.Errorf("pages %+v then %+v", first.AuditLog, second.AuditLog)
			}
			if third := ops(c, 1, second.AuditLog.PageInfo.EndCursor); len(third.AuditLog.Nodes) != 0 || third.AuditLog.PageInfo.HasNextPage {
				t.Errorf("after the last: %+v", third.AuditLog)
			}
		})
		t.Run(who.name+" is refused a token's history, whether or not it exists", func(t *testing.T) {
			wantError(t, c, `{ auditLog(node: "`+victim+`") { nodes { seq } } }`, "FORBIDDEN", "admin role")
			wantError(t, c, `{ auditLog(node: "tok_00000000000zz") { nodes { seq } } }`, "FORBIDDEN", "admin role")
		})
	}
	t.Run("an admin sees everything", func(t *testing.T) {
		if got := names(ops(admin, 50, nil)); !strings.Contains(got, "createEvent createToken revokeToken createEvent") {
			t.Errorf("operations %q", got)
		}
		var p struct {
			AuditLog struct{ Nodes []struct{ Operation string } }
		}
		mustDo(t, admin, `query($id: ID) { auditLog(node: $id) { nodes { operation } } }`, &p, client.Var("id", victim))
		if len(p.AuditLog.Nodes) != 2 {
			t.Errorf("the token's history: %+v", p.AuditLog.Nodes)
		}
	})
}
