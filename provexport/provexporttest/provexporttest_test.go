package provexporttest

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that notes a failure and stops like t.Fatal does.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Logf(string, ...any)       {}
func (r *recorder) Fatal(args ...any)         { r.fail(fmt.Sprint(args...)) }
func (r *recorder) Fatalf(f string, a ...any) { r.fail(fmt.Sprintf(f, a...)) }
func (r *recorder) fail(msg string) {
	r.failed, r.msg = true, msg
	runtime.Goexit()
}

func schemaOf(t *testing.T) (path string, r *recorder) {
	r = &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		path = Schema(r)
	}()
	<-done
	return path, r
}

func TestSchema(t *testing.T) {
	saved := ProvJSONSchema
	t.Cleanup(func() { ProvJSONSchema = saved })
	ProvJSONSchema = filepath.Join(t.TempDir(), "missing.schema.json")

	t.Run("a missing schema fails the test when PROVEXPORT_REQUIRE_NODE is set", func(t *testing.T) {
		t.Setenv("PROVEXPORT_REQUIRE_NODE", "1")
		path, r := schemaOf(t)
		if !r.failed || path != "" || !strings.Contains(r.msg, "schema is missing") {
			t.Errorf("failed %v (%q), path %q; want a failure", r.failed, r.msg, path)
		}
	})
	t.Run("a missing schema is skipped otherwise", func(t *testing.T) {
		t.Setenv("PROVEXPORT_REQUIRE_NODE", "")
		path, r := schemaOf(t)
		if r.failed || path != "" {
			t.Errorf("failed %v (%q), path %q; want no failure and no schema", r.failed, r.msg, path)
		}
	})
}
