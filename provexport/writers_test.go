package provexport_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"claimgraph/prov"
	"claimgraph/provexport"
)

// writers are the three exports under one signature.
var writers = map[string]func(io.Writer, *provexport.Graph, string) error{
	"PROV-JSON":   provexport.WritePROVJSON,
	"PROV-O":      provexport.WritePROVO,
	"ClaimReview": provexport.WriteClaimReview,
}

// provDoc is a decoded PROV-JSON document: its prefixes and its sections (entity,
// wasDerivedFrom…) by record identifier.
type provDoc struct {
	prefix   map[string]string
	sections map[string]map[string]map[string]any
}

func provJSON(t *testing.T, g *provexport.Graph, base string) provDoc {
	t.Helper()
	var b bytes.Buffer
	if err := provexport.WritePROVJSON(&b, g, base); err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatalf("PROV-JSON is not JSON: %v", err)
	}
	d := provDoc{sections: map[string]map[string]map[string]any{}}
	for k, v := range raw {
		var err error
		if k == "prefix" {
			err = json.Unmarshal(v, &d.prefix)
		} else {
			var m map[string]map[string]any
			err = json.Unmarshal(v, &m)
			d.sections[k] = m
		}
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	return d
}

// qn is a PROV-JSON qualified-name value.
func qn(s string) map[string]any { return map[string]any{"$": s, "type": "prov:QUALIFIED_NAME"} }

