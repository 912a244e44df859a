package ndjson_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"claimgraph/ndjson"
	"claimgraph/prov"
)

func TestRoundTrip(t *testing.T) {
	medium := "social media"
	start, end := 0, 5
	recs := []ndjson.Record{
		{Event: &prov.Event{ID: prov.NewID(prov.TypeEvent, 1), Name: "e"}},
		{Actor: &prov.Actor{ID: prov.NewID(prov.TypeActor, 1), Name: "A", Kind: prov.ActorPerson, Aliases: []string{"Ay"}}},
		{Claim: &prov.Claim{ID: prov.NewID(prov.TypeClaim, 1), Text: "t", ClaimantID: prov.NewID(prov.TypeActor, 1), Medium: &medium}},
		{Attribution: &prov.Attribution{ID: prov.NewID(prov.TypeAttribution, 1), ClaimID: prov.NewID(prov.TypeClaim, 1), SourceID: prov.NewID(prov.TypeSource, 1), Quote: "hello", Start: &start, End: &end, Kind: prov.AttributionDirect}},
	}
	var b bytes.Buffer
	w := ndjson.NewWriter(&b)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	t.Run("writes a header and one line a record, leaving unknown fields out", func(t *testing.T) {
		lines := strings.Split(strings.TrimSpace(b.String()), "\n")
		if len(lines) != 5 || lines[0] != `{"format":"claimgraph","version":1}` {
			t.Fatalf("lines = %q", lines)
		}
		if strings.Contains(b.String(), "null") || strings.Contains(lines[1], "description") {
			t.Errorf("unknown fields written: %s", b.String())
		}
	})
	t.Run("reads back what it wrote", func(t *testing.T) {
		r := ndjson.NewReader(bytes.NewReader(b.Bytes()))
		var again bytes.Buffer
		w := ndjson.NewWriter(&again)
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			w.Write(rec)
		}
		w.Flush()
		if again.String() != b.String() {
			t.Fatalf("round trip changed the bytes:\n%s\n%s", b.String(), again.String())
		}
	})
}

func TestReadErrors(t *testing.T) {
	const header = `{"format":"claimgraph","version":1}` + "\n"
	for name, tc := range map[string]struct{ in, want string }{
		"no header":       {`{"type":"event","id":"evt_0000000000001","name":"e"}`, "line 1: want the header"},
		"another version": {`{"format":"claimgraph","version":9}`, "version 9 is not supported"},
		"empty input":     {"", "empty input"},
		"bad JSON":        {header + `{"type":"event",`, "line 2"},
		"unknown type":    {header + `{"type":"planet","id":"x"}`, `line 2: unknown type "planet"`},
		"missing type":    {header + `{"id":"evt_0000000000001"}`, `line 2: missing "type"`},
		"unknown field":   {header + `{"type":"event","id":"evt_0000000000001","name":"e","colour":"red"}`, `unknown field "colour"`},
		"bad id":          {header + `{"type":"event","id":"nope","name":"e"}`, `line 2`},
		"wrong type":      {header + `{"type":"event","id":"evt_0000000000001","name":7}`, `field "name"`},
	} {
		t.Run("rejects "+name, func(t *testing.T) {
			r := ndjson.NewReader(strings.NewReader(tc.in))
			var err error
			for err == nil {
				_, err = r.Read()
			}
			if err == io.EOF || prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tc.want)
			}
		})
	}
}

