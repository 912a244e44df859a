package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	seedsDir   = "../../shared/seeds"
	goldPath   = "../../shared/eval/seed-attributions.json"
	demoNDJSON = "../demo/demo.ndjson"
)

// loadSeedEval returns the gold rows, skipping the test when the shared eval set is
// not beside the repository.
func loadSeedEval(t testing.TB) []GoldRow {
	t.Helper()
	if _, err := os.Stat(goldPath); err != nil {
		t.Skipf("seed evaluation set not found at %s: %v", goldPath, err)
	}
	gold, err := LoadGold(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	return gold
}

// demoDirectory returns the directory of the demo dataset's actors.
func demoDirectory(t testing.TB) *ActorDirectory {
	t.Helper()
	if _, err := os.Stat(demoNDJSON); err != nil {
		t.Skipf("demo dataset not found at %s: %v", demoNDJSON, err)
	}
	dir, err := LoadDirectory(demoNDJSON)
	if err != nil {
		t.Fatal(err)
	}
	if dir.Len() == 0 {
		t.Fatal("demo dataset has no actors")
	}
	return dir
}

// The floors sit just under the measured scores so that regressions fail.
func TestSeedEvaluation(t *testing.T) {
	gold := loadSeedEval(t)
	t.Run("with the demo directory scores at least 0.97 on spans and span+speaker", func(t *testing.T) {
		dir := demoDirectory(t)
		r, err := Evaluate(seedsDir, gold, dir)
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, r)
		if r.Span.F1 < 0.97 || r.SpanSpeaker.F1 < 0.97 {
			t.Errorf("span F1 %.3f, span+speaker F1 %.3f: below the floor 0.97", r.Span.F1, r.SpanSpeaker.F1)
		}
	})
	t.Run("without a directory scores at least 0.97 on spans and 0.92 on span+speaker", func(t *testing.T) {
		r, err := Evaluate(seedsDir, gold, nil)
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, r)
		if r.Span.F1 < 0.97 || r.SpanSpeaker.F1 < 0.92 {
			t.Errorf("span F1 %.3f, span+speaker F1 %.3f: below the floors 0.97 / 0.92", r.Span.F1, r.SpanSpeaker.F1)
		}
	})
}

func logReport(t *testing.T, r Report) {
	t.Helper()
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
}

func TestGoldOffsetsConvertToCodePoints(t *testing.T) {
	gold := loadSeedEval(t)
	texts := map[string]string{}
	for _, g := range gold {
		text, ok := texts[g.Source]
		if !ok {
			b, err := os.ReadFile(filepath.Join(seedsDir, g.Source))
			if err != nil {
				t.Fatal(err)
			}
			text = string(b)
			texts[g.Source] = text
		}
		start, end, ok := g.RuneSpan(text)
		if !ok {
			t.Fatalf("%s: gold bytes %d..%d do not hold %q", g.Source, g.Start, g.End, g.Content)
		}
		if got := []rune(text)[start:end]; string(got) != g.Content {
			t.Errorf("%s: code points %d..%d hold %q, want %q", g.Source, start, end, string(got), g.Content)
		}
	}
}

func TestEvaluateNamesMissingArticle(t *testing.T) {
	_, err := Evaluate(t.TempDir(), []GoldRow{{Source: "nope.txt", Content: "x"}}, nil)
	if err == nil {
		t.Fatal("want an error for a gold row whose article is missing")
	}
}

func BenchmarkExtract(b *testing.B) {
	text := benchArticle
	if raw, err := os.ReadFile(filepath.Join(seedsDir, "002_54ac2f547ab6c537.txt")); err == nil {
		text = string(raw) // 3.4 KB
	}
	var dir Directory
	if d, err := LoadDirectory(demoNDJSON); err == nil {
		dir = d
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, dir)
	}
}