func hasRecord(section map[string]map[string]any, want map[string]any) bool {
	for _, rec := range section {
		if jsonEqual(rec, want) {
			return true
		}
	}
	return false
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestWritePROVJSON(t *testing.T) {
	g := smallGraph(t)
	d := provJSON(t, g, "")
	doc := d.sections
	n := func(id prov.ID) string { return "node:" + id.String() }

	t.Run("writes quotations, primary sources and revisions as typed wasDerivedFrom", func(t *testing.T) {
		for _, want := range []map[string]any{
			{"prov:generatedEntity": n(attDirect), "prov:usedEntity": n(srcArticle), "prov:type": qn("prov:Quotation")},
			{"prov:generatedEntity": n(attDirect), "prov:usedEntity": n(srcPost), "prov:type": qn("prov:PrimarySource")},
			{"prov:generatedEntity": n(attDirect), "prov:usedEntity": n(clmMain)},
			{"prov:generatedEntity": n(srcArticle), "prov:usedEntity": n(srcPost), "prov:type": qn("prov:PrimarySource")},
			{"prov:generatedEntity": n(srcArticle), "prov:usedEntity": n(srcWire)}, // a wire report relays: no primary source
			{"prov:generatedEntity": n(clmMain) + "/v9", "prov:usedEntity": n(clmMain) + "/v7", "prov:type": qn("prov:Revision")},
		} {
			if !hasRecord(doc["wasDerivedFrom"], want) {
				t.Errorf("no wasDerivedFrom %v", want)
			}
		}
		for k := range doc {
			if k == "wasQuotedFrom" || k == "hadPrimarySource" || k == "wasRevisionOf" {
				t.Errorf("top-level key %q, which PROV-JSON does not have", k)
			}
		}
	})
	t.Run("writes attribution, delegation, association and generation with time", func(t *testing.T) {
		for _, c := range []struct {
			section string
			rec     map[string]any
		}{
			{"wasAttributedTo", map[string]any{"prov:entity": n(clmMain), "prov:agent": n(actSpeaker)}},
			{"wasAttributedTo", map[string]any{"prov:entity": n(srcArticle), "prov:agent": n(actOutlet)}},
			{"wasAttributedTo", map[string]any{"prov:entity": n(revMain), "prov:agent": n(actChecker)}},
			{"wasAttributedTo", map[string]any{"prov:entity": n(clmMain) + "/v9", "prov:agent": "user:Zo%C3%AB%20Bell%2Fdesk%202"}},
			{"actedOnBehalfOf", map[string]any{"prov:delegate": n(actSpeaker), "prov:responsible": n(actMinistry)}},
			{"wasAssociatedWith", map[string]any{"prov:activity": n(clmMain) + "/statement", "prov:agent": n(actSpeaker)}},
			{"wasGeneratedBy", map[string]any{"prov:entity": n(clmMain), "prov:activity": n(clmMain) + "/statement", "prov:time": "2025-03-01T09:00:00Z"}},
			{"wasGeneratedBy", map[string]any{"prov:entity": n(srcArticle), "prov:time": "2025-03-01T12:30:00+01:00"}},
			{"wasInfluencedBy", map[string]any{"prov:influencee": n(attDirect), "prov:influencer": n(actAgency)}},
			{"specializationOf", map[string]any{"prov:specificEntity": n(clmMain) + "/v7", "prov:generalEntity": n(clmMain)}},
			{"wasInvalidatedBy", map[string]any{"prov:entity": n(clmAlone) + "/v8", "prov:activity": n(clmAlone) + "/v12", "prov:time": "2025-03-04T11:00:00Z"}},
		} {
			if !hasRecord(doc[c.section], c.rec) {
				t.Errorf("no %s %v", c.section, c.rec)
			}
		}
	})
	t.Run("types actors, sources, claims and quotes", func(t *testing.T) {
		speaker := doc["agent"][n(actSpeaker)]
		if !jsonEqual(speaker["prov:type"], []any{qn("prov:Person"), qn("cg:Actor")}) || speaker["prov:label"] != "Jane Roe" {
			t.Errorf("speaker = %v", speaker)
		}
		quote := doc["entity"][n(attDirect)]
		if !jsonEqual(quote["prov:type"], qn("cg:Quote")) || quote["prov:value"] != trickyQuote || quote["cg:start"] != 10.0 {
			t.Errorf("quote = %v", quote)
		}
		if ev := doc["activity"][n(evt1)]; ev["prov:startTime"] != "2025-03-01T08:00:00Z" || ev["prov:location"] != "Springfield" {
			t.Errorf("event = %v", ev)
		}
		if got := doc["entity"][n(srcArticle)]["cg:url"]; !jsonEqual(got, map[string]any{"$": "https://bugle.example/bridge?id=1&x=<y>", "type": "xsd:anyURI"}) {
			t.Errorf("url = %v", got)
		}
		if got := doc["entity"][n(clmOther)]["cg:contradicts"]; !jsonEqual(got, qn(n(clmMain))) {
			t.Errorf("cg:contradicts = %v", got)
		}
	})
	t.Run("leaves unknown values out", func(t *testing.T) {
		if a := doc["activity"][n(clmAlone)+"/statement"]; a != nil {
			t.Errorf("a statement with no claimant, time or medium: %v", a)
		}
		for _, rec := range doc["wasGeneratedBy"] {
			if rec["prov:entity"] == n(clmOther) {
				if _, ok := rec["prov:time"]; ok {
					t.Errorf("clmOther has no statedAt but its generation has a time: %v", rec)
				}
			}
		}
		if _, ok := doc["activity"][n(evt1)+"/v3"]; ok {
			t.Error("an undeleted version is an activity")
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch v := v.(type) {
			case nil:
				t.Errorf("%s: null", path)
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: empty string", path)
				}
			case map[string]any:
				for k, x := range v {
					walk(path+"/"+k, x)
				}
			case []any:
				for _, x := range v {
					walk(path+"[]", x)
				}
			}
		}
		for k, section := range doc {
			for id, rec := range section {
				walk(k+"/"+id, rec)
			}
		}
	})
	t.Run("names nodes under the base IRI", func(t *testing.T) {
		if got := d.prefix["node"]; got != "urn:claimgraph:node:" {
			t.Errorf("default node namespace = %v", got)
		}
		for base, want := range map[string]string{
			"https://factcheck.example/cg":  "https://factcheck.example/cg/node/",
			"https://factcheck.example/cg/": "https://factcheck.example/cg/node/",
			"urn:example:":                  "urn:example:node:",
		} {
			if got := provJSON(t, g, base).prefix["node"]; got != want {
				t.Errorf("base %q: node namespace %v, want %q", base, got, want)
			}
		}
	})
}

func TestOutputIsDeterministic(t *testing.T) {
	for name, write := range writers {
		t.Run(name+" gives the same bytes for the same graph built in another order", func(t *testing.T) {
			a := smallGraph(t)
			b := provexport.NewGraph()
			var nodes []prov.Node
			for _, n := range a.Claims {
				nodes = append(nodes, n)
			}
			for _, n := range a.Actors {
				nodes = append(nodes, n)
			}
			for _, n := range a.Sources {
				nodes = append(nodes, n)
			}
			for _, n := range a.Attributions {
				nodes = append(nodes, n)
			}
			nodes = append(nodes, a.Events[evt1], a.Relations[relContra], a.Reviews[revMain])
			rand.Shuffle(len(nodes), func(i, j int) { nodes[i], nodes[j] = nodes[j], nodes[i] })
			if err := b.Add(nodes...); err != nil {
				t.Fatal(err)
			}
			b.Revisions = slices.Clone(a.Revisions)
			slices.Reverse(b.Revisions)
			var x, y bytes.Buffer
			if err := write(&x, a, ""); err != nil {
				t.Fatal(err)
			}
			if err := write(&y, b, ""); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Error("outputs differ")
			}
		})
	}
}

