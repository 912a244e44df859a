package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/99designs/gqlgen/client"

	"claimgraph/graph"
	"claimgraph/storage/storagetest"
)

// TestReadmeExamples runs every example query in README.md against the demo data and
// compares the answer with the output the README shows.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile("(?s)```graphql\n(.*?)```\n\n```json\n(.*?)```").FindAllSubmatch(readme, -1)
	if len(pairs) < 3 {
		t.Fatalf("README shows %d example queries with output, want 3", len(pairs))
	}
	c := client.New(graph.NewHandler(storagetest.MustOpenDemo(t), nil))
	for i, p := range pairs {
		resp, err := c.RawPost(string(p[1]))
		if err != nil {
			t.Fatalf("example %d: %v", i+1, err)
		}
		// data alone could match while a field failed: a failed nullable field is
		// null in data and its error is only in errors.
		if len(resp.Errors) > 0 && string(resp.Errors) != "null" {
			t.Errorf("example %d answers with errors: %s", i+1, resp.Errors)
		}
		got, _ := json.Marshal(map[string]any{"data": resp.Data})
		var want any
		if err := json.Unmarshal(p[2], &want); err != nil {
			t.Fatalf("example %d: the README's output is not JSON: %v", i+1, err)
		}
		wantJSON, _ := json.Marshal(want)
		if !bytes.Equal(normalize(t, got), wantJSON) {
			t.Errorf("example %d: the README shows\n%s\nbut the query now answers\n%s", i+1, wantJSON, got)
		}
	}
}

func normalize(t *testing.T, b []byte) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return out
}

// TestReadmeDocumentsEveryFlag fails when a command has a flag the README does not
// name.
func TestReadmeDocumentsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	flagRE := regexp.MustCompile(`(?m)^\s+-([a-z][a-z0-9-]*)`)
	for name, cmd := range commands {
		var help bytes.Buffer
		args := []string{"-h"}
		if name == "token" {
			args = []string{"create", "-h"}
		}
		cmd(context.Background(), args, &help, &help)
		flags := flagRE.FindAllStringSubmatch(help.String(), -1)
		if len(flags) == 0 {
			t.Errorf("%s -h lists no flags:\n%s", name, help.String())
		}
		for _, f := range flags {
			if !bytes.Contains(readme, []byte("--"+f[1])) {
				t.Errorf("README does not document %s --%s", name, f[1])
			}
		}
	}
}