func TestReadRejectsWhatIsNotText(t *testing.T) {
	const header = `{"format":"claimgraph","version":1}` + "\n"
	actor := func(name string) string {
		return header + `{"type":"actor","id":"act_0000000000001","name":"` + name + `","kind":"PERSON"}` + "\n"
	}
	for name, tc := range map[string]struct{ in, want string }{
		"an invalid byte in a value":    {actor("Bad\xffName"), `line 2: actor.name: invalid UTF-8 (byte 0xff at column 53)`},
		"a truncated sequence":          {actor("Caf\xc3"), `line 2: actor.name: invalid UTF-8 (byte 0xc3`},
		"an encoded surrogate":          {actor("\xed\xb2\x80"), `line 2: actor.name: invalid UTF-8 (byte 0xed`},
		"a lone low surrogate escape":   {actor(`x\udc80`), `line 2: actor.name: \udc80 at column 51 is a lone UTF-16 surrogate`},
		"a lone high surrogate escape":  {actor(`\uD83D.`), `line 2: actor.name: \ud83d at column 50 is a lone UTF-16 surrogate`},
		"a high surrogate at the end":   {actor(`\ud83d`), `line 2: actor.name: \ud83d`},
		"a bad byte in an array":        {header + "{\"type\":\"actor\",\"id\":\"act_0000000000001\",\"name\":\"A\",\"kind\":\"PERSON\",\"aliases\":[\"ok\",\"b\xfe\"]}", `line 2: actor.aliases[1]: invalid UTF-8 (byte 0xfe`},
		"a bad byte in a nested object": {header + "{\"type\":\"claim\",\"id\":\"clm_0000000000001\",\"text\":\"t\",\"extraction\":{\"model\":\"m\x80\"}}", `line 2: claim.extraction.model: invalid UTF-8 (byte 0x80`},
		"a bad byte in a member name":   {header + "{\"type\":\"event\",\"id\":\"evt_0000000000001\",\"na\xffme\":\"e\"}", `line 2: event.a member name: invalid UTF-8`},
		"a bad byte outside strings":    {header + `{"type":"event","id":"evt_0000000000001","name":"e"}` + "\xff\n", `line 2: invalid UTF-8 outside a string`},
		"a bad byte in the header":      {"{\"format\":\"claim\xffgraph\",\"version\":1}\n", `line 1: header format: invalid UTF-8`},
		"a bad byte before the type":    {header + "{\"name\":\"B\xffd\",\"type\":\"event\",\"id\":\"evt_0000000000001\"}", `line 2: name: invalid UTF-8`},
	} {
		t.Run("rejects "+name+" naming the line and field", func(t *testing.T) {
			r := ndjson.NewReader(strings.NewReader(tc.in))
			var err error
			for err == nil {
				_, err = r.Read()
			}
			if err == io.EOF || prov.ErrorCode(err) != prov.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tc.want)
			}
		})
	}
	for name, tc := range map[string]struct{ in, want string }{
		"a surrogate pair escape":        {actor(`\ud83d\ude00`), "\U0001F600"},
		"an escaped backslash before ud": {actor(`a\\udc80`), `a\udc80`},
		"raw UTF-8":                      {actor("Café 😀"), "Café 😀"},
	} {
		t.Run("reads "+name, func(t *testing.T) {
			r := ndjson.NewReader(strings.NewReader(tc.in))
			rec, err := r.Read()
			if err != nil || rec.Actor == nil || rec.Actor.Name != tc.want {
				t.Fatalf("Read = %+v, %v; want the actor named %q", rec.Actor, err, tc.want)
			}
		})
	}
}

func TestDecodeLines(t *testing.T) {
	good := []string{
		`{"type":"event","id":"evt_0000000000001","name":"e"}`,
		`{"type":"actor","id":"act_0000000000001","name":"A","kind":"PERSON","aliases":["Ay"]}`,
		`{ "id":"clm_0000000000001", "type":"claim", "text":"written another way"}`,
		`{"type":"claim","id":"clm_0000000000002","text":"t","claimant":"act_0000000000001"}`,
	}
	bad := map[string]string{
		"an unknown field":              `{"type":"event","id":"evt_0000000000002","name":"x","colour":"red"}`,
		"two values on a line":          `{"type":"event","id":"evt_0000000000002","name":"x"} {"type":"event"}`,
		"a line the next one completes": `{"type":"event","id":"evt_0000000000002",` + "\n" + `"name":"x"}`,
		"a field of the wrong type":     `{"type":"event","id":"evt_0000000000002","name":7}`,
		"an unknown type":               `{"type":"planet","id":"evt_0000000000002"}`,
		"malformed JSON":                `{"type":"event","id":`,
	}
	// decodeEach is what DecodeLines must agree with: Decode, line by line.
	decodeEach := func(lines []string) ([]ndjson.Record, error) {
		var out []ndjson.Record
		for i, l := range lines {
			rec, err := ndjson.Decode([]byte(l), i+2)
			if err != nil {
				return out, err
			}
			out = append(out, rec)
		}
		return out, nil
	}
	decodeLines := func(lines []string) ([]ndjson.Record, error) {
		var data []byte
		var ends, nums []int
		for i, l := range lines {
			data = append(data, l...)
			ends = append(ends, len(data))
			nums = append(nums, i+2)
			data = append(data, '\n')
		}
		return ndjson.DecodeLines(data, ends, nums)
	}
	same := func(t *testing.T, lines []string) {
		t.Helper()
		want, wantErr := decodeEach(lines)
		got, err := decodeLines(lines)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("error %v, want %v", err, wantErr)
		}
		var a, b bytes.Buffer
		for _, w := range []struct {
			buf  *bytes.Buffer
			recs []ndjson.Record
		}{{&a, got}, {&b, want}} {
			wr := ndjson.NewWriter(w.buf)
			for _, r := range w.recs {
				wr.Write(r)
			}
			wr.Flush()
		}
		if a.String() != b.String() {
			t.Errorf("records differ:\n%s\nwant:\n%s", a.String(), b.String())
		}
	}
	t.Run("decodes good lines as Decode does", func(t *testing.T) { same(t, good) })
	for name, line := range bad {
		t.Run("stops at "+name+" with Decode's error", func(t *testing.T) {
			lines := append(append(append([]string{}, good[:2]...), strings.Split(line, "\n")...), good[2:]...)
			same(t, lines)
			if _, err := decodeLines(lines); err == nil {
				t.Error("no error")
			}
		})
	}
}
