package ndjson_test

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"claimgraph/ndjson"
	"claimgraph/prov"
	"claimgraph/synth"
)

// sameDecoding fails t unless Decode and the strict encoding/json decoding agree on
// line: the same record, or the same error. It reports whether the fast path took it.
func sameDecoding(t testing.TB, line []byte) (fast bool) {
	t.Helper()
	want, wantErr := ndjson.StrictDecode(line, 7)
	got, err := ndjson.Decode(line, 7)
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("%q: Decode error %v, strict decoding's %v", line, err, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Decode gives\n%s\nthe strict decoding\n%s", line, dump(got), dump(want))
	}
	rec, ok := ndjson.FastDecode(line)
	if ok && (wantErr != nil || !reflect.DeepEqual(rec, want)) {
		t.Fatalf("%q: the fast path decoded a line the strict decoding refuses (%v) or reads otherwise", line, wantErr)
	}
	return ok
}

func dump(r ndjson.Record) string {
	var b bytes.Buffer
	w := ndjson.NewWriter(&b)
	if r.Node() != nil {
		w.Write(r)
	}
	w.Flush()
	return b.String()
}

// recordLines returns the record lines of an NDJSON file, as ReadLine hands them over.
func recordLines(t *testing.T, r io.Reader) [][]byte {
	t.Helper()
	rd := ndjson.NewReader(r)
	var lines [][]byte
	for {
		b, err := rd.ReadLine()
		if err == io.EOF {
			return lines
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, bytes.Clone(b))
	}
}

