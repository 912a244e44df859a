package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"claimgraph/httpguard"
)

// The extensions.reason of the transport's refusals (code INVALID, status 400 unless
// said).
const (
	ReasonBadJSON         = "BAD_JSON"          // the body is not one JSON object
	ReasonBadParameter    = "BAD_PARAMETER"     // query, operationName, variables or extensions of the wrong type
	ReasonInvalidUTF8     = "INVALID_UTF8"      // text that is not UTF-8, or an escaped lone surrogate
	ReasonNoQuery         = "NO_QUERY"          // neither a query nor a persisted query's hash
	ReasonMutationOverGET = "MUTATION_OVER_GET" // 405: GET runs queries only
	ReasonMethod          = httpguard.ReasonMethodNotAllowed
	ReasonMediaType       = httpguard.ReasonUnsupportedMediaType
)

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// transport serves GraphQL over HTTP: a JSON object POSTed, or the parameters of a
// GET's query string (queries only). Unlike gqlgen's own transports it gives every
// refusal an extensions.code, never echoes a request back, refuses text that is not
// UTF-8 before a decoder replaces it, and leaves the data entry out of a response to
// a request refused as a whole.
type transport struct{}

var _ graphql.Transport = transport{}

// Supports takes every request that is not a protocol upgrade, so that a method or
// media type it does not serve gets a coded answer rather than gqlgen's.
func (transport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") == "" }

func (transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	var params *graphql.RawParams
	var fail *transportError
	switch r.Method {
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != mediaJSON {
			writeTransportError(w, &transportError{http.StatusUnsupportedMediaType, ReasonMediaType,
				"a POST must have Content-Type: application/json"})
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeTransportError(w, &transportError{http.StatusBadRequest, httpguard.ReasonBadRequest, "could not read the request body"})
			return
		}
		params, fail = postParams(body)
	case http.MethodGet:
		params, fail = getParams(r.URL.RawQuery)
	default:
		w.Header().Set("Allow", "GET, POST")
		writeTransportError(w, &transportError{http.StatusMethodNotAllowed, ReasonMethod,
			fmt.Sprintf("method %s is not allowed: use GET for queries or POST", r.Method)})
		return
	}
	if fail != nil {
		writeTransportError(w, fail)
		return
	}
	if params.Query == "" && params.Extensions["persistedQuery"] == nil {
		writeTransportError(w, &transportError{http.StatusBadRequest, ReasonNoQuery,
			`the request has no query: send {"query": "{ … }"} (or a persisted query's hash in extensions)`})
		return
	}
	params.Headers = r.Header
	params.ReadTime.Start = graphql.Now()
	params.ReadTime.End = params.ReadTime.Start

	contentType := responseType(r)
	w.Header().Set("Content-Type", contentType)
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		// The status follows the errors' kind, read before the presenter recodes them.
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == mediaGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		w.WriteHeader(status)
		writeJSON(w, struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation != nil && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeTransportError(w, &transportError{http.StatusMethodNotAllowed, ReasonMutationOverGET,
			fmt.Sprintf("a GET may only run a query: send the %s as a POST", opCtx.Operation.Operation)})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	writeResponse(w, responses(ctx))
}

// writeResponse writes a response. One that is only data, as almost every answer
// is, is written as {"data":…} around the executor's bytes: encoding/json would
// re-validate and re-escape them (a sixth of a claim trace), though both executors
// write valid, compact JSON.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if resp == nil || len(resp.Errors) > 0 || len(resp.Extensions) > 0 || resp.Label != "" || resp.Path != nil || resp.HasNext != nil || len(resp.Data) == 0 {
		writeJSON(w, resp)
		return
	}
	b := make([]byte, 0, len(resp.Data)+len(`{"data":}`))
	b = append(append(append(b, `{"data":`...), resp.Data...), '}')
	w.Write(b)
}

// transportError is a refusal of the request before it reaches GraphQL.
type transportError struct {
	status  int
	reason  string
	message string
}

func writeTransportError(w http.ResponseWriter, e *transportError) {
	httpguard.WriteError(w, e.status, codeInvalid, e.reason, e.message, nil)
}

func writeJSON(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("graph: marshal a response: %v", err))
	}
	w.Write(b)
}

