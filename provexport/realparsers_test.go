package provexport_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/provexport"
)

// The validator and its inputs, relative to this package (the repository is cloned
// with shared/ beside it).
var (
	validatorScript = filepath.Join("js", "validate.mjs")
	validatorDeps   = filepath.Join("js", "node_modules")
	provJSONSchema  = filepath.Join("..", "..", "shared", "eval", "prov-json.schema.json")
)

const (
	provNS   = "http://www.w3.org/ns/prov#"
	rdfType  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	rdfsNS   = "http://www.w3.org/2000/01/rdf-schema#"
	xsdNS    = "http://www.w3.org/2001/XMLSchema#"
	cgNS     = "urn:claimgraph:vocab:"
	schemaNS = "http://schema.org/"
)

type rdfTerm struct {
	Type     string `json:"type"`
	Value    string `json:"value"`
	Datatype string `json:"datatype"`
	Language string `json:"language"`
}

type rdfTriple struct {
	S, P, O rdfTerm
}

// validation is what validate.mjs prints.
type validation struct {
	Turtle *struct {
		Triples []rdfTriple `json:"triples"`
		Error   string      `json:"error"`
	} `json:"turtle"`
	JSONLD *struct {
		Expanded []map[string]any `json:"expanded"`
		Error    string           `json:"error"`
	} `json:"jsonld"`
	ProvJSON *struct {
		Valid  bool     `json:"valid"`
		Errors []string `json:"errors"`
	} `json:"provJSON"`
}

// requireNode skips the test when Node or the validator's packages are missing, or
// fails it when PROVEXPORT_REQUIRE_NODE is set (as CI should, so that a broken
// install cannot pass as a skip).
func requireNode(t *testing.T) {
	t.Helper()
	skip := t.Skip
	if os.Getenv("PROVEXPORT_REQUIRE_NODE") != "" {
		skip = t.Fatal
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node is not on PATH: install Node.js 18+ and run `cd provexport/js && npm ci` to check the exports with real parsers (n3, jsonld, ajv)")
	}
	if _, err := os.Stat(validatorDeps); err != nil {
		skip("provexport/js/node_modules is missing: run `cd provexport/js && npm ci` to check the exports with real parsers (n3, jsonld, ajv)")
	}
}

// runValidator runs validate.mjs on files; wantOK says whether it must exit 0.
func runValidator(t *testing.T, wantOK bool, args ...string) validation {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{validatorScript}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("node %s: %v\n%s", validatorScript, err, stderr.String())
	}
	if exit != nil && exit.ExitCode() != 1 {
		t.Fatalf("node %s: %v\n%s", validatorScript, err, stderr.String())
	}
	var v validation
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatalf("validator output is not JSON (%v): %.500s\n%s", err, stdout.String(), stderr.String())
	}
	if ok := err == nil; ok != wantOK {
		t.Fatalf("validator exit ok = %v, want %v: %.2000s", ok, wantOK, stdout.String())
	}
	return v
}

// exports writes the three documents of g into dir and returns the validator's
// arguments for them.
func exports(t *testing.T, g *provexport.Graph, base, dir string) []string {
	t.Helper()
	files := map[string]func(*bytes.Buffer) error{
		"graph.ttl":    func(b *bytes.Buffer) error { return provexport.WritePROVO(b, g, base) },
		"graph.jsonld": func(b *bytes.Buffer) error { return provexport.WriteClaimReview(b, g, base) },
		"graph.json":   func(b *bytes.Buffer) error { return provexport.WritePROVJSON(b, g, base) },
	}
	for name, write := range files {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"--turtle", filepath.Join(dir, "graph.ttl"), "--jsonld", filepath.Join(dir, "graph.jsonld")}
	if _, err := os.Stat(provJSONSchema); err == nil {
		args = append(args, "--prov-json", filepath.Join(dir, "graph.json"), "--schema", provJSONSchema)
	}
	return args
}

// triples indexes parsed triples.
type triples []rdfTriple

func (ts triples) has(s, p, o string) bool {
	return slices.ContainsFunc(ts, func(x rdfTriple) bool {
		return x.S.Value == s && x.P.Value == p && x.O.Value == o && x.O.Type != "Literal"
	})
}

// literal returns the literal objects of s p.
func (ts triples) literal(s, p string) []rdfTerm {
	var out []rdfTerm
	for _, x := range ts {
		if x.S.Value == s && x.P.Value == p && x.O.Type == "Literal" {
			out = append(out, x.O)
		}
	}
	return out
}

