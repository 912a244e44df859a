package synth_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"sort"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"claimgraph/ndjson"
	"claimgraph/prov"
	"claimgraph/storage"
	"claimgraph/storage/storagetest"
	"claimgraph/synth"
)

func generate(tb testing.TB, cfg synth.Config) ([]byte, synth.Stats) {
	tb.Helper()
	var buf bytes.Buffer
	st, err := synth.Write(context.Background(), &buf, cfg)
	if err != nil {
		tb.Fatalf("Write(%+v): %v", cfg, err)
	}
	if st.Bytes != int64(buf.Len()) {
		tb.Fatalf("Stats.Bytes = %d, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes(), st
}

func TestCorpusImportsCleanlyIntoAnEmptyStore(t *testing.T) {
	data, st := generate(t, synth.Config{Claims: 2000, Seed: 1})
	store := storagetest.MustOpen(t)
	ctx := context.Background()
	got, err := store.Import(ctx, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if got.Records != st.Records || got.Created != st.Records {
		t.Fatalf("import stats %+v, want %d records all created", got, st.Records)
	}
	rep, err := store.Verify(ctx)
	if err != nil {
		t.Fatalf("verify after import: %v", err)
	}
	if rep.Records != st.Records {
		t.Errorf("verify counts %d records, generated %d", rep.Records, st.Records)
	}
	if n, err := store.CountClaims(ctx, storage.ClaimFilter{}); err != nil || n != 2000 {
		t.Errorf("CountClaims = %d, %v; want 2000", n, err)
	}
	tr, err := store.Trace(ctx, prov.NewID(prov.TypeClaim, 1))
	if err != nil || len(tr.Appearances) == 0 {
		t.Fatalf("Trace(clm 1) = %v, %v; want appearances", tr, err)
	}
	// Importing the same corpus again changes nothing.
	again, err := store.Import(ctx, bytes.NewReader(data))
	if err != nil || again.Unchanged != st.Records {
		t.Errorf("second import: %+v, %v; want every record unchanged", again, err)
	}
}

func TestSameSeedGivesSameBytes(t *testing.T) {
	a, _ := generate(t, synth.Config{Claims: 3000, Seed: 7})
	b, _ := generate(t, synth.Config{Claims: 3000, Seed: 7})
	if !bytes.Equal(a, b) {
		t.Fatal("two corpora of the same config differ")
	}
	c, _ := generate(t, synth.Config{Claims: 3000, Seed: 8})
	if bytes.Equal(a, c) {
		t.Fatal("corpora of seeds 7 and 8 are identical")
	}
}

func TestCountsAgreeWithWrite(t *testing.T) {
	for _, n := range []int{1, 2, 7, 2000, 12345} {
		want, err := synth.Counts(synth.Config{Claims: n})
		if err != nil {
			t.Fatal(err)
		}
		_, got := generate(t, synth.Config{Claims: n})
		if got.Events != want.Events || got.Actors != want.Actors || got.Sources != want.Sources ||
			got.Claims != n || got.Relations != want.Relations || got.Reviews != want.Reviews {
			t.Errorf("N=%d: Counts %+v, Write %+v", n, want, got)
		}
	}
}

func TestTinyCorporaImport(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10} {
		data, st := generate(t, synth.Config{Claims: n, Seed: uint64(n)})
		store := storagetest.MustOpen(t)
		if got, err := store.Import(context.Background(), bytes.NewReader(data)); err != nil || got.Created != st.Records {
			t.Errorf("N=%d: import %+v, %v", n, got, err)
		}
	}
}

func TestRejectsClaimCountOutOfRange(t *testing.T) {
	for _, n := range []int{0, -1, synth.MaxClaims + 1} {
		if _, err := synth.Write(context.Background(), io.Discard, synth.Config{Claims: n}); err == nil {
			t.Errorf("Claims=%d: no error", n)
		}
	}
}

func TestStopsWhenContextIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := synth.Write(ctx, io.Discard, synth.Config{Claims: 20000})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// shape reads a corpus back and measures what the package documents.
type shape struct {
	counts          map[string]int
	attsPerClaim    map[prov.ID]int
	claimsPerActor  map[prov.ID]int
	textSources     int
	spans, noSpans  int
	spanInTextless  int
	quoteSources    map[string]map[prov.ID]bool
	nonASCII        bool
	notNFC          []prov.ID
	badSpans        []prov.ID
	outOfOrder      []string
	lastID          map[prov.NodeType]uint64
	cites, viaActor int
}

var typeOrder = []prov.NodeType{prov.TypeEvent, prov.TypeActor, prov.TypeSource, prov.TypeClaim, prov.TypeAttribution, prov.TypeRelation, prov.TypeReview}

func measure(t *testing.T, data []byte) *shape {
	t.Helper()
	sh := &shape{
		counts: map[string]int{}, attsPerClaim: map[prov.ID]int{}, claimsPerActor: map[prov.ID]int{},
		quoteSources: map[string]map[prov.ID]bool{}, lastID: map[prov.NodeType]uint64{},
	}
	texts := map[prov.ID]string{}
	rd := ndjson.NewReader(bytes.NewReader(data))
	stage := 0
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		id := rec.Node().NodeID()
		k := slices.Index(typeOrder, id.Type)
		if k < stage || id.Seq <= sh.lastID[id.Type] {
			sh.outOfOrder = append(sh.outOfOrder, id.String())
		}
		stage, sh.lastID[id.Type] = k, id.Seq
		sh.counts[id.Type.Prefix()]++
		switch {
		case rec.Source != nil:
			if s := rec.Source; s.Text != nil {
				sh.textSources++
				texts[s.ID] = *s.Text
				if !norm.NFC.IsNormalString(*s.Text) {
					sh.notNFC = append(sh.notNFC, s.ID)
				}
				if utf8.RuneCountInString(*s.Text) != len(*s.Text) {
					sh.nonASCII = true
				}
			}
			if len(rec.Source.CitesIDs) > 0 {
				sh.cites++
			}
		case rec.Claim != nil:
			if !rec.Claim.ClaimantID.IsZero() {
				sh.claimsPerActor[rec.Claim.ClaimantID]++
			}
		case rec.Attribution != nil:
			a := rec.Attribution
			sh.attsPerClaim[a.ClaimID]++
			if sh.quoteSources[a.Quote] == nil {
				sh.quoteSources[a.Quote] = map[prov.ID]bool{}
			}
			sh.quoteSources[a.Quote][a.SourceID] = true
			if !a.ViaActorID.IsZero() {
				sh.viaActor++
			}
			text, hasText := texts[a.SourceID]
			switch {
			case a.HasSpan() && !hasText:
				sh.spanInTextless++
			case a.HasSpan():
				sh.spans++
				if a.CheckSpan(text) != nil {
					sh.badSpans = append(sh.badSpans, a.ID)
				}
			default:
				sh.noSpans++
				if hasText {
					sh.badSpans = append(sh.badSpans, a.ID) // a quote in a text must have its span
				}
			}
		}
	}
	return sh
}

func TestCorpusHasTheDocumentedShape(t *testing.T) {
	const n = 20000
	data, st := generate(t, synth.Config{Claims: n, Seed: 3})
	sh := measure(t, data)

	t.Run("records are in type and ID order", func(t *testing.T) {
		if len(sh.outOfOrder) > 0 {
			t.Errorf("%d records out of order, first %s", len(sh.outOfOrder), sh.outOfOrder[0])
		}
	})
	t.Run("counts scale with N", func(t *testing.T) {
		want := map[string]int{"evt": n / 2000, "src": n / 3, "clm": n, "rel": n / 20, "rev": n / 500}
		for prefix, w := range want {
			if sh.counts[prefix] != w {
				t.Errorf("%s: %d records, want %d", prefix, sh.counts[prefix], w)
			}
		}
		if a := sh.counts["act"]; a < n/80 || a > n/40 {
			t.Errorf("%d actors, want about N/60", a)
		}
		if sh.counts["att"] != st.Attributions {
			t.Errorf("stats say %d attributions, read %d", st.Attributions, sh.counts["att"])
		}
	})
	t.Run("every claim has 1 to 6 attributions, about 2.6 on average", func(t *testing.T) {
		hist := make([]int, 8)
		for _, k := range sh.attsPerClaim {
			hist[min(k, 7)]++
		}
		if len(sh.attsPerClaim) != n || hist[7] > 0 {
			t.Fatalf("claims with attributions %d of %d; histogram %v", len(sh.attsPerClaim), n, hist)
		}
		for k := 1; k <= 6; k++ {
			if hist[k] < n/50 {
				t.Errorf("only %d claims with %d attributions", hist[k], k)
			}
		}
		if mean := float64(sh.counts["att"]) / n; mean < 2.3 || mean > 2.9 {
			t.Errorf("mean attributions per claim %.2f, want about 2.6", mean)
		}
	})
	t.Run("claims per actor are skewed", func(t *testing.T) {
		var per []int
		total := 0
		for _, c := range sh.claimsPerActor {
			per = append(per, c)
			total += c
		}
		sort.Sort(sort.Reverse(sort.IntSlice(per)))
		top, median := per[0], per[len(per)/2]
		if share := float64(top) / float64(total); share < 0.05 || share > 0.35 {
			t.Errorf("top claimant has %.1f%% of the claims, want a large share", 100*share)
		}
		if median*20 > top {
			t.Errorf("median claimant has %d claims, top %d: not skewed", median, top)
		}
		if top != st.TopClaimantClaims || sh.claimsPerActor[st.TopClaimant] != top {
			t.Errorf("stats name %s with %d claims as top; read %d", st.TopClaimant, st.TopClaimantClaims, top)
		}
		if unknown := n - total; unknown == 0 || unknown > n/10 {
			t.Errorf("%d claims without a claimant, want a few", unknown)
		}
	})
	t.Run("some sources have texts and their quotes have exact spans", func(t *testing.T) {
		if frac := float64(sh.textSources) / float64(sh.counts["src"]); frac < 0.3 || frac > 0.5 {
			t.Errorf("%.2f of the sources have text, want about 0.4", frac)
		}
		if len(sh.badSpans) > 0 {
			t.Errorf("%d attributions with a wrong or missing span, first %s", len(sh.badSpans), sh.badSpans[0])
		}
		if sh.spanInTextless > 0 {
			t.Errorf("%d spans into sources without text", sh.spanInTextless)
		}
		if sh.spans == 0 || sh.noSpans == 0 || sh.spans != st.AttributionsWithSpan {
			t.Errorf("%d attributions with spans (stats %d), %d without: want both", sh.spans, st.AttributionsWithSpan, sh.noSpans)
		}
	})
	t.Run("texts are NFC and not all ASCII", func(t *testing.T) {
		if len(sh.notNFC) > 0 {
			t.Errorf("%d texts not in NFC, first %s", len(sh.notNFC), sh.notNFC[0])
		}
		if !sh.nonASCII {
			t.Error("every text is ASCII: spans in code points are not exercised")
		}
	})
	t.Run("some quotes appear in several sources", func(t *testing.T) {
		shared := 0
		for _, srcs := range sh.quoteSources {
			if len(srcs) > 1 {
				shared++
			}
		}
		if shared < n/20 {
			t.Errorf("%d quotes appear in more than one source, want at least %d", shared, n/20)
		}
	})
	t.Run("citations and intermediaries occur", func(t *testing.T) {
		if sh.cites == 0 || sh.viaActor == 0 {
			t.Errorf("%d citing sources, %d attributions via an actor: want some of each", sh.cites, sh.viaActor)
		}
	})
}