// responseType is the media type of the answer: application/graphql-response+json
// when the client asks for it before application/json, else application/json.
func responseType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// postParams reads the parameters of a POST's JSON body.
func postParams(body []byte) (*graphql.RawParams, *transportError) {
	if bad, ok := badText(body); ok {
		return nil, &transportError{http.StatusBadRequest, ReasonInvalidUTF8, bad.describe("the request body")}
	}
	t := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(t) == 0:
		return nil, &transportError{http.StatusBadRequest, ReasonBadJSON, `the request body is empty: send a JSON object, {"query": "{ … }"}`}
	case t[0] != '{':
		return nil, &transportError{http.StatusBadRequest, ReasonBadJSON, `the request body must be a JSON object, {"query": "{ … }"}`}
	}
	p := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			want := "a string"
			if te.Field == "variables" || te.Field == "extensions" {
				want = "a JSON object"
			}
			return nil, &transportError{http.StatusBadRequest, ReasonBadParameter,
				fmt.Sprintf("%s: must be %s, not %s", te.Field, want, jsonKindName(te.Value))}
		}
		return nil, &transportError{http.StatusBadRequest, ReasonBadJSON, "the request body is not valid JSON: " + describeJSONError(err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &transportError{http.StatusBadRequest, ReasonBadJSON, "the request body goes on after its JSON object: send one object"}
	}
	return p, nil
}

// jsonKindName gives encoding/json's name of a JSON value's kind its article.
func jsonKindName(kind string) string {
	switch {
	case strings.HasPrefix(kind, "number"):
		return "a number"
	case kind == "bool":
		return "a boolean"
	case kind == "object", kind == "array":
		return "an " + kind
	case kind == "string":
		return "a string"
	}
	return kind
}

// getParams reads the parameters of a GET's query string: query and operationName
// as they are, variables and extensions as JSON objects.
func getParams(rawQuery string) (*graphql.RawParams, *transportError) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, &transportError{http.StatusBadRequest, ReasonBadParameter, "the query string is malformed: " + err.Error()}
	}
	for name, vs := range q {
		for _, v := range vs {
			if !utf8.ValidString(v) {
				i := invalidUTF8At([]byte(v))
				return nil, &transportError{http.StatusBadRequest, ReasonInvalidUTF8,
					fmt.Sprintf("the query parameter %q is not valid UTF-8 (byte 0x%02X at offset %d of its value)", name, v[i], i)}
			}
		}
	}
	p := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for _, jp := range []struct {
		name string
		dst  *map[string]any
	}{{"variables", &p.Variables}, {"extensions", &p.Extensions}} {
		v := q.Get(jp.name)
		if v == "" {
			continue
		}
		if bad, ok := badText([]byte(v)); ok {
			bad.path = joinPath(jp.name, bad.path)
			return nil, &transportError{http.StatusBadRequest, ReasonInvalidUTF8, bad.describe("the " + jp.name + " parameter")}
		}
		if !json.Valid([]byte(v)) {
			err := json.Unmarshal([]byte(v), new(any))
			return nil, &transportError{http.StatusBadRequest, ReasonBadParameter,
				fmt.Sprintf("%s: not valid JSON: %s", jp.name, describeJSONError(err))}
		}
		m, fail := objectParam(jp.name, json.RawMessage(v))
		if fail != nil {
			return nil, fail
		}
		*jp.dst = m
	}
	return p, nil
}

func objectParam(name string, raw json.RawMessage) (map[string]any, *transportError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if jsonKind(raw) != "an object" {
		return nil, &transportError{http.StatusBadRequest, ReasonBadParameter, fmt.Sprintf("%s: must be a JSON object, not %s", name, jsonKind(raw))}
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, &transportError{http.StatusBadRequest, ReasonBadParameter, fmt.Sprintf("%s: %s", name, describeJSONError(err))}
	}
	return m, nil
}

// jsonKind names the kind of a JSON value, with its article.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimLeft(raw, " \t\r\n")
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// describeJSONError words a decoding error without quoting the input back.
func describeJSONError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "it ends too soon"
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s is of the wrong type (at byte %d)", te.Value, te.Offset)
	}
	return err.Error()
}
