package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"claimgraph/storage"
)

const (
	sweepEnv       = "CLAIMGRAPH_SWEEP"        // flip every Nth byte of the table
	sweepCutEnv    = "CLAIMGRAPH_SWEEP_CUT"    // or cut the table at every Nth byte
	sweepBeforeEnv = "CLAIMGRAPH_SWEEP_BEFORE" // open as before checkTables
	sweepChildEnv  = "CLAIMGRAPH_SWEEP_CHILD"  // dir|export file: the child's case
)

// TestTableDamageSweep damages the corruption matrix's table (the newest .sst) at
// every Nth byte, one case at a time, and opens each copy in a child process, so that
// a crash is counted rather than ending the run; it logs how many cases the store
// refused, opened read-only, opened with verify failing, read back intact, served
// wrong, or crashed on. CLAIMGRAPH_SWEEP=N flips bytes, CLAIMGRAPH_SWEEP_CUT=N cuts
// the file; CLAIMGRAPH_SWEEP_BEFORE=1 opens the way the store did before checkTables
// (Badger's OnTableRead verifying the tables). docs/INTEGRITY.md shows its figures.
func TestTableDamageSweep(t *testing.T) {
	step, _ := strconv.Atoi(os.Getenv(sweepEnv))
	cut, _ := strconv.Atoi(os.Getenv(sweepCutEnv))
	if step <= 0 && cut <= 0 {
		t.Skipf("set %s=N or %s=N to sweep the table's bytes", sweepEnv, sweepCutEnv)
	}
	pristine, wantExport, _ := buildCorruptionStore(t)
	exportFile := filepath.Join(t.TempDir(), "want.ndjson")
	if err := os.WriteFile(exportFile, []byte(wantExport), 0o644); err != nil {
		t.Fatal(err)
	}
	sst := newest(storeFiles(t, pristine), ".sst")
	fi, err := os.Stat(filepath.Join(pristine, sst))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var examples []string
	every := max(step, cut)
	for off := int64(every); off < fi.Size(); off += int64(every) {
		dir := filepath.Join(t.TempDir(), "data")
		copyDir(t, pristine, dir)
		path := filepath.Join(dir, sst)
		if cut > 0 {
			err = os.Truncate(path, off)
		} else {
			err = flipByte(path, off)
		}
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestTableDamageSweepChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), sweepChildEnv+"="+dir+"|"+exportFile)
		out, _ := cmd.CombinedOutput()
		kind := "crashed"
		if i := bytes.Index(out, []byte("OUTCOME ")); i >= 0 {
			kind, _, _ = strings.Cut(string(out[i+len("OUTCOME "):]), "\n")
		} else if len(examples) < 3 {
			line, _, _ := strings.Cut(string(out), "\n")
			examples = append(examples, fmt.Sprintf("byte %d: %s", off, line))
		}
		counts[kind]++
		os.RemoveAll(filepath.Dir(dir))
	}
	damage := fmt.Sprintf("flip every %d-th byte", step)
	if cut > 0 {
		damage = fmt.Sprintf("cut at every %d-th byte", cut)
	}
	mode := "with checkTables"
	if os.Getenv(sweepBeforeEnv) == "1" {
		mode = "before checkTables (OnTableRead)"
	}
	t.Logf("%s of %s (%d bytes), %s: %v; crashes, e.g.: %q", damage, sst, fi.Size(), mode, counts, examples)
}

// TestTableDamageSweepChild opens one damaged copy for TestTableDamageSweep and prints
// what the store did; run on its own it does nothing.
func TestTableDamageSweepChild(t *testing.T) {
	arg := os.Getenv(sweepChildEnv)
	if arg == "" {
		t.Skip("the child of TestTableDamageSweep")
	}
	if os.Getenv(sweepBeforeEnv) == "1" {
		storage.OpenAsBeforeTableCheck()
	}
	dir, exportFile, _ := strings.Cut(arg, "|")
	want, err := os.ReadFile(exportFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	outcome := func() string {
		s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
		if err != nil {
			return "refused"
		}
		defer s.Close()
		if s.Writable() != nil {
			return "read-only"
		}
		if _, err := s.Verify(ctx); err != nil {
			return "verify fails"
		}
		var b bytes.Buffer
		if err := s.Export(ctx, &b); err != nil || !bytes.Equal(b.Bytes(), want) {
			return "SERVES WRONG DATA"
		}
		return "intact"
	}()
	fmt.Printf("OUTCOME %s\n", outcome)
}
