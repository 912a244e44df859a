package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/storage"
)

// backupFixture is a store with the demo data and a text, its full backup, changes
// after it, and the incremental backup of those changes.
type backupFixture struct {
	orig        *storage.Store
	full, incr  []byte
	fullHead    storage.Head
	incrEntries int
}

func newBackupFixture(t *testing.T) *backupFixture {
	ctx := context.Background()
	orig := MustOpenDir(t, t.TempDir())
	if _, err := orig.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	text := "Centcom said the strikes hit 85 targets."
	src := newSource(t, orig, "with text", &text)
	var full bytes.Buffer
	fh := must(orig.Backup(ctx, &full, 0))(t)
	c := newClaim(t, orig, "a new claim", prov.ID{}, prov.ID{})
	newAttribution(t, orig, c.ID, src.ID, "the strikes hit 85 targets")
	must(orig.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "a changed claim"; return nil }))(t)
	gone := newClaim(t, orig, "deleted before the incremental backup", prov.ID{}, prov.ID{})
	must(orig.DeleteClaim(ctx, gone.ID))(t)
	var incr bytes.Buffer
	must(orig.Backup(ctx, &incr, fh.Head.Seq))(t)
	return &backupFixture{orig: orig, full: full.Bytes(), incr: incr.Bytes(), fullHead: storage.Head{Seq: fh.Head.Seq},
		incrEntries: int(orig.Head().Seq - fh.Head.Seq)}
}

func restoreDir(dir string, b []byte, hook func(string) error) (storage.BackupHeader, storage.VerifyReport, error) {
	return storage.RestoreDir(context.Background(), storage.Options{Dir: dir, MinFreeBytes: -1, FaultHook: hook}, bytes.NewReader(b))
}

// openAndDiff opens the store in dir and compares it key by key with want.
func openAndDiff(t *testing.T, dir string, want *storage.Store) {
	t.Helper()
	s := MustOpenDir(t, dir)
	defer s.Close()
	if d := storage.DiffStores(want, s); d != "" {
		t.Fatalf("the restored store differs from the original: %s", d)
	}
	mustVerify(t, s)
}

