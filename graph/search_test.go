package graph_test

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"claimgraph/storage/storagetest"
)

type searchHit struct {
	Score    float64
	Snippets []struct {
		Field, Text string
		Highlights  []struct{ Start, End int }
	}
	Node struct {
		Typename string `json:"__typename"`
		ID       string
		Text     string
		Quote    string
		Claimant *struct{ Name string }
		Claim    *struct {
			ID       string
			Claimant *struct{ Name string }
		}
		Source *struct{ Title, TextSha256 string }
	}
}

func mustSearch(t *testing.T, c *client.Client, q string, types ...string) []searchHit {
	t.Helper()
	var out struct {
		Search struct {
			TotalCount int
			Edges      []searchHit
		}
	}
	mustDo(t, c, `query($q: String!, $types: [NodeType!]) { search(query: $q, types: $types, first: 10) { totalCount edges {
		score snippets { field text highlights { start end } }
		node { __typename id
			... on Claim { text claimant { name } }
			... on Attribution { quote claim { id claimant { name } } source { title textSha256 } } } } } }`, &out,
		client.Var("q", q), client.Var("types", types))
	return out.Search.Edges
}

func TestSearch(t *testing.T) {
	store := storagetest.MustOpenDemo(t)
	c := mustClientAs(t, store, "")
	t.Run("Syrian government fully supports ranks Trump's claim first", func(t *testing.T) {
		hits := mustSearch(t, c, "Syrian government fully supports", "CLAIM")
		if len(hits) == 0 || hits[0].Node.Claimant == nil || hits[0].Node.Claimant.Name != "Donald Trump" || !strings.Contains(hits[0].Node.Text, "Syrian government") {
			t.Fatalf("first hit = %+v", hits)
		}
		if len(hits[0].Snippets) == 0 || len(hits[0].Snippets[0].Highlights) == 0 {
			t.Errorf("the hit has no highlighted snippet: %+v", hits[0].Snippets)
		}
	})
	t.Run("declaration of vengeance finds Hegseth's direct quote in 001 and paraphrase in 000", func(t *testing.T) {
		hits := mustSearch(t, c, "declaration of vengeance", "ATTRIBUTION")
		seen := map[string]bool{}
		for _, h := range hits {
			if h.Node.Claim == nil || h.Node.Claim.Claimant == nil || h.Node.Claim.Claimant.Name != "Pete Hegseth" {
				continue
			}
			// The demo records the seed articles 000 and 001 by these hashes.
			switch h.Node.Source.TextSha256 {
			case "65c1d32b5f0f490ca92b2225bac979526fb4737782b1eb29528f582a4c98a119":
				seen["000"] = true
			case "9bca9b357f61c99759f7df4145f1025500550fb00e06f07ab414385a5a17e8a0":
				seen["001"] = true
			}
		}
		if !seen["000"] || !seen["001"] {
			t.Fatalf("Hegseth's quotes found in %v, want 000 and 001; hits %+v", seen, hits)
		}
	})
	t.Run("a prefix finds Hegseth", func(t *testing.T) {
		hits := mustSearch(t, c, "Heg*", "ACTOR")
		if len(hits) == 0 || hits[0].Node.ID == "" {
			t.Fatalf("hits = %+v", hits)
		}
	})
	t.Run("claims(filter: {text}) stems like search", func(t *testing.T) {
		var out struct{ Claims struct{ TotalCount int } }
		mustDo(t, c, `{ claims(filter: {text: "supports strike"}) { totalCount } }`, &out)
		if out.Claims.TotalCount == 0 {
			t.Fatal("supports strike matched no claim, though Trump's claim says supported the strikes")
		}
	})
	t.Run("a write is found by the next search", func(t *testing.T) {
		admin := mustClient(t, store)
		mustDo(t, admin, `mutation { createClaim(input: {text: "Zanzibar officials denied the reports"}) { id } }`, nil)
		if hits := mustSearch(t, c, "zanzibar"); len(hits) != 1 {
			t.Fatalf("hits = %+v", hits)
		}
	})
}

