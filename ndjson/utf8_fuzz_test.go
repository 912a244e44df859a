package ndjson

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTextError checks the text check against encoding/json: a line it passes decodes
// without a U+FFFD that the line did not spell, and a line it refuses is one the
// decoder would have changed.
func FuzzTextError(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `{"a":["x\ud83d\ude00",{"b":"\udc80"}]}`, "{\"a\":\"\xff\"}", `{"a\\":"\\ud800"}`, `"\uD800\u0041"`, `{"a":"\ufffd"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		field, msg := textError(line)
		var v any
		if json.Unmarshal(line, &v) != nil {
			return // the decoder refuses it anyway
		}
		spelled := bytes.Contains(line, []byte("\uFFFD")) || bytes.Contains(bytes.ToLower(line), []byte(`\ufffd`))
		replaced := containsReplacement(v)
		switch {
		case msg == "" && replaced && !spelled:
			t.Fatalf("passed %q, which decodes with U+FFFD", line)
		case msg != "" && !replaced:
			t.Fatalf("refused %q (%s: %s), which decodes unchanged", line, field, msg)
		case msg != "" && utf8.Valid(line) && !strings.Contains(msg, "surrogate"):
			t.Fatalf("refused valid UTF-8 %q for %s", line, msg)
		}
	})
}

func containsReplacement(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, utf8.RuneError)
	case []any:
		for _, e := range v {
			if containsReplacement(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if strings.ContainsRune(k, utf8.RuneError) || containsReplacement(e) {
				return true
			}
		}
	}
	return false
}
