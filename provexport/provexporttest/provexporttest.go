// Package provexporttest checks export documents with real parsers, for tests in any
// package: it runs provexport/js/validate.mjs (n3 for Turtle, jsonld for JSON-LD, ajv
// with the PROV-JSON JSON Schema) and returns what they read, for the test to assert
// on.
//
// It needs Node 18+ on PATH and `npm ci` run in provexport/js, and the schema at
// shared/eval/prov-json.schema.json beside the repository. Without them a test is
// skipped, or failed when PROVEXPORT_REQUIRE_NODE is set (as CI does), so that a
// broken install cannot pass as a skip.
package provexporttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// Paths of the validator and its inputs, found from this file's place in the
// repository, so that they hold whichever package's test runs them.
var (
	jsDir          = filepath.Join(packageDir(), "..", "js")
	ValidatorPath  = filepath.Join(jsDir, "validate.mjs")
	validatorDeps  = filepath.Join(jsDir, "node_modules")
	ProvJSONSchema = filepath.Join(packageDir(), "..", "..", "..", "shared", "eval", "prov-json.schema.json")
)

func packageDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "."
	}
	return filepath.Dir(file)
}

// Term is an RDF term as validate.mjs prints it.
type Term struct {
	Type     string `json:"type"` // NamedNode, BlankNode or Literal
	Value    string `json:"value"`
	Datatype string `json:"datatype"`
	Language string `json:"language"`
}

// Triple is one parsed triple.
type Triple struct{ S, P, O Term }

// Triples are a parsed Turtle document.
type Triples []Triple

// Has reports whether the document has the triple s p o with o a node, not a literal.
func (ts Triples) Has(s, p, o string) bool {
	return slices.ContainsFunc(ts, func(x Triple) bool {
		return x.S.Value == s && x.P.Value == p && x.O.Value == o && x.O.Type != "Literal"
	})
}

// Literal returns the literal objects of s p.
func (ts Triples) Literal(s, p string) []Term {
	var out []Term
	for _, x := range ts {
		if x.S.Value == s && x.P.Value == p && x.O.Type == "Literal" {
			out = append(out, x.O)
		}
	}
	return out
}

// Objects returns the values of the objects of s p.
func (ts Triples) Objects(s, p string) []string {
	var out []string
	for _, x := range ts {
		if x.S.Value == s && x.P.Value == p {
			out = append(out, x.O.Value)
		}
	}
	return out
}

// Subjects returns the subjects of p o.
func (ts Triples) Subjects(p, o string) []string {
	var out []string
	for _, x := range ts {
		if x.P.Value == p && x.O.Value == o {
			out = append(out, x.S.Value)
		}
	}
	return out
}

// Result is what validate.mjs prints; a part is nil when it was not asked for.
type Result struct {
	Turtle *struct {
		Triples Triples `json:"triples"`
		Error   string  `json:"error"`
	} `json:"turtle"`
	JSONLD *struct {
		Expanded []map[string]any `json:"expanded"`
		Error    string           `json:"error"`
	} `json:"jsonld"`
	ProvJSON *struct {
		Valid  bool     `json:"valid"`
		Errors []string `json:"errors"`
	} `json:"provJSON"`
}

// Required reports whether a missing validator or schema must fail a test rather
// than skip it.
func Required() bool { return os.Getenv("PROVEXPORT_REQUIRE_NODE") != "" }

// Require skips t when Node or the validator's packages are missing, or fails it when
// PROVEXPORT_REQUIRE_NODE is set.
func Require(t testing.TB) {
	t.Helper()
	skip := t.Skip
	if Required() {
		skip = t.Fatal
	}
	if _, err := exec.LookPath("node"); err != nil {
		skip("node is not on PATH: install Node.js 18+ and run `cd provexport/js && npm ci` to check the exports with real parsers (n3, jsonld, ajv)")
	}
	if _, err := os.Stat(validatorDeps); err != nil {
		skip("provexport/js/node_modules is missing: run `cd provexport/js && npm ci` to check the exports with real parsers (n3, jsonld, ajv)")
	}
}

// Schema returns the PROV-JSON schema's path, or "" when it is missing, which fails t
// when PROVEXPORT_REQUIRE_NODE is set.
func Schema(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(ProvJSONSchema); err != nil {
		if Required() {
			t.Fatalf("the PROV-JSON schema is missing (%v): clone the repository with shared/ beside it", err)
		}
		t.Logf("%s is missing (clone the repository with shared/ beside it): the PROV-JSON schema check is skipped", ProvJSONSchema)
		return ""
	}
	return ProvJSONSchema
}

// Run runs the validator with args (--turtle FILE, --jsonld FILE, --prov-json FILE
// --schema FILE); wantOK says whether everything must parse and validate.
func Run(t testing.TB, wantOK bool, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{ValidatorPath}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("node %s: %v\n%s", ValidatorPath, err, stderr.String())
	}
	if exit != nil && exit.ExitCode() != 1 {
		t.Fatalf("node %s: %v\n%s", ValidatorPath, err, stderr.String())
	}
	var v Result
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatalf("validator output is not JSON (%v): %.500s\n%s", err, stdout.String(), stderr.String())
	}
	if ok := err == nil; ok != wantOK {
		t.Fatalf("validator exit ok = %v, want %v: %.2000s", ok, wantOK, stdout.String())
	}
	return v
}

// Docs are the documents to check; a nil one is not checked.
type Docs struct {
	Turtle   []byte // PROV-O
	JSONLD   []byte // ClaimReview
	PROVJSON []byte // checked against the schema (skipped, or failed, as Schema says)
}

// Validate checks docs and fails t unless every one parses (and the PROV-JSON
// validates). It calls Require first.
func Validate(t testing.TB, docs Docs) Result {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	var args []string
	write := func(name string, b []byte, flag string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, flag, p)
	}
	if docs.Turtle != nil {
		write("doc.ttl", docs.Turtle, "--turtle")
	}
	if docs.JSONLD != nil {
		write("doc.jsonld", docs.JSONLD, "--jsonld")
	}
	if docs.PROVJSON != nil {
		if schema := Schema(t); schema != "" {
			write("doc.json", docs.PROVJSON, "--prov-json")
			args = append(args, "--schema", schema)
		}
	}
	if len(args) == 0 {
		t.Fatal("provexporttest.Validate: nothing to check")
	}
	return Run(t, true, args...)
}

// JSONLDNode returns the expanded node of type typ, failing t when there is none.
func JSONLDNode(t testing.TB, nodes []map[string]any, typ string) map[string]any {
	t.Helper()
	for _, n := range JSONLDNodes(nodes, typ) {
		return n
	}
	t.Fatalf("no node of type %s in %v", typ, nodes)
	return nil
}

// JSONLDNodes returns the expanded top-level nodes of type typ.
func JSONLDNodes(nodes []map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, n := range nodes {
		if types, _ := n["@type"].([]any); slices.Contains(types, any(typ)) {
			out = append(out, n)
		}
	}
	return out
}

// JSONLDValues returns the expanded values of a property: "@value"s and "@id"s.
func JSONLDValues(n map[string]any, prop string) []any {
	var out []any
	vs, _ := n[prop].([]any)
	for _, v := range vs {
		m, _ := v.(map[string]any)
		if x, ok := m["@value"]; ok {
			out = append(out, x)
		} else if x, ok := m["@id"]; ok {
			out = append(out, x)
		}
	}
	return out
}

// JSONLDObjects returns the expanded objects of a property.
func JSONLDObjects(n map[string]any, prop string) []map[string]any {
	var out []map[string]any
	vs, _ := n[prop].([]any)
	for _, v := range vs {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}