func TestRestoreDir(t *testing.T) {
	fx := newBackupFixture(t)
	t.Run("restores a full backup into an absent directory, then an incremental onto it, record for record", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "restored")
		h, rep, err := restoreDir(dir, fx.full, nil)
		if err != nil || h.Kind != "full" || rep.Head.Seq != fx.fullHead.Seq {
			t.Fatalf("restore = %+v, %+v, %v", h, rep, err)
		}
		if _, _, err := restoreDir(dir, fx.incr, nil); err != nil {
			t.Fatalf("restore incremental: %v", err)
		}
		openAndDiff(t, dir, fx.orig)
		if _, err := os.Stat(filepath.Join(filepath.Dir(dir), ".restored.restoring")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the temporary directory is left: %v", err)
		}
	})
	t.Run("restores into an empty directory", func(t *testing.T) {
		dir := t.TempDir()
		if _, _, err := restoreDir(dir, fx.full, nil); err != nil {
			t.Fatal(err)
		}
		mustVerify(t, MustOpenDir(t, dir))
	})
	t.Run("refuses a directory that holds anything, naming what it holds", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("notes"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(filepath.Join(dir, "photos"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, _, err := restoreDir(dir, fx.full, nil)
		wantErr(t, err, prov.EINVALID, "is not empty", "notes.txt", "photos/")
		if got := storeFiles(t, dir); len(got) != 1 {
			t.Errorf("the directory now holds %v", got)
		}
	})
	t.Run("refuses an incremental backup where there is no store", func(t *testing.T) {
		_, _, err := restoreDir(t.TempDir(), fx.incr, nil)
		wantErr(t, err, prov.EINVALID, "holds no store")
	})

	// Count the storage calls of each restore, then fail each of a spread of them.
	counter := &faultInjector{}
	counter.arm(-1, "")
	countDir := filepath.Join(t.TempDir(), "count")
	if _, _, err := restoreDir(countDir, fx.full, counter.hook); err != nil {
		t.Fatal(err)
	}
	fullCalls := counter.calls.Load()
	var incrOps []string // every storage call of the incremental restore, in order
	if _, _, err := restoreDir(countDir, fx.incr, func(op string) error { incrOps = append(incrOps, op); return nil }); err != nil {
		t.Fatal(err)
	}
	incrCalls := int64(len(incrOps))

	spread := int64(10) // calls failed in each restore (every write of an incremental one besides)
	if longRun() {
		spread = 200
	}
	t.Run("a full restore failing at any storage call leaves no directory, and runs again", func(t *testing.T) {
		cases := 0
		for n := int64(1); n <= fullCalls; n += max(1, fullCalls/spread) {
			dir := filepath.Join(t.TempDir(), "restored")
			fi := &faultInjector{}
			fi.arm(n, "")
			if _, _, err := restoreDir(dir, fx.full, fi.hook); !injected(err) {
				t.Fatalf("call %d of %d failed: restore = %v, want the injected error", n, fullCalls, err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("call %d of %d failed: %s exists: %v", n, fullCalls, dir, err)
			}
			if _, _, err := restoreDir(dir, fx.full, nil); err != nil {
				t.Fatalf("call %d of %d failed, then restoring again: %v", n, fullCalls, err)
			}
			cases++
		}
		t.Logf("%d storage calls; %d of them failed in turn", fullCalls, cases)
	})
	t.Run("an incremental restore failing at any storage call stops at an entry, and completes when run again", func(t *testing.T) {
		base := filepath.Join(t.TempDir(), "base")
		if _, _, err := restoreDir(base, fx.full, nil); err != nil {
			t.Fatal(err)
		}
		// Every write, and a spread of the reads (most of them the verify's).
		var fail []int64
		for i, op := range incrOps {
			if n := int64(i + 1); op != "get" && op != "iterate" || n%max(1, incrCalls/int64(spread)) == 1 {
				fail = append(fail, n)
			}
		}
		cases := len(fail)
		for _, n := range fail {
			dir := filepath.Join(t.TempDir(), "restored")
			copyDir(t, base, dir)
			fi := &faultInjector{}
			fi.arm(n, "")
			if _, _, err := restoreDir(dir, fx.incr, fi.hook); !injected(err) {
				t.Fatalf("call %d of %d failed: restore = %v, want the injected error", n, incrCalls, err)
			}
			s := MustOpenDir(t, dir)
			if err := s.Writable(); err != nil {
				t.Fatalf("call %d failed: %v", n, err)
			}
			mustVerify(t, s)
			s.Close()
			if _, _, err := restoreDir(dir, fx.incr, nil); err != nil {
				t.Fatalf("call %d failed, then restoring again: %v", n, err)
			}
			openAndDiff(t, dir, fx.orig)
		}
		t.Logf("%d storage calls over %d entries (the verify after them included); %d of them failed in turn", incrCalls, fx.incrEntries, cases)
	})
}

// injected reports whether err is the injected failure, or the verify after a restore
// naming it.
func injected(err error) bool {
	return errors.Is(err, errInjected) || err != nil && strings.Contains(err.Error(), errInjected.Error())
}

const restoreChildEnv = "CLAIMGRAPH_RESTORE_CHILD"

// TestRestoreKilled kills a full restore with SIGKILL part-way, several times: the
// target directory must then be absent (or, when the kill came too late, hold the whole
// verified store), and running the restore again must work.
func TestRestoreKilled(t *testing.T) {
	if os.Getenv(restoreChildEnv) != "" {
		t.Skip("the child of TestRestoreKilled runs in TestRestoreKilledChild")
	}
	ctx := context.Background()
	work := t.TempDir()
	orig := MustOpenDir(t, filepath.Join(work, "orig"))
	for i := range 40 {
		if _, _, err := bigSource(ctx, orig, i); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(work, "full.backup")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orig.Backup(ctx, f, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	midway := 0
	for cycle, delay := range []time.Duration{0, 50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond} {
		dir := filepath.Join(work, fmt.Sprintf("restored-%d", cycle))
		cmd := exec.Command(os.Args[0], "-test.run=^TestRestoreKilledChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), restoreChildEnv+"="+backup+"|"+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "RESTORING" {
		}
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()
		tmp := filepath.Join(work, fmt.Sprintf(".restored-%d.restoring", cycle))
		_, tmpErr := os.Stat(tmp)
		if _, err := os.Stat(dir); err == nil {
			t.Logf("cycle %d: killed %s after the start, too late: the restore had finished", cycle, delay)
			openAndDiff(t, dir, orig)
			continue
		}
		if tmpErr == nil {
			midway++
		}
		if _, _, err := storage.RestoreDir(ctx, storage.Options{Dir: dir, MinFreeBytes: -1}, mustOpenFile(t, backup)); err != nil {
			t.Fatalf("cycle %d: killed %s after the start; restoring again: %v", cycle, delay, err)
		}
		openAndDiff(t, dir, orig)
	}
	if midway == 0 {
		t.Fatal("no kill came in the middle of a restore: the test proved nothing")
	}
	t.Logf("%d of 4 restores killed part-way left no store, and restored when run again", midway)
}

func mustOpenFile(t *testing.T, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestRestoreKilledChild is the restore TestRestoreKilled kills; run on its own it
// does nothing.
func TestRestoreKilledChild(t *testing.T) {
	arg := os.Getenv(restoreChildEnv)
	if arg == "" {
		t.Skip("the child of TestRestoreKilled")
	}
	backup, dir, _ := strings.Cut(arg, "|")
	f, err := os.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("RESTORING")
	if _, _, err := storage.RestoreDir(context.Background(), storage.Options{Dir: dir, MinFreeBytes: -1}, f); err != nil {
		t.Fatal(err)
	}
}
