package graph

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestWriteResponse(t *testing.T) {
	for name, resp := range map[string]*graphql.Response{
		"data only, with characters encoding/json would escape": {Data: []byte(`{"claim":{"text":"a <b> & c","n":1.5e+06}}`)},
		"data and errors":     {Data: []byte(`{"claim":null}`), Errors: gqlerror.List{{Message: "Claim clm_1 not found"}}},
		"errors only":         {Errors: gqlerror.List{{Message: "bad"}}},
		"data and extensions": {Data: []byte(`{"a":1}`), Extensions: map[string]any{"x": 1}},
	} {
		t.Run(name+" reads as encoding/json writes it", func(t *testing.T) {
			var got bytes.Buffer
			writeResponse(&got, resp)
			want, _ := json.Marshal(resp)
			var g, w any
			if err := json.Unmarshal(got.Bytes(), &g); err != nil {
				t.Fatalf("wrote %s: %v", got.Bytes(), err)
			}
			json.Unmarshal(want, &w)
			if !reflect.DeepEqual(g, w) {
				t.Errorf("wrote %s, want the value of %s", got.Bytes(), want)
			}
		})
	}
}
