package ingest

import (
	"strings"
	"testing"

	"claimgraph/prov"
)

func TestJaccard(t *testing.T) {
	cases := []struct {
		a, b string
		want float64
	}{
		{"The strikes hit 70 targets.", "the strikes hit 70 targets", 1},
		{"a b c d", "a b", 0.5},
		{"Iran’s forces", "iran s forces", 1},
		{"", "", 1},
		{"x", "", 0},
	}
	for _, c := range cases {
		if got := Jaccard(c.a, c.b); got != c.want {
			t.Errorf("Jaccard(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestScoringMatchesEachGoldRowOnce(t *testing.T) {
	gold := []GoldRow{
		{Source: "a.txt", Speaker: "Jane Roe", Content: "the bridge will reopen in May"},
		{Source: "a.txt", Speaker: "City council", Content: "repairs cost two million dollars"},
	}
	pred := func(src, speaker, content string) Prediction {
		return Prediction{Source: src, Attribution: Attribution{Speaker: speaker, Content: content}}
	}
	preds := []Prediction{
		pred("a.txt", "Roe", "the bridge will reopen in May"),            // alias of Jane Roe
		pred("a.txt", "Jane Roe", "the bridge will reopen in early May"), // duplicate: a false positive
		pred("a.txt", "mayor", "repairs cost two million dollars"),       // right span, wrong speaker
		pred("b.txt", "Jane Roe", "the bridge will reopen in May"),       // other article
	}
	dir := NewNameDirectory(map[string][]string{"Jane Roe": {"Roe"}})
	r := ScorePredictions(preds, gold, dir, 2)
	if r.Span.TP != 2 || r.Span.FP != 2 || r.Span.FN != 0 {
		t.Errorf("span: %+v, want tp 2 fp 2 fn 0", r.Span)
	}
	if r.SpanSpeaker.TP != 1 || r.SpanSpeaker.FN != 1 {
		t.Errorf("span+speaker: %+v, want tp 1 fn 1", r.SpanSpeaker)
	}
	if len(r.SpeakerErrors) != 1 || r.SpeakerErrors[0].Pred.Speaker != "mayor" {
		t.Errorf("speaker errors: %+v", r.SpeakerErrors)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"span          P 0.500  R 1.000", "span+speaker", "spurious (2)", "wrong speaker (1)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, b.String())
		}
	}
}

func TestSameSpeakerWithoutDirectoryComparesFoldedNames(t *testing.T) {
	if !SameSpeaker("U.S. Central Command", "US central command", nil) {
		t.Error("folded names differ")
	}
	if !SameSpeaker("The National", "National", nil) {
		t.Error("a leading article should not matter")
	}
	if SameSpeaker("Joe Biden", "Jill Biden", nil) {
		t.Error("different people matched")
	}
}

func TestReadDirectory(t *testing.T) {
	t.Run("reads actors and skips other records", func(t *testing.T) {
		in := `{"format":"claimgraph","version":1}
{"type":"actor","id":"act_0000000000001","name":"US Central Command","kind":"GOVERNMENT","aliases":["CENTCOM"]}
{"type":"event","id":"evt_0000000000001","name":"Strikes"}
`
		dir, err := ReadDirectory(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := dir.Lookup("Centcom"); !ok || c != "US Central Command" {
			t.Errorf("Lookup(Centcom) = %q, %v", c, ok)
		}
		if dir.Kind("US Central Command") != prov.ActorGovernment {
			t.Errorf("kind %s", dir.Kind("US Central Command"))
		}
	})
	t.Run("fails with the line number on a malformed stream", func(t *testing.T) {
		_, err := ReadDirectory(strings.NewReader("{\"format\":\"claimgraph\",\"version\":1}\nnot json\n"))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("err = %v, want a line-2 error", err)
		}
	})
	t.Run("a nil directory resolves nothing", func(t *testing.T) {
		var d *ActorDirectory
		if _, ok := d.Lookup("x"); ok || d.Len() != 0 || d.Names() != nil {
			t.Error("nil directory resolved something")
		}
	})
}
