package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

// The repository is cloned with shared/ beside it.
var (
	seedsDir = filepath.Join("..", "..", "shared", "seeds")
	goldFile = filepath.Join("..", "..", "shared", "eval", "seed-attributions.json")
)

// parse reads every record of Data.
func parse(t *testing.T) []ndjson.Record {
	t.Helper()
	r := ndjson.NewReader(bytes.NewReader(Data))
	var out []ndjson.Record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		if rec.Node() == nil {
			t.Fatalf("line %d: empty record", r.Line())
		}
		out = append(out, rec)
	}
	if len(out) == 0 {
		t.Fatal("the demo data holds no records")
	}
	return out
}

// ref is one reference from a record to another node.
type ref struct {
	field string
	id    prov.ID
}

// refsOf returns the non-zero references a record makes.
func refsOf(rec ndjson.Record) []ref {
	var out []ref
	add := func(field string, id prov.ID) {
		if !id.IsZero() {
			out = append(out, ref{field, id})
		}
	}
	switch {
	case rec.Actor != nil:
		add("affiliation", rec.Actor.AffiliationID)
	case rec.Source != nil:
		add("publisher", rec.Source.PublisherID)
		for _, c := range rec.Source.CitesIDs {
			add("cites", c)
		}
	case rec.Claim != nil:
		add("claimant", rec.Claim.ClaimantID)
		add("event", rec.Claim.EventID)
	case rec.Attribution != nil:
		add("claim", rec.Attribution.ClaimID)
		add("source", rec.Attribution.SourceID)
		add("viaActor", rec.Attribution.ViaActorID)
		add("viaSource", rec.Attribution.ViaSourceID)
	case rec.Relation != nil:
		add("from", rec.Relation.FromID)
		add("to", rec.Relation.ToID)
		add("assertedBy", rec.Relation.AssertedByID)
	}
	return out
}

func TestData(t *testing.T) {
	var recs []ndjson.Record
	if !t.Run("parses with ndjson.Reader", func(t *testing.T) { recs = parse(t) }) {
		t.FailNow()
	}

	t.Run("every record validates", func(t *testing.T) {
		for _, rec := range recs {
			v, ok := rec.Node().(interface{ Validate() error })
			if !ok {
				t.Fatalf("%s: record has no Validate method", rec.Node().NodeID())
			}
			if err := v.Validate(); err != nil {
				t.Errorf("%s: %v", rec.Node().NodeID(), err)
			}
		}
	})

	t.Run("IDs are unique", func(t *testing.T) {
		seen := map[prov.ID]bool{}
		for _, rec := range recs {
			id := rec.Node().NodeID()
			if seen[id] {
				t.Errorf("%s appears twice", id)
			}
			seen[id] = true
		}
	})

	t.Run("every reference names a record on an earlier line", func(t *testing.T) {
		earlier := map[prov.ID]bool{}
		for _, rec := range recs {
			id := rec.Node().NodeID()
			for _, r := range refsOf(rec) {
				if !earlier[r.id] {
					t.Errorf("%s.%s: %s is not on an earlier line", id, r.field, r.id)
				}
			}
			earlier[id] = true
		}
	})

	t.Run("records are grouped by type and numbered from 1 in ID order", func(t *testing.T) {
		order := map[prov.NodeType]int{}
		for i, typ := range []prov.NodeType{prov.TypeEvent, prov.TypeActor, prov.TypeSource, prov.TypeClaim, prov.TypeAttribution, prov.TypeRelation} {
			order[typ] = i
		}
		last := prov.ID{}
		for _, rec := range recs {
			id := rec.Node().NodeID()
			switch {
			case !last.IsZero() && order[id.Type] < order[last.Type]:
				t.Errorf("%s comes after %s", id, last)
			case id.Type != last.Type && id.Seq != 1:
				t.Errorf("%s is the first %s but is not numbered 1", id, id.Type)
			case id.Type == last.Type && id.Seq != last.Seq+1:
				t.Errorf("%s follows %s", id, last)
			}
			last = id
		}
	})

	t.Run("named actors' names and aliases are unique after folding", func(t *testing.T) {
		owner := map[string]prov.ID{}
		for _, rec := range recs {
			a := rec.Actor
			if a == nil || !a.Named() {
				continue
			}
			for _, name := range a.Names() {
				key := prov.FoldName(name)
				if key == "" {
					t.Errorf("%s: %q folds to nothing", a.ID, name)
				}
				if other, ok := owner[key]; ok && other != a.ID {
					t.Errorf("%s: %q folds like a name of %s", a.ID, name, other)
				}
				owner[key] = a.ID
			}
		}
	})

	t.Run("no source carries its text", func(t *testing.T) {
		for _, rec := range recs {
			if rec.Source != nil && rec.Source.Text != nil {
				t.Errorf("%s: the text is archived in shared/seeds, not in the demo data", rec.Source.ID)
			}
		}
	})

	t.Run("only attributions in seed articles have spans", func(t *testing.T) {
		hashed := map[prov.ID]bool{}
		for _, rec := range recs {
			if rec.Source != nil {
				hashed[rec.Source.ID] = rec.Source.TextSHA256 != ""
			}
			if a := rec.Attribution; a != nil && a.HasSpan() != hashed[a.SourceID] {
				t.Errorf("%s: has span %v, but its source %s has a text hash %v", a.ID, a.HasSpan(), a.SourceID, hashed[a.SourceID])
			}
		}
	})
}