func (ts triples) objects(s, p string) []string {
	var out []string
	for _, x := range ts {
		if x.S.Value == s && x.P.Value == p {
			out = append(out, x.O.Value)
		}
	}
	return out
}

// jsonldNode finds the expanded node of a type.
func jsonldNode(t *testing.T, nodes []map[string]any, typ string) map[string]any {
	t.Helper()
	for _, n := range nodes {
		if types, _ := n["@type"].([]any); slices.Contains(types, any(typ)) {
			return n
		}
	}
	t.Fatalf("no node of type %s in %v", typ, nodes)
	return nil
}

// jsonldValues returns the expanded values of a property: "@value"s and "@id"s.
func jsonldValues(n map[string]any, prop string) []any {
	var out []any
	vs, _ := n[prop].([]any)
	for _, v := range vs {
		m, _ := v.(map[string]any)
		if x, ok := m["@value"]; ok {
			out = append(out, x)
		} else if x, ok := m["@id"]; ok {
			out = append(out, x)
		}
	}
	return out
}

func jsonldObjects(n map[string]any, prop string) []map[string]any {
	var out []map[string]any
	vs, _ := n[prop].([]any)
	for _, v := range vs {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestValidatedByRealParsers(t *testing.T) {
	requireNode(t)
	if _, err := os.Stat(provJSONSchema); err != nil {
		t.Logf("%s is missing (clone the repository with shared/ beside it): the PROV-JSON schema check is skipped", provJSONSchema)
	}

	t.Run("demo", func(t *testing.T) {
		g := demoGraph(t)
		claim := trumpClaim(t, g)
		trump := actorNamed(t, g, "Donald Trump")
		us := actorNamed(t, g, "United States")
		post := sourceTitled(t, g, "Donald Trump's social-media post")
		article000 := sourceTitled(t, g, "The US says its military has carried out")
		centcomStatement := sourceTitled(t, g, "US Central Command statement on the start")
		petra := sourceTitled(t, g, "Petra report")
		article002 := sourceTitled(t, g, "US begins retaliatory strikes")

		// The demo has no reviews: a fact-checker reviews Trump's claim.
		var maxActor uint64
		for id := range g.Actors {
			maxActor = max(maxActor, id.Seq)
		}
		checker := &prov.Actor{ID: prov.NewID(prov.TypeActor, maxActor+1), Name: "Example Fact Check", Kind: prov.ActorOrganization}
		review := &prov.Review{ID: prov.NewID(prov.TypeReview, 1), ClaimID: claim.ID, Rating: 2, BestRating: 5, WorstRating: 1, Verdict: "Misleading",
			Explanation: ptr("Syria's foreign ministry welcomed action against Islamic State but did not endorse these strikes."),
			ReviewerID:  checker.ID, ReviewedAt: date("2026-01-05T12:00:00Z"), EvidenceURLs: []string{"https://factcheck.example/evidence/1"}}
		for _, n := range []interface{ Validate() error }{checker, review} {
			if err := n.Validate(); err != nil {
				t.Fatal(err)
			}
		}
		if err := g.Add(checker, review); err != nil {
			t.Fatal(err)
		}
		g.Revisions = []provexport.Revision{
			{Node: claim.ID, Seq: 1, At: date("2026-01-01T09:00:00Z"), Who: "local", Operation: "import"},
			{Node: claim.ID, Seq: 70, At: date("2026-01-04T16:30:00Z"), Who: "tok_editor", Operation: "updateClaim", PrevSeq: 1},
		}

		v := runValidator(t, true, exports(t, g, "", t.TempDir())...)
		ts := triples(v.Turtle.Triples)
		iri := func(id prov.ID) string { return "urn:claimgraph:node:" + id.String() }
		var quotes []*prov.Attribution
		for _, a := range g.Attributions {
			if a.ClaimID == claim.ID {
				quotes = append(quotes, a)
			}
		}

		t.Run("the Turtle parses and the Trump claim is attributed to the Trump agent", func(t *testing.T) {
			if !ts.has(iri(claim.ID), provNS+"wasAttributedTo", iri(trump.ID)) {
				t.Errorf("no <%s> prov:wasAttributedTo <%s>", iri(claim.ID), iri(trump.ID))
			}
			if !ts.has(iri(trump.ID), rdfType, provNS+"Person") || !ts.has(iri(trump.ID), rdfType, provNS+"Agent") {
				t.Errorf("Trump is not a prov:Agent and prov:Person: %v", ts.objects(iri(trump.ID), rdfType))
			}
			if got := ts.literal(iri(trump.ID), rdfsNS+"label"); len(got) != 1 || got[0].Value != "Donald Trump" {
				t.Errorf("Trump's label = %v", got)
			}
		})
		t.Run("the claim was generated by Trump's statement, an activity associated with him", func(t *testing.T) {
			stmts := ts.objects(iri(claim.ID), provNS+"wasGeneratedBy")
			if len(stmts) != 1 {
				t.Fatalf("wasGeneratedBy = %v", stmts)
			}
			if !ts.has(stmts[0], rdfType, provNS+"Activity") || !ts.has(stmts[0], provNS+"wasAssociatedWith", iri(trump.ID)) {
				t.Errorf("statement %s: types %v, associated with %v", stmts[0], ts.objects(stmts[0], rdfType), ts.objects(stmts[0], provNS+"wasAssociatedWith"))
			}
			if got := ts.literal(stmts[0], cgNS+"medium"); len(got) != 1 || got[0].Value != "social media" {
				t.Errorf("statement medium = %v", got)
			}
			if got := ts.literal(iri(claim.ID), provNS+"generatedAtTime"); len(got) != 0 {
				t.Errorf("the demo does not say when Trump stated it, yet generatedAtTime = %v", got)
			}
		})
		t.Run("each quote is quoted from its source, carries the claim and has its exact text", func(t *testing.T) {
			if len(quotes) != 3 {
				t.Fatalf("%d quotes", len(quotes))
			}
			for _, a := range quotes {
				if !ts.has(iri(a.ID), provNS+"wasQuotedFrom", iri(a.SourceID)) {
					t.Errorf("no <%s> prov:wasQuotedFrom <%s>", iri(a.ID), iri(a.SourceID))
				}
				if !ts.has(iri(a.ID), provNS+"wasDerivedFrom", iri(claim.ID)) {
					t.Errorf("no <%s> prov:wasDerivedFrom <%s>", iri(a.ID), iri(claim.ID))
				}
				if got := ts.literal(iri(a.ID), provNS+"value"); len(got) != 1 || got[0].Value != a.Quote || got[0].Datatype != xsdNS+"string" {
					t.Errorf("%s prov:value = %v, want %q", a.ID, got, a.Quote)
				}
				if got := ts.literal(iri(a.ID), cgNS+"start"); a.Start != nil && (len(got) != 1 || got[0].Datatype != xsdNS+"integer") {
					t.Errorf("%s cg:start = %v", a.ID, got)
				}
			}
		})
		t.Run("the quote relayed from Trump's post has the post as primary source", func(t *testing.T) {
			var n int
			for _, a := range quotes {
				if a.ViaSourceID == post.ID {
					n++
					if !ts.has(iri(a.ID), provNS+"hadPrimarySource", iri(post.ID)) {
						t.Errorf("no <%s> prov:hadPrimarySource <%s>", iri(a.ID), iri(post.ID))
					}
				}
			}
			if n == 0 {
				t.Fatal("no quote of the claim names Trump's post as via")
			}
		})
		t.Run("Trump's affiliation is actedOnBehalfOf the United States", func(t *testing.T) {
			if !ts.has(iri(trump.ID), provNS+"actedOnBehalfOf", iri(us.ID)) {
				t.Errorf("no <%s> prov:actedOnBehalfOf <%s>", iri(trump.ID), iri(us.ID))
			}
		})
		t.Run("an article has the statement it cites as primary source, the wire report only as a derivation", func(t *testing.T) {
			if !ts.has(iri(article000.ID), provNS+"hadPrimarySource", iri(centcomStatement.ID)) {
				t.Errorf("no <%s> prov:hadPrimarySource <%s>", iri(article000.ID), iri(centcomStatement.ID))
			}
			if !ts.has(iri(article000.ID), provNS+"wasDerivedFrom", iri(petra.ID)) || ts.has(iri(article000.ID), provNS+"hadPrimarySource", iri(petra.ID)) {
				t.Errorf("the Petra wire report: want wasDerivedFrom only; got %v", ts.objects(iri(article000.ID), provNS+"hadPrimarySource"))
			}
		})
		t.Run("a dated source has generatedAtTime as an xsd:dateTime; an undated one has none", func(t *testing.T) {
			got := ts.literal(iri(article002.ID), provNS+"generatedAtTime")
			if len(got) != 1 || got[0].Value != article002.PublishedAt.Format(time.RFC3339) || got[0].Datatype != xsdNS+"dateTime" {
				t.Errorf("generatedAtTime = %v", got)
			}
			if got := ts.literal(iri(article000.ID), provNS+"generatedAtTime"); len(got) != 0 {
				t.Errorf("undated source has generatedAtTime %v", got)
			}
		})
		t.Run("every relation between claims is a cg: property from one claim to the other", func(t *testing.T) {
			for _, r := range g.Relations {
				p := cgNS + strings.ToLower(string(r.Kind))
				if !ts.has(iri(r.FromID), p, iri(r.ToID)) {
					t.Errorf("no <%s> <%s> <%s>", iri(r.FromID), p, iri(r.ToID))
				}
			}
		})
		t.Run("the audit history is a chain of revisions attributed to users", func(t *testing.T) {
			v1, v70 := iri(claim.ID)+"/v1", iri(claim.ID)+"/v70"
			if !ts.has(v70, provNS+"wasRevisionOf", v1) {
				t.Errorf("no <%s> prov:wasRevisionOf <%s>", v70, v1)
			}
			if !ts.has(v70, provNS+"specializationOf", iri(claim.ID)) || !ts.has(v70, provNS+"wasAttributedTo", "urn:claimgraph:user:tok_editor") {
				t.Errorf("v70: specializationOf %v, wasAttributedTo %v", ts.objects(v70, provNS+"specializationOf"), ts.objects(v70, provNS+"wasAttributedTo"))
			}
			if got := ts.literal(v70, provNS+"generatedAtTime"); len(got) != 1 || got[0].Value != "2026-01-04T16:30:00Z" {
				t.Errorf("v70 generatedAtTime = %v", got)
			}
			if !ts.has("urn:claimgraph:user:tok_editor", rdfType, provNS+"Agent") {
				t.Error("the user is not a prov:Agent")
			}
		})
		t.Run("every node is typed as PROV says and no literal is empty", func(t *testing.T) {
			want := func(id prov.ID, class string) {
				if !ts.has(iri(id), rdfType, provNS+class) {
					t.Errorf("%s is not a prov:%s", id, class)
				}
			}
			for id := range g.Events {
				want(id, "Activity")
			}
			for id := range g.Actors {
				want(id, "Agent")
			}
			for _, m := range []map[prov.ID]bool{keys(g.Sources), keys(g.Claims), keys(g.Attributions), keys(g.Relations), keys(g.Reviews)} {
				for id := range m {
					want(id, "Entity")
				}
			}
			for _, x := range ts {
				if x.O.Type == "Literal" && strings.TrimSpace(x.O.Value) == "" {
					t.Errorf("empty literal: %v", x)
				}
			}
		})

		t.Run("the ClaimReview expands to schema.org terms with the claim, rating and appearances", func(t *testing.T) {
			if v.JSONLD == nil || v.JSONLD.Error != "" {
				t.Fatalf("expansion: %+v", v.JSONLD)
			}
			cr := jsonldNode(t, v.JSONLD.Expanded, schemaNS+"ClaimReview")
			if got := jsonldValues(cr, schemaNS+"claimReviewed"); !slices.Equal(got, []any{claim.Text}) {
				t.Errorf("claimReviewed = %v", got)
			}
			ratings := jsonldObjects(cr, schemaNS+"reviewRating")
			if len(ratings) != 1 || !slices.Equal(jsonldValues(ratings[0], schemaNS+"ratingValue"), []any{2.0}) ||
				!slices.Equal(jsonldValues(ratings[0], schemaNS+"bestRating"), []any{5.0}) ||
				!slices.Equal(jsonldValues(ratings[0], schemaNS+"alternateName"), []any{"Misleading"}) {
				t.Errorf("reviewRating = %v", ratings)
			}
			authors := jsonldObjects(cr, schemaNS+"author")
			if len(authors) != 1 || !slices.Equal(jsonldValues(authors[0], schemaNS+"name"), []any{"Example Fact Check"}) {
				t.Errorf("author = %v", authors)
			}
			items := jsonldObjects(cr, schemaNS+"itemReviewed")
			if len(items) != 1 {
				t.Fatalf("itemReviewed = %v", items)
			}
			item := items[0]
			if types, _ := item["@type"].([]any); !slices.Equal(types, []any{schemaNS + "Claim"}) || item["@id"] != iri(claim.ID) {
				t.Errorf("itemReviewed @id %v @type %v", item["@id"], item["@type"])
			}
			claimants := jsonldObjects(item, schemaNS+"author")
			if len(claimants) != 1 || claimants[0]["@id"] != iri(trump.ID) || !slices.Equal(jsonldValues(claimants[0], schemaNS+"name"), []any{"Donald Trump"}) {
				t.Errorf("claim author = %v", claimants)
			}
			var want []any
			for _, a := range quotes {
				if !slices.Contains(want, any(iri(a.SourceID))) {
					want = append(want, iri(a.SourceID))
				}
			}
			slices.SortFunc(want, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
			if got := jsonldValues(item, schemaNS+"appearance"); !slices.Equal(got, want) {
				t.Errorf("appearance = %v, want each source of an attribution once: %v", got, want)
			}
			if _, ok := item[schemaNS+"firstAppearance"]; ok {
				t.Error("firstAppearance given though no source of the claim is dated")
			}
			if got := jsonldValues(cr, schemaNS+"citation"); !slices.Equal(got, []any{"https://factcheck.example/evidence/1"}) {
				t.Errorf("citation = %v", got)
			}
		})
		t.Run("the PROV-JSON passes the PROV-JSON schema", func(t *testing.T) {
			if v.ProvJSON == nil {
				t.Skipf("%s is missing", provJSONSchema)
			}
			if !v.ProvJSON.Valid {
				t.Errorf("schema errors: %v", v.ProvJSON.Errors)
			}
		})
	})

	t.Run("hand-built graph under an http base", func(t *testing.T) {
		g := smallGraph(t)
		const base = "https://factcheck.example/claimgraph/"
		v := runValidator(t, true, exports(t, g, base, t.TempDir())...)
		ts := triples(v.Turtle.Triples)
		iri := func(id prov.ID) string { return base + "node/" + id.String() }

		t.Run("escaped literals read back exactly", func(t *testing.T) {
			if got := ts.literal(iri(attDirect), provNS+"value"); len(got) != 1 || got[0].Value != trickyQuote {
				t.Errorf("quote = %q, want %q", got, trickyQuote)
			}
			if got := ts.literal(iri(srcArticle), "http://purl.org/dc/terms/title"); len(got) != 1 || got[0].Value != g.Sources[srcArticle].Title {
				t.Errorf("title = %v", got)
			}
			if got := ts.literal(iri(srcArticle), cgNS+"url"); len(got) != 1 || got[0].Value != *g.Sources[srcArticle].URL || got[0].Datatype != xsdNS+"anyURI" {
				t.Errorf("url = %v", got)
			}
		})
		t.Run("a user name is percent-encoded into its IRI and kept as its label", func(t *testing.T) {
			user := base + "user/Zo%C3%AB%20Bell%2Fdesk%202"
			if !ts.has(iri(clmMain)+"/v9", provNS+"wasAttributedTo", user) {
				t.Errorf("v9 wasAttributedTo %v", ts.objects(iri(clmMain)+"/v9", provNS+"wasAttributedTo"))
			}
			if got := ts.literal(user, rdfsNS+"label"); len(got) != 1 || got[0].Value != "Zoë Bell/desk 2" {
				t.Errorf("label = %v", got)
			}
		})
		t.Run("a deletion is an activity that invalidates the last version", func(t *testing.T) {
			v8, v12 := iri(clmAlone)+"/v8", iri(clmAlone)+"/v12"
			if !ts.has(v8, provNS+"wasInvalidatedBy", v12) || !ts.has(v12, rdfType, provNS+"Activity") || !ts.has(v12, provNS+"wasAssociatedWith", base+"user/local") {
				t.Errorf("v8 wasInvalidatedBy %v; v12 types %v", ts.objects(v8, provNS+"wasInvalidatedBy"), ts.objects(v12, rdfType))
			}
			if got := ts.literal(v8, provNS+"invalidatedAtTime"); len(got) != 1 || got[0].Value != "2025-03-04T11:00:00Z" {
				t.Errorf("invalidatedAtTime = %v", got)
			}
		})
		t.Run("a stated claim has a qualified generation with its time", func(t *testing.T) {
			gens := ts.objects(iri(clmMain), provNS+"qualifiedGeneration")
			if len(gens) != 1 || !ts.has(gens[0], provNS+"activity", iri(clmMain)+"/statement") {
				t.Fatalf("qualifiedGeneration = %v", gens)
			}
			if got := ts.literal(gens[0], provNS+"atTime"); len(got) != 1 || got[0].Value != "2025-03-01T09:00:00Z" || got[0].Datatype != xsdNS+"dateTime" {
				t.Errorf("atTime = %v", got)
			}
		})
		t.Run("an event is an activity with its times and location", func(t *testing.T) {
			if got := ts.literal(iri(evt1), provNS+"startedAtTime"); len(got) != 1 || got[0].Value != "2025-03-01T08:00:00Z" {
				t.Errorf("startedAtTime = %v", got)
			}
			locs := ts.objects(iri(evt1), provNS+"atLocation")
			if len(locs) != 1 || !ts.has(locs[0], rdfType, provNS+"Location") {
				t.Fatalf("atLocation = %v", locs)
			}
			if got := ts.literal(locs[0], rdfsNS+"label"); len(got) != 1 || got[0].Value != "Springfield" {
				t.Errorf("location label = %v", got)
			}
		})
		t.Run("the ClaimReview's firstAppearance and appearances expand, urls percent-encoded into IRIs", func(t *testing.T) {
			cr := jsonldNode(t, v.JSONLD.Expanded, schemaNS+"ClaimReview")
			item := jsonldObjects(cr, schemaNS+"itemReviewed")[0]
			first := jsonldObjects(item, schemaNS+"firstAppearance")
			if len(first) != 1 || first[0]["@id"] != iri(srcBrief) {
				t.Errorf("firstAppearance = %v", first)
			}
			for _, app := range jsonldObjects(item, schemaNS+"appearance") {
				if app["@id"] == iri(srcArticle) {
					if got := jsonldValues(app, schemaNS+"url"); !slices.Equal(got, []any{"https://bugle.example/bridge?id=1&x=%3Cy%3E"}) {
						t.Errorf("url = %v", got)
					}
					pubs := jsonldObjects(app, schemaNS+"publisher")
					if len(pubs) != 1 || !slices.Equal(jsonldValues(pubs[0], schemaNS+"name"), []any{"Daily Bugle"}) {
						t.Errorf("publisher = %v", pubs)
					}
				}
			}
		})
		t.Run("the PROV-JSON passes the PROV-JSON schema", func(t *testing.T) {
			if v.ProvJSON == nil {
				t.Skipf("%s is missing", provJSONSchema)
			}
			if !v.ProvJSON.Valid {
				t.Errorf("schema errors: %v", v.ProvJSON.Errors)
			}
		})
	})

	t.Run("the validator rejects broken documents", func(t *testing.T) {
		dir := t.TempDir()
		var pj bytes.Buffer
		if err := provexport.WritePROVJSON(&pj, smallGraph(t), ""); err != nil {
			t.Fatal(err)
		}
		// A wasQuotedFrom key, which PROV-JSON does not have.
		broken := bytes.Replace(pj.Bytes(), []byte(`"wasDerivedFrom":`), []byte(`"wasQuotedFrom":`), 1)
		files := map[string][]byte{
			"bad.ttl":    []byte("@prefix prov: <http://www.w3.org/ns/prov#> .\n<urn:x:a> prov:wasQuotedFrom \"unterminated .\n"),
			"bad.jsonld": []byte(`{"@context": "https://schema.org", "@type": "ClaimReview"}`),
			"bad.json":   broken,
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		args := []string{"--turtle", filepath.Join(dir, "bad.ttl"), "--jsonld", filepath.Join(dir, "bad.jsonld")}
		if _, err := os.Stat(provJSONSchema); err == nil {
			args = append(args, "--prov-json", filepath.Join(dir, "bad.json"), "--schema", provJSONSchema)
		}
		v := runValidator(t, false, args...)
		if v.Turtle == nil || v.Turtle.Error == "" {
			t.Errorf("bad Turtle accepted: %+v", v.Turtle)
		}
		if v.JSONLD == nil || !strings.Contains(v.JSONLD.Error, "refusing to fetch") {
			t.Errorf("a remote @context was not refused: %+v", v.JSONLD)
		}
		if v.ProvJSON != nil && (v.ProvJSON.Valid || !strings.Contains(strings.Join(v.ProvJSON.Errors, "\n"), "wasQuotedFrom")) {
			t.Errorf("PROV-JSON with a wasQuotedFrom key: %+v", v.ProvJSON)
		}
	})
}

func keys[T any](m map[prov.ID]T) map[prov.ID]bool {
	out := map[prov.ID]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
