package prov_test

import (
	"slices"
	"testing"

	"claimgraph/prov"
)

func TestCompareWording(t *testing.T) {
	t.Run("names the word a headline substitutes", func(t *testing.T) {
		d := prov.CompareWording("the Syrian government fully supports the strikes", "Syrian president backs the strikes")
		want := []prov.Substitution{{From: "government fully supports", To: "president backs"}}
		if !slices.Equal(d.Substitutions, want) {
			t.Errorf("substitutions = %+v, want %+v", d.Substitutions, want)
		}
		if !slices.Contains(d.Removed, "government") || !slices.Contains(d.Added, "president") {
			t.Errorf("removed %v added %v", d.Removed, d.Added)
		}
	})
	t.Run("counts inflections as the same word", func(t *testing.T) {
		d := prov.CompareWording("The government fully supports the strikes", "the government fully supported the strike")
		if d.Similarity != 1 || len(d.Added) != 0 || len(d.Removed) != 0 {
			t.Errorf("drift = %+v, want identical wording", d)
		}
	})
	t.Run("keeps the quote's words in equal runs", func(t *testing.T) {
		d := prov.CompareWording("they said it", "They SAID it")
		if len(d.Segments) != 1 || d.Segments[0].Text != "They SAID it" || d.Segments[0].Op != prov.DiffEqual {
			t.Errorf("segments = %+v", d.Segments)
		}
	})
	t.Run("scores disjoint texts zero and empty texts one", func(t *testing.T) {
		if d := prov.CompareWording("alpha beta", "gamma delta"); d.Similarity != 0 {
			t.Errorf("similarity = %v, want 0", d.Similarity)
		}
		if d := prov.CompareWording("", "..."); d.Similarity != 1 {
			t.Errorf("similarity = %v, want 1", d.Similarity)
		}
	})
}