// seedTexts returns the seed articles' texts by file name, skipping the test when the
// seeds are not beside the clone.
func seedTexts(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Skipf("no seed articles in %s: the repository is cloned with shared/ beside it", seedsDir)
	}
	texts := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(p)] = string(b)
	}
	return texts
}

// seedSources maps each source with a textSha256 to the seed file with that hash. A
// source whose hash is no seed file's maps to "".
func seedSources(t *testing.T, recs []ndjson.Record, texts map[string]string) map[prov.ID]string {
	t.Helper()
	byHash := map[string]string{}
	for file, text := range texts {
		byHash[prov.TextHash(text)] = file
	}
	out := map[prov.ID]string{}
	for _, rec := range recs {
		if s := rec.Source; s != nil && s.TextSHA256 != "" {
			out[s.ID] = byHash[s.TextSHA256]
		}
	}
	return out
}

func TestSeedSources(t *testing.T) {
	texts := seedTexts(t)
	recs := parse(t)
	files := seedSources(t, recs, texts)

	t.Run("each source's textSha256 is the SHA-256 of a seed file", func(t *testing.T) {
		for id, file := range files {
			if file == "" {
				t.Errorf("%s: no seed file has its textSha256", id)
			}
		}
	})

	t.Run("each seed source's title is the opening sentence of its text", func(t *testing.T) {
		// The seeds show no headline; a title of the curator's would read as the
		// outlet's.
		for _, rec := range recs {
			s := rec.Source
			if s == nil || files[s.ID] == "" {
				continue
			}
			if !strings.Contains(texts[files[s.ID]], s.Title) || !strings.HasSuffix(s.Title, ".") {
				t.Errorf("%s: title %q is not a sentence of %s", s.ID, s.Title, files[s.ID])
			}
		}
	})

	t.Run("every seed file is exactly one source", func(t *testing.T) {
		count := map[string]int{}
		for _, f := range files {
			count[f]++
		}
		for f := range texts {
			if count[f] != 1 {
				t.Errorf("%s is the text of %d sources", f, count[f])
			}
		}
	})

	t.Run("every seed attribution's span holds its quote", func(t *testing.T) {
		for _, rec := range recs {
			a := rec.Attribution
			if a == nil {
				continue
			}
			file, ok := files[a.SourceID]
			if !ok {
				continue
			}
			if !a.HasSpan() {
				t.Errorf("%s: no span in %s", a.ID, file)
				continue
			}
			if err := a.CheckSpan(texts[file]); err != nil {
				t.Errorf("%s in %s: %v", a.ID, file, err)
			}
		}
	})
}

// goldRow is one hand-labelled attribution of shared/eval/seed-attributions.json.
type goldRow struct {
	Source, Speaker, Content string
	Start, End               int // byte offsets
}

func TestGoldAttributions(t *testing.T) {
	texts := seedTexts(t)
	b, err := os.ReadFile(goldFile)
	if err != nil {
		t.Skipf("no gold attributions at %s: the repository is cloned with shared/ beside it", goldFile)
	}
	var gold []goldRow
	if err := json.Unmarshal(b, &gold); err != nil {
		t.Fatalf("%s: %v", goldFile, err)
	}
	recs := parse(t)
	files := seedSources(t, recs, texts)

	t.Run("every gold row is covered by an attribution in its article", func(t *testing.T) {
		for _, g := range gold {
			text, ok := texts[g.Source]
			if !ok || g.Start < 0 || g.End > len(text) || g.Start >= g.End || text[g.Start:g.End] != g.Content {
				t.Errorf("gold row in %s does not match the seed text: %q", g.Source, g.Content)
				continue
			}
			// Gold offsets are bytes; attribution spans are code points.
			start, end := utf8.RuneCountInString(text[:g.Start]), utf8.RuneCountInString(text[:g.End])
			best := 0
			for _, rec := range recs {
				a := rec.Attribution
				if a == nil || files[a.SourceID] != g.Source || !a.HasSpan() {
					continue
				}
				best = max(best, min(end, *a.End)-max(start, *a.Start))
			}
			if 2*best < end-start {
				t.Errorf("uncovered in %s: %q (best overlap %d of %d code points)", g.Source, g.Content, max(best, 0), end-start)
			}
		}
	})

	t.Run("every gold speaker names a demo actor", func(t *testing.T) {
		names := map[string]bool{}
		for _, rec := range recs {
			if a := rec.Actor; a != nil {
				for _, n := range a.Names() {
					names[prov.FoldName(n)] = true
				}
			}
		}
		for _, g := range gold {
			if !names[prov.FoldName(g.Speaker)] {
				t.Errorf("speaker %q of %s is no demo actor's name or alias", g.Speaker, g.Source)
			}
		}
	})
}