func TestWritersRejectBadInput(t *testing.T) {
	for name, write := range writers {
		t.Run(name+" rejects a base that is not an absolute IRI", func(t *testing.T) {
			for _, base := range []string{"relative/path", "https://x.example/a b", "https://x.example/cg#", "https://x.example/?q=1", "urn:x:<y>"} {
				if err := write(io.Discard, smallGraph(t), base); prov.ErrorCode(err) != prov.EINVALID {
					t.Errorf("base %q: err = %v, want EINVALID", base, err)
				}
			}
		})
		t.Run(name+" rejects a malformed graph", func(t *testing.T) {
			for what, spoil := range map[string]func(*provexport.Graph){
				"key is not the node's id": func(g *provexport.Graph) { g.Claims[prov.NewID(prov.TypeClaim, 77)] = g.Claims[clmMain] },
				"nil node":                 func(g *provexport.Graph) { g.Actors[prov.NewID(prov.TypeActor, 77)] = nil },
				"revision without seq":     func(g *provexport.Graph) { g.Revisions = append(g.Revisions, provexport.Revision{Node: clmMain}) },
				"revision listed twice":    func(g *provexport.Graph) { g.Revisions = append(g.Revisions, g.Revisions[0]) },
			} {
				g := smallGraph(t)
				spoil(g)
				if err := write(io.Discard, g, ""); prov.ErrorCode(err) != prov.EINVALID {
					t.Errorf("%s: err = %v, want EINVALID", what, err)
				}
			}
		})
	}
	t.Run("ClaimReview rejects a review of a claim the graph lacks", func(t *testing.T) {
		g := smallGraph(t)
		delete(g.Claims, clmMain)
		if err := provexport.WriteClaimReview(io.Discard, g, ""); prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("Add rejects what the graph does not hold", func(t *testing.T) {
		g := provexport.NewGraph()
		if err := g.Add(&prov.Claim{}); prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("zero id: err = %v", err)
		}
		if err := g.Add(nil); prov.ErrorCode(err) != prov.EINVALID {
			t.Errorf("nil: err = %v", err)
		}
	})
}

func claimReviewJSON(t *testing.T, g *provexport.Graph) []map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := provexport.WriteClaimReview(&b, g, ""); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context["@vocab"] != "http://schema.org/" {
		t.Errorf("@context = %v", doc.Context)
	}
	if doc.Graph == nil {
		t.Fatalf("no @graph array: %s", b.String())
	}
	return doc.Graph
}

func TestWriteClaimReview(t *testing.T) {
	t.Run("a graph without reviews gives an empty @graph", func(t *testing.T) {
		if items := claimReviewJSON(t, demoGraph(t)); len(items) != 0 {
			t.Errorf("@graph = %v", items)
		}
	})
	t.Run("one ClaimReview for the reviewed claim; unreviewed claims are left out", func(t *testing.T) {
		items := claimReviewJSON(t, smallGraph(t))
		if len(items) != 1 {
			t.Fatalf("%d items", len(items))
		}
		cr := items[0]
		if cr["@type"] != "ClaimReview" || cr["claimReviewed"] != "The bridge will not reopen this year." || cr["datePublished"] != "2025-03-03T10:00:00Z" {
			t.Errorf("ClaimReview = %v", cr)
		}
		want := map[string]any{"@type": "Rating", "ratingValue": 2.0, "bestRating": 5.0, "worstRating": 1.0, "alternateName": "Mostly false", "ratingExplanation": "The ministry's own schedule says June."}
		if !jsonEqual(cr["reviewRating"], want) {
			t.Errorf("reviewRating = %v", cr["reviewRating"])
		}
		item := cr["itemReviewed"].(map[string]any)
		author := item["author"].(map[string]any)
		if author["@type"] != "Person" || author["name"] != "Jane Roe" || author["jobTitle"] != "Minister" {
			t.Errorf("claim author = %v", author)
		}
		var apps []string
		for _, a := range item["appearance"].([]any) {
			apps = append(apps, a.(map[string]any)["@id"].(string))
		}
		if !slices.Equal(apps, []string{"urn:claimgraph:node:" + srcArticle.String(), "urn:claimgraph:node:" + srcBrief.String()}) {
			t.Errorf("appearances = %v, want each source once", apps)
		}
	})
	t.Run("firstAppearance is the source published first, by time not by ID", func(t *testing.T) {
		item := claimReviewJSON(t, smallGraph(t))[0]["itemReviewed"].(map[string]any)
		first, _ := item["firstAppearance"].(map[string]any)
		if first["@id"] != "urn:claimgraph:node:"+srcBrief.String() {
			t.Errorf("firstAppearance = %v, want the brief (11:15Z, before the article's 12:30+01:00)", first)
		}
	})
}
