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
	"syscall"
	"testing"

	"claimgraph/prov"
	"claimgraph/storage"
)

// The disk-full test needs a small file system: it mounts tmpfs file systems, which
// takes root. It runs in a child process in a mount namespace of its own, so that the
// mounts disappear with the child even when it is killed; where a namespace cannot be
// had it mounts in the test's own and unmounts in t.Cleanup.
const (
	diskFullChildEnv   = "CLAIMGRAPH_DISKFULL_CHILD"
	diskFullNoGuardEnv = "CLAIMGRAPH_DISKFULL_NOGUARD_DIR"
	diskFullSkip       = "DISKFULL-SKIP:"
)

func TestDiskFull(t *testing.T) {
	if os.Getenv(diskFullChildEnv) != "" {
		diskFullChild(t)
		return
	}
	if os.Getenv(diskFullNoGuardEnv) != "" {
		t.Skip("in the no-guard child")
	}
	if os.Geteuid() != 0 {
		t.Skipf("the disk-full test mounts a small tmpfs, which needs root (running as uid %d); .ci/run runs it as root", os.Geteuid())
	}
	run := func(unshare bool) ([]byte, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFull$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), diskFullChildEnv+"=1")
		if unshare {
			cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
		}
		return cmd.CombinedOutput()
	}
	out, err := run(true)
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EINVAL) {
		t.Logf("no private mount namespace (%v): mounting in the test's own, unmounted by t.Cleanup", err)
		out, err = run(false)
	}
	if i := bytes.Index(out, []byte(diskFullSkip)); i >= 0 {
		line, _, _ := bytes.Cut(out[i+len(diskFullSkip):], []byte("\n"))
		t.Skipf("disk-full test skipped: %s", bytes.TrimSpace(line))
	}
	if err != nil {
		t.Fatalf("the disk-full child failed (%v):\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "diskfull_test.go") {
			t.Log(strings.TrimSpace(l))
		}
	}
}