func corpus(t *testing.T) map[string][][]byte {
	t.Helper()
	demo, err := os.Open("../demo/demo.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	var gen bytes.Buffer
	if _, err := synth.Write(context.Background(), &gen, synth.Config{Claims: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return map[string][][]byte{"demo": recordLines(t, demo), "synthetic": recordLines(t, &gen)}
}

func TestFastDecodeTakesEveryCorpusLine(t *testing.T) {
	for name, lines := range corpus(t) {
		t.Run("decodes every "+name+" line as encoding/json does, on the fast path", func(t *testing.T) {
			types := map[string]int{}
			fast := 0
			for _, line := range lines {
				if sameDecoding(t, line) {
					fast++
				}
				rec, _ := ndjson.Decode(line, 7)
				types[reflect.TypeOf(rec.Node()).Elem().Name()]++
			}
			t.Logf("%d lines, %d on the fast path: %v", len(lines), fast, types)
			if fast != len(lines) || len(lines) == 0 {
				t.Errorf("the fast path took %d of %d lines", fast, len(lines))
			}
			for _, typ := range []string{"Event", "Actor", "Source", "Claim", "Attribution", "ClaimRelation", "Review"} {
				if types[typ] == 0 && name == "synthetic" { // the demo has no reviews
					t.Errorf("no %s in the corpus", typ)
				}
			}
		})
	}
}

// TestFastDecodeReadsEveryField writes a record of each type with every field set,
// strings full of escapes, and reads it back on the fast path.
func TestFastDecodeReadsEveryField(t *testing.T) {
	s := func(v string) *string { return &v }
	n := func(v int) *int { return &v }
	at := func(v string) *time.Time {
		tm, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			t.Fatal(err)
		}
		return &tm
	}
	odd := "quote \" backslash \\ slash / <tag> & \b\f\n\r\t \x00\x1f é € 😀 \u2028\u2029"
	ext := &prov.Extraction{Confidence: 0.8125, Status: prov.StatusAccepted, Extractor: "ingest/1"}
	recs := []ndjson.Record{
		{Event: &prov.Event{ID: prov.NewID(prov.TypeEvent, 1), Name: odd, Description: s(odd), StartTime: at("2024-02-02T21:00:00Z"), EndTime: at("2024-02-03T01:02:03.456789+05:30"), Location: s("Iraq")}},
		{Actor: &prov.Actor{ID: prov.NewID(prov.TypeActor, 2), Name: "A", Kind: prov.ActorPerson, Role: s(odd), Aliases: []string{"B", odd}, AffiliationID: prov.NewID(prov.TypeActor, 1), Extraction: ext}},
		{Source: &prov.Source{ID: prov.NewID(prov.TypeSource, 3), Title: odd, Kind: prov.SourceArticle, PublisherID: prov.NewID(prov.TypeActor, 2), URL: s("https://example.com/a?b=c&d=e"), PublishedAt: at("2024-01-01T00:00:00Z"), RetrievedAt: at("2024-01-02T00:00:00-08:00"), TextSHA256: prov.TextHash(odd), Text: s(odd), CitesIDs: []prov.ID{prov.NewID(prov.TypeSource, 1), prov.NewID(prov.TypeSource, 1<<60)}}},
		{Claim: &prov.Claim{ID: prov.NewID(prov.TypeClaim, 4), Text: odd, ClaimantID: prov.NewID(prov.TypeActor, 2), EventID: prov.NewID(prov.TypeEvent, 1), StatedAt: at("2024-02-02T21:00:00Z"), Medium: s("statement"), Extraction: ext}},
		{Attribution: &prov.Attribution{ID: prov.NewID(prov.TypeAttribution, 5), ClaimID: prov.NewID(prov.TypeClaim, 4), SourceID: prov.NewID(prov.TypeSource, 3), Quote: odd, Start: n(0), End: n(123456789), Mention: s("he"), Cue: s("said"), Kind: prov.AttributionMixed, Medium: s("x"), ViaActorID: prov.NewID(prov.TypeActor, 1), ViaSourceID: prov.NewID(prov.TypeSource, 1), Extraction: &prov.Extraction{Confidence: 1e-7}}},
		{Relation: &prov.ClaimRelation{ID: prov.NewID(prov.TypeRelation, 6), Kind: prov.RelationContradicts, FromID: prov.NewID(prov.TypeClaim, 4), ToID: prov.NewID(prov.TypeClaim, 5), Note: s(odd), AssertedByID: prov.NewID(prov.TypeActor, 2)}},
		{Review: &prov.Review{ID: prov.NewID(prov.TypeReview, 7), ClaimID: prov.NewID(prov.TypeClaim, 4), Rating: -3, BestRating: 5, WorstRating: -5, Verdict: odd, Explanation: s(odd), ReviewerID: prov.NewID(prov.TypeActor, 2), ReviewedAt: *at("2024-03-01T12:00:00.5Z"), EvidenceURLs: []string{"https://a.example/", "https://b.example/x"}}},
	}
	for _, rec := range recs {
		name := reflect.TypeOf(rec.Node()).Elem().Name()
		t.Run("reads every field of a "+name, func(t *testing.T) {
			var b bytes.Buffer
			w := ndjson.NewWriter(&b)
			w.Write(rec)
			w.Flush()
			line := bytes.TrimSpace(bytes.SplitN(b.Bytes(), []byte("\n"), 2)[1])
			if !sameDecoding(t, line) {
				t.Fatalf("%s: not on the fast path", line)
			}
			if got, _ := ndjson.FastDecode(line); !reflect.DeepEqual(got, rec) {
				t.Fatalf("%s: read back as\n%s", line, dump(got))
			}
		})
	}
}

// decodeCases are lines the two decodings must agree on, and whether the fast path
// takes them. Lines it leaves to encoding/json are ones it does not decode exactly as
// encoding/json does (a repeated member is merged), or ones with an error whose
// message only encoding/json writes.
var decodeCases = []struct {
	name string
	fast bool
	line string
}{
	{"every escape", true, `{"type":"event","id":"evt_0000000000001","name":"\"\\\/\b\f\n\r\t\u00e9\u00E9\u20ac\ud83d\ude00\uD83D\uDE00\u0000\u001f"}`},
	{"an escape at either end", true, `{"type":"event","id":"evt_0000000000001","name":"\n mid \t"}`},
	{"raw UTF-8", true, `{"type":"event","id":"evt_0000000000001","name":"Café € 😀 ’"}`},
	{"U+FFFD spelled out", true, `{"type":"event","id":"evt_0000000000001","name":"\ufffd �"}`},
	{"an escaped member name", true, `{"type":"event","id":"evt_0000000000001","n\u0061me":"e"}`},
	{"an escaped type", true, `{"t\u0079pe":"ev\u0065nt","id":"evt_0000000000001","name":"e"}`},
	{"an escaped id", true, `{"type":"event","id":"evt_000000000000\u0031","name":"e"}`},
	{"an upper-case id", true, `{"type":"event","id":"evt_000000000000A","name":"e"}`},
	{"an id of another type", true, `{"type":"event","id":"clm_0000000000001","name":"e"}`},
	{"an empty id", true, `{"type":"event","id":"","name":"e"}`},
	{"null for every nullable field", true, `{"type":"event","id":null,"name":null,"description":null,"startTime":null,"endTime":null,"location":null}`},
	{"null arrays and objects", true, `{"type":"actor","id":"act_0000000000001","name":"a","kind":null,"role":null,"aliases":null,"affiliation":null,"extraction":null}`},
	{"null elements", true, `{"type":"actor","id":"act_0000000000001","name":"a","kind":"PERSON","aliases":["x",null]}`},
	{"null integers and time", true, `{"type":"review","id":"rev_0000000000001","rating":null,"bestRating":null,"worstRating":null,"reviewedAt":null,"evidence":null}`},
	{"null span", true, `{"type":"attribution","id":"att_0000000000001","start":null,"end":null}`},
	{"empty arrays", true, `{"type":"source","id":"src_0000000000001","title":"t","kind":"ARTICLE","cites":[]}`},
	{"empty evidence", true, `{"type":"review","id":"rev_0000000000001","evidence":[ ]}`},
	{"an empty extraction", true, `{"type":"claim","id":"clm_0000000000001","text":"t","extraction":{}}`},
	{"an extraction in another order", true, `{"type":"claim","id":"clm_0000000000001","text":"t","extraction":{"extractor":"x","status":"PROPOSED","confidence":0}}`},
	{"white space everywhere", true, " \t{ \"type\" :\t\"event\" ,\r\n \"id\" : \"evt_0000000000001\" , \"name\" : \"e\" , \"description\" : null }\n "},
	{"white space in arrays and objects", true, `{"type":"actor","id":"act_0000000000001","name":"a","kind":"PERSON","aliases":[ "x" , "y" ],"extraction":{ "confidence" : 1 , "status" : "ACCEPTED" , "extractor" : "e" }}`},
	{"the type last", true, `{"id":"evt_0000000000001","name":"e","type":"event"}`},
	{"the type after nested values", true, `{"id":"src_0000000000001","cites":["src_0000000000002"],"publishedAt":"2024-01-01T00:00:00Z","type":"source","title":"t"}`},
	{"the type after an extraction", true, `{"extraction":{"confidence":0.5,"status":"PROPOSED","extractor":"x"},"id":"clm_0000000000001","type":"claim","text":"t"}`},
	{"members in reverse", true, `{"location":"l","endTime":"2024-01-02T00:00:00Z","startTime":"2024-01-01T00:00:00Z","description":"d","name":"e","id":"evt_0000000000001","type":"event"}`},
	{"only the type", true, `{"type":"relation"}`},
	{"integers", true, `{"type":"review","id":"rev_0000000000001","rating":-0,"bestRating":123456789012345678,"worstRating":-123456789012345678}`},
	{"confidences", true, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":-0.0}}`},
	{"a confidence with an exponent", true, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":5E-1}}`},
	{"a confidence with a signed exponent", true, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":0.25e+1}}`},
	{"a tiny confidence", true, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":1e-400}}`},
	{"times with offsets and fractions", true, `{"type":"source","id":"src_0000000000001","publishedAt":"2024-01-01T10:00:00+02:00","retrievedAt":"2024-01-01T10:00:00.123456789-11:30"}`},
	{"a review time", true, `{"type":"review","id":"rev_0000000000001","reviewedAt":"2024-01-01T10:00:00Z"}`},

	{"an unknown field", false, `{"type":"event","id":"evt_0000000000001","name":"e","colour":"red"}`},
	{"an unknown field in an extraction", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"model":"m"}}`},
	{"a field in another case", false, `{"type":"event","ID":"evt_0000000000001","Name":"e"}`},
	{"a field of another type", false, `{"type":"event","id":"evt_0000000000001","text":"e"}`},
	{"a name that is a number", false, `{"type":"event","id":"evt_0000000000001","name":7}`},
	{"a name that is true", false, `{"type":"event","id":"evt_0000000000001","name":true}`},
	{"a name that is an object", false, `{"type":"event","id":"evt_0000000000001","name":{}}`},
	{"an id that is a number", false, `{"type":"event","id":1,"name":"e"}`},
	{"a start that is a string", false, `{"type":"attribution","id":"att_0000000000001","start":"5"}`},
	{"a start with a fraction", false, `{"type":"attribution","id":"att_0000000000001","start":1.5}`},
	{"a start with an exponent", false, `{"type":"attribution","id":"att_0000000000001","start":1e2}`},
	{"a rating too large", false, `{"type":"review","id":"rev_0000000000001","rating":99999999999999999999}`},
	{"a rating of 19 digits", false, `{"type":"review","id":"rev_0000000000001","rating":1234567890123456789}`},
	{"a rating with a leading zero", false, `{"type":"review","id":"rev_0000000000001","rating":01}`},
	{"a rating with a plus", false, `{"type":"review","id":"rev_0000000000001","rating":+1}`},
	{"a confidence that is a string", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":"0.5"}}`},
	{"a confidence out of range", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":1e400}}`},
	{"a confidence without digits", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":.5}}`},
	{"a confidence with a bare point", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":1.}}`},
	{"an extraction that is an array", false, `{"type":"claim","id":"clm_0000000000001","extraction":[]}`},
	{"aliases that are a string", false, `{"type":"actor","id":"act_0000000000001","aliases":"x"}`},
	{"an alias that is a number", false, `{"type":"actor","id":"act_0000000000001","aliases":[1]}`},
	{"cites that are strings not ids", false, `{"type":"source","id":"src_0000000000001","cites":["x"]}`},
	{"a time that is not RFC 3339", false, `{"type":"event","id":"evt_0000000000001","startTime":"2024-01-01"}`},
	{"a time that is a number", false, `{"type":"event","id":"evt_0000000000001","startTime":5}`},
	{"a time with an escape", false, `{"type":"event","id":"evt_0000000000001","startTime":"\u0032024-01-01T00:00:00Z"}`},
	{"a review time that is a number", false, `{"type":"review","id":"rev_0000000000001","reviewedAt":0}`},
	{"a bad id", false, `{"type":"event","id":"nope","name":"e"}`},
	{"an unknown id prefix", false, `{"type":"event","id":"xyz_0000000000001","name":"e"}`},
	{"an id out of range", false, `{"type":"event","id":"evt_g000000000000","name":"e"}`},
	{"an id that overflows to one", false, `{"type":"event","id":"evt_g000000000001","name":"e"}`},
	{"an id that overflows to zero", false, `{"type":"event","id":"evt_g000000000000","name":"e"}`},
	{"an id with an underscore for a digit", false, `{"type":"event","id":"evt__000000000001","name":"e"}`},
	{"an id with a control character prov.ParseID reads as a digit", true, `{"type":"event","id":"evt_000000000000\u0011","name":"e"}`},
	{"a zero id", false, `{"type":"event","id":"evt_0000000000000","name":"e"}`},
	{"a short id", false, `{"type":"event","id":"evt_000000000001","name":"e"}`},
	{"a repeated name", false, `{"type":"event","id":"evt_0000000000001","name":"a","name":"b"}`},
	{"a repeated type", false, `{"type":"event","type":"event","id":"evt_0000000000001"}`},
	{"two types", false, `{"type":"event","type":"claim","id":"evt_0000000000001"}`},
	{"a repeated extraction, which encoding/json merges", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":0.5},"extraction":{"status":"PROPOSED"}}`},
	{"a repeated confidence", false, `{"type":"claim","id":"clm_0000000000001","extraction":{"confidence":0.5,"confidence":0.7}}`},
	{"a repeated id, spelled two ways", false, `{"type":"event","id":"evt_0000000000001","i\u0064":"evt_0000000000002"}`},
	{"an unknown type", false, `{"type":"planet","id":"x"}`},
	{"a missing type", false, `{"id":"evt_0000000000001"}`},
	{"an empty object", false, `{}`},
	{"a type that is a number", false, `{"type":7}`},
	{"an array", false, `[{"type":"event"}]`},
	{"a string", false, `"event"`},
	{"null", false, `null`},
	{"nothing", false, ``},
	{"a line cut in a string", false, `{"type":"event","id":"evt_0000000000001","na`},
	{"a line cut after a member", false, `{"type":"event"`},
	{"a line cut after a comma", false, `{"type":"event",`},
	{"a line cut in an escape", false, `{"type":"event","name":"\u00`},
	{"a line cut in a number", false, `{"type":"review","rating":-`},
	{"a lone brace", false, `{`},
	{"a trailing comma", false, `{"type":"event","id":"evt_0000000000001",}`},
	{"a missing colon", false, `{"type":"event","id" "evt_0000000000001"}`},
	{"a trailing brace, which encoding/json's decoder lets pass", false, `{"type":"event","id":"evt_0000000000001"}}`},
	{"a trailing bracket", false, `{"type":"event","id":"evt_0000000000001"}]`},
	{"two values", false, `{"type":"event","id":"evt_0000000000001"} {"type":"event"}`},
	{"something after the value", false, `{"type":"event","id":"evt_0000000000001"} x`},
	{"the type last, then a brace", false, `{"id":"evt_0000000000001","type":"event"}}`},
	{"invalid UTF-8 in a string", false, "{\"type\":\"event\",\"name\":\"a\xffb\"}"},
	{"invalid UTF-8 after an escape", false, "{\"type\":\"event\",\"name\":\"\\n\xc3\"}"},
	{"an encoded surrogate", false, "{\"type\":\"event\",\"name\":\"\xed\xa0\x80\"}"},
	{"invalid UTF-8 in a member name", false, "{\"type\":\"event\",\"na\xffme\":\"e\"}"},
	{"invalid UTF-8 outside strings", false, "{\"type\":\"event\"\xff}"},
	{"a lone high surrogate", false, `{"type":"event","name":"\ud83d"}`},
	{"a lone low surrogate", false, `{"type":"event","name":"\ude00"}`},
	{"two high surrogates", false, `{"type":"event","name":"\ud83d\ud83d"}`},
	{"a high surrogate before a letter", false, `{"type":"event","name":"\ud83dx"}`},
	{"an unknown escape", false, `{"type":"event","name":"\x41"}`},
	{"a short unicode escape", false, `{"type":"event","name":"\u41"}`},
	{"a raw tab in a string", false, "{\"type\":\"event\",\"name\":\"a\tb\"}"},
	{"a raw newline in a string", false, "{\"type\":\"event\",\"name\":\"a\nb\"}"},
	{"a form feed between members", false, "{\"type\":\"event\",\f\"name\":\"e\"}"},
	{"a non-breaking space before the line", false, "\u00a0{\"type\":\"event\"}"},
	{"single quotes", false, `{'type':'event'}`},
	{"a bare word", false, `{"type":"event","name":nul}`},
	{"true where a time goes", false, `{"type":"event","startTime":true}`},
	{"a deeply nested unknown value", false, `{"id":[[[[["x"]]]]],"type":"event"}`},
}

func TestFastDecodeAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range decodeCases {
		outcome := "leaves to encoding/json"
		if tc.fast {
			outcome = "decodes on the fast path"
		}
		t.Run(outcome+" "+tc.name, func(t *testing.T) {
			if fast := sameDecoding(t, []byte(tc.line)); fast != tc.fast {
				_, err := ndjson.StrictDecode([]byte(tc.line), 7)
				t.Fatalf("%q: fast path %v, want %v (encoding/json: %v)", tc.line, fast, tc.fast, err)
			}
		})
	}
}

// TestFastDecodeFindsTheEndOfAString puts an escape, a control character and a
// non-ASCII letter at each place in the eight bytes the string scan reads at a time.
func TestFastDecodeFindsTheEndOfAString(t *testing.T) {
	for _, tc := range []struct {
		what, s string
		fast    bool
	}{{"an escape", `\n`, true}, {"a quote", `\"`, true}, {"a letter", "é", true}, {"a control character", "\x01", false}, {"DEL", "\x7f", true}, {"a stray byte", "\x80", false}} {
		for at := range 17 {
			name := strings.Repeat("a", at) + tc.s + strings.Repeat("b", 9)
			for _, line := range []string{
				`{"type":"event","id":"evt_0000000000001","name":"` + name + `"}`,
				`{"type":"event","id":"evt_0000000000001","name":"` + name + `"`, // cut after the string
				`{"type":"event","id":"evt_0000000000001","name":"` + name,       // cut in the string
			} {
				if fast := sameDecoding(t, []byte(line)); fast != (tc.fast && strings.HasSuffix(line, "}")) {
					t.Errorf("%q: fast path %v", line, fast)
				}
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, line []byte) {
		sameDecoding(t, line)
	})
}

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/FuzzDecode from the edge cases and the demo data")

// TestFuzzSeedsHoldTheEdgeCases keeps the committed seeds of FuzzDecode in step with
// decodeCases and the first record of each type in the demo data.
func TestFuzzSeedsHoldTheEdgeCases(t *testing.T) {
	seeds := map[string]string{}
	for _, tc := range decodeCases {
		seeds[tc.name] = tc.line
	}
	demo := corpus(t)["demo"]
	for _, line := range demo {
		rec, err := ndjson.Decode(line, 7)
		if err != nil {
			t.Fatal(err)
		}
		name := "demo " + reflect.TypeOf(rec.Node()).Elem().Name()
		if _, ok := seeds[name]; !ok {
			seeds[name] = string(line)
		}
	}
	const dir = "testdata/fuzz/FuzzDecode"
	for name, line := range seeds {
		file := filepath.Join(dir, strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return '-'
		}, name))
		want := "go test fuzz v1\n[]byte(" + strconv.Quote(line) + ")\n"
		if *updateSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(file); err != nil || string(got) != want {
			t.Errorf("seed %s is missing or stale (go test ./ndjson -run TestFuzzSeeds -update-seeds): %v", file, err)
		}
	}
}