func TestDiscrepanciesAndCorroboration(t *testing.T) {
	store := storagetest.MustOpenDemo(t)
	c := mustClient(t, store)
	type disc struct {
		Key, Kind, Subject, Reason, Proposed string
		Values                               []string
		Claims                               []struct{ ID string }
	}
	list := func(t *testing.T, include bool) (map[string]string, []disc) {
		var out struct {
			Events struct {
				Nodes []struct {
					ID            string
					Discrepancies []disc
				}
			}
		}
		// The demo's two events: each discrepancies costs a page of claims in the
		// complexity estimate, so the default page of 50 events is over the limit.
		mustDo(t, c, `query($all: Boolean) { events(first: 2) { nodes { id discrepancies(includeRecorded: $all) { key kind subject reason proposed values claims { id } } } } }`, &out, client.Var("all", include))
		byKey := map[string]string{}
		var all []disc
		for _, e := range out.Events.Nodes {
			for _, d := range e.Discrepancies {
				byKey[d.Key] = e.ID
				all = append(all, d)
			}
		}
		return byKey, all
	}
	_, recorded := list(t, true)
	t.Run("the Iran/Iraq attacker conflict and the target counts are found", func(t *testing.T) {
		var attacker, targets bool
		for _, d := range recorded {
			j := strings.Join(d.Values, " | ")
			attacker = attacker || d.Kind == "party" && d.Proposed == "CONTRADICTS" && strings.Contains(j, "Iran") && strings.Contains(j, "Iraq")
			targets = targets || d.Kind == "quantity" && d.Subject == "targets"
		}
		if !attacker || !targets {
			t.Fatalf("attacker conflict %v, target counts %v in %+v", attacker, targets, recorded)
		}
	})
	byKey, open := list(t, false)
	if len(open) < 2 {
		t.Fatalf("fewer than two open suggestions on the demo data: %+v", open)
	}
	t.Run("accepting a suggestion records its relation and removes it", func(t *testing.T) {
		d := open[0]
		var out struct {
			AcceptDiscrepancy struct {
				Kind string
				Note string
				From struct{ ID string }
			}
		}
		mustDo(t, c, `mutation($e: ID!, $k: String!) { acceptDiscrepancy(event: $e, key: $k) { kind note from { id } } }`, &out, client.Var("e", byKey[d.Key]), client.Var("k", d.Key))
		if out.AcceptDiscrepancy.Kind != d.Proposed || out.AcceptDiscrepancy.Note != d.Reason || out.AcceptDiscrepancy.From.ID != d.Claims[0].ID {
			t.Fatalf("relation = %+v for %+v", out, d)
		}
		if after, _ := list(t, false); after[d.Key] != "" {
			t.Error("the accepted suggestion is still open")
		}
	})
	t.Run("dismissing a suggestion hides it and accepting it then is NOT_FOUND", func(t *testing.T) {
		d := open[1]
		var out struct{ DismissDiscrepancy bool }
		mustDo(t, c, `mutation($e: ID!, $k: String!) { dismissDiscrepancy(event: $e, key: $k) }`, &out, client.Var("e", byKey[d.Key]), client.Var("k", d.Key))
		if after, _ := list(t, false); !out.DismissDiscrepancy || after[d.Key] != "" {
			t.Fatal("the dismissed suggestion is still open")
		}
		wantError(t, c, `mutation { acceptDiscrepancy(event: "`+byKey[d.Key]+`", key: "`+d.Key+`") { id } }`, "NOT_FOUND", d.Key)
	})
	t.Run("corroboration counts sources that repeat one statement once", func(t *testing.T) {
		var out struct {
			Claims struct {
				Nodes []struct {
					Corroboration struct {
						Independent, Sources int
						Groups               []struct{ Reason string }
					}
				}
			}
		}
		mustDo(t, c, `{ claims(filter: {text: "more than 85 targets"}) { nodes { corroboration { independent sources groups { reason } } } } }`, &out)
		var found bool
		for _, n := range out.Claims.Nodes {
			co := n.Corroboration
			if co.Sources >= 3 && co.Independent < co.Sources && len(co.Groups) == co.Independent && co.Groups[0].Reason != "" {
				found = true
			}
		}
		if !found {
			t.Fatalf("no >85-targets claim whose sources share an upstream: %+v", out)
		}
	})
}