// mountTmpfs mounts a tmpfs of the given size on a new directory, unmounted when the
// test ends; it skips the test, saying why, when it cannot.
func mountTmpfs(t *testing.T, size string) string {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		fmt.Printf("%s mount -t tmpfs -o size=%s on %s: %v\n", diskFullSkip, size, dir, err)
		t.Skipf("mount tmpfs: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

func freeBytes(t *testing.T, dir string) uint64 {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return st.Bavail * uint64(st.Bsize)
}

// bigSource creates a source whose text (over 1 MiB) goes to the value log.
func bigSource(ctx context.Context, s *storage.Store, i int) (*prov.Source, string, error) {
	text := fmt.Sprintf("text %d: %s", i, strings.Repeat("the value log fills the disk. ", largeText/30+1))
	src, err := s.CreateSource(ctx, &prov.Source{Title: fmt.Sprintf("source %d", i), Kind: prov.SourceArticle, Text: &text})
	return src, text, err
}

func diskFullChild(t *testing.T) {
	ctx := context.Background()
	const floor = 16 << 20
	mnt := mountTmpfs(t, "48m")
	dir := filepath.Join(mnt, "data")
	ballast := filepath.Join(mnt, "ballast")
	if err := os.WriteFile(ballast, make([]byte, 8<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	open := func() *storage.Store {
		s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: floor, GCInterval: -1})
		if err != nil {
			t.Fatalf("open on the full file system: %v", err)
		}
		return s
	}
	s := open()
	defer func() { s.Close() }()
	acked := map[prov.ID]string{}
	checkAcked := func(t *testing.T) {
		t.Helper()
		for id, want := range acked {
			got, err := storedDigest(ctx, s, id)
			if err != nil || got != want {
				t.Fatalf("%s reads back %q, %v; acknowledged as %q", id, got, err, want)
			}
		}
		if err := s.Writable(); err != nil {
			t.Fatal(err)
		}
		mustVerify(t, s)
	}

	var refusal error
	t.Run("writes are refused at the floor, and the store stays sound", func(t *testing.T) {
		for i := 0; i < 100; i++ {
			src, text, err := bigSource(ctx, s, i)
			if err != nil {
				refusal = err
				break
			}
			acked[src.ID] = recordDigest(src, &text)
			c, err := s.CreateClaim(ctx, &prov.Claim{Text: fmt.Sprintf("claim %d", i)})
			if err != nil {
				refusal = err
				break
			}
			acked[c.ID] = recordDigest(c, nil)
		}
		if refusal == nil {
			t.Fatal("48 MiB took 100 large writes without refusing one")
		}
		wantErr(t, refusal, prov.EUNAVAILABLE, "below the floor of 16.0 MiB")
		if free := freeBytes(t, dir); free >= floor {
			t.Errorf("refused with %d bytes free, above the floor", free)
		}
		checkAcked(t)
		t.Logf("%d writes acknowledged, then refused: %s", len(acked), prov.ErrorMessage(refusal))
	})
	t.Run("freeing space lets writes resume", func(t *testing.T) {
		if err := os.Remove(ballast); err != nil {
			t.Fatal(err)
		}
		src, text, err := bigSource(ctx, s, 1000)
		if err != nil {
			t.Fatalf("with %d bytes free: %v", freeBytes(t, dir), err)
		}
		acked[src.ID] = recordDigest(src, &text)
		checkAcked(t)
	})
	t.Run("the store reopens on the nearly full file system", func(t *testing.T) {
		for i := 2000; ; i++ {
			if _, _, err := bigSource(ctx, s, i); err != nil {
				wantErr(t, err, prov.EUNAVAILABLE, "below the floor")
				break
			}
		}
		if err := s.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
		s = open()
		checkAcked(t)
		t.Logf("reopened with %.1f MiB free; every acknowledged write reads back", float64(freeBytes(t, dir))/(1<<20))
	})
	t.Run("a restore is refused, or stops, at the floor, and leaves nothing", func(t *testing.T) {
		diskFullRestore(t)
	})
	t.Run("without the guard Badger dies with SIGBUS and loses no acknowledged write", func(t *testing.T) {
		diskFullNoGuard(t)
	})
}

// diskFullRestore restores a 40 MiB backup onto an 80 MiB tmpfs with a floor of 16
// MiB: refused before writing when a ballast already takes the room, and stopped at
// the floor when a ballast arrives while the restore writes; the restore runs once
// the ballast is gone.
func diskFullRestore(t *testing.T) {
	ctx := context.Background()
	const floor = 16 << 20
	orig, err := storage.Open(storage.Options{Dir: filepath.Join(t.TempDir(), "orig"), MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	for i := range 38 {
		if _, _, err := bigSource(ctx, orig, i); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(t.TempDir(), "full.backup")
	f, err := os.Create(backup)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orig.Backup(ctx, f, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(backup)
	restore := func(dir string, hook func(string) error) error {
		f, err := os.Open(backup)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, _, err = storage.RestoreDir(ctx, storage.Options{Dir: dir, MinFreeBytes: floor, FaultHook: hook}, f)
		return err
	}
	mnt := mountTmpfs(t, "80m")
	dir := filepath.Join(mnt, "data")
	ballast := filepath.Join(mnt, "ballast")

	if err := os.WriteFile(ballast, make([]byte, 44<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	err = restore(dir, nil)
	wantErr(t, err, prov.EUNAVAILABLE, "not restored: the backup is", "lower --min-free")
	if _, serr := os.Stat(dir); !errors.Is(serr, os.ErrNotExist) {
		t.Fatalf("the refused restore left %s: %v", dir, serr)
	}
	t.Logf("a %.1f MiB backup with %.1f MiB free and a floor of 16 MiB: %s", float64(fi.Size())/(1<<20), float64(freeBytes(t, mnt))/(1<<20), prov.ErrorMessage(err))
	os.Remove(ballast)

	// A ballast lands once the restore has written 8 MiB, past the check of the
	// backup's size, leaving 2 MiB less than the floor free: the floor checked while
	// writing must stop the restore before the file system is full. (It lands from
	// the fault hook, between two writes of the restore: a disk that another writer
	// fills faster than the floor's margin can still reach Badger's SIGBUS.)
	tmp := filepath.Join(mnt, ".data.restoring")
	var landed error = errors.New("the restore never wrote 8 MiB")
	hook := func(op string) error {
		if landed != nil && op == "commit" && diskUsage(tmp) >= 8<<20 {
			landed = os.WriteFile(ballast, make([]byte, freeBytes(t, mnt)-(floor-2<<20)), 0o644)
		}
		return nil
	}
	err = restore(dir, hook)
	if landed != nil {
		t.Fatal(landed)
	}
	wantErr(t, err, prov.EUNAVAILABLE, "below the floor of 16.0 MiB", "lower --min-free")
	for _, p := range []string{dir, tmp} {
		if _, serr := os.Stat(p); !errors.Is(serr, os.ErrNotExist) {
			t.Fatalf("the stopped restore left %s: %v", p, serr)
		}
	}
	t.Logf("a ballast landing mid-restore: %s; nothing left behind", prov.ErrorMessage(err))
	os.Remove(ballast)
	if err := restore(dir, nil); err != nil {
		t.Fatalf("with the ballast gone: %v", err)
	}
}

// diskUsage returns the disk space the files directly in dir take.
func diskUsage(dir string) int64 {
	entries, _ := os.ReadDir(dir)
	var n int64
	for _, e := range entries {
		var st syscall.Stat_t
		if syscall.Stat(filepath.Join(dir, e.Name()), &st) == nil {
			n += st.Blocks * 512
		}
	}
	return n
}

// diskFullNoGuard runs a grandchild that writes with the guard off until the file
// system is full, and checks how it dies and what it leaves.
func diskFullNoGuard(t *testing.T) {
	ctx := context.Background()
	mnt := mountTmpfs(t, "24m")
	dir := filepath.Join(mnt, "data")
	ballast := filepath.Join(mnt, "ballast")
	if err := os.WriteFile(ballast, make([]byte, 4<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDiskFullNoGuard$", "-test.count=1")
	cmd.Env = append(os.Environ(), diskFullNoGuardEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	acked := map[prov.ID]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "ACK" {
			id, perr := prov.ParseID(f[1])
			if perr != nil {
				t.Fatal(perr)
			}
			acked[id] = f[2]
		}
	}
	if err == nil {
		t.Fatalf("the unguarded writer filled 24 MiB and exited normally: %s", out)
	}
	if !strings.Contains(stderr.String(), "SIGBUS") {
		t.Fatalf("the unguarded writer died (%v) without SIGBUS:\n%s", err, tail(stderr.String(), 2000))
	}
	fault, _, _ := strings.Cut(stderr.String()[strings.Index(stderr.String(), "SIGBUS"):], "\n")
	where := ""
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(l, "github.com/dgraph-io/badger/v4") {
			where = " in " + l
			break
		}
	}
	t.Logf("the unguarded writer died after %d acknowledged writes: %s%s", len(acked), fault, where)

	if err := os.Remove(ballast); err != nil {
		t.Fatal(err)
	}
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatalf("reopen after the SIGBUS: %v", err)
	}
	defer s.Close()
	for id, want := range acked {
		got, err := storedDigest(ctx, s, id)
		if err != nil || got != want {
			t.Fatalf("%s reads back %q, %v; acknowledged as %q", id, got, err, want)
		}
	}
	if err := s.Writable(); err != nil {
		t.Fatalf("read-only after the SIGBUS: %v", err)
	}
	mustVerify(t, s)
}

// TestDiskFullNoGuard is the unguarded writer of TestDiskFull; run on its own it does
// nothing.
func TestDiskFullNoGuard(t *testing.T) {
	dir := os.Getenv(diskFullNoGuardEnv)
	if dir == "" {
		t.Skip("the child of TestDiskFull")
	}
	ctx := context.Background()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; i < 100; i++ {
		src, text, err := bigSource(ctx, s, i)
		if err != nil {
			fmt.Fprintf(w, "ERR %v\n", err)
			w.Flush()
			os.Exit(4)
		}
		fmt.Fprintf(w, "ACK %s %s\n", src.ID, recordDigest(src, &text))
		w.Flush()
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
