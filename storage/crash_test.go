package storage_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"claimgraph/prov"
	"claimgraph/storage"
)

// The crash test runs this test binary again as a child that writes to an on-disk
// store and reports each acknowledged write on stdout; the parent kills it with
// SIGKILL at a random moment and checks that the reopened store holds every write it
// was told about.
const (
	crashDirEnv  = "CLAIMGRAPH_CRASH_CHILD_DIR"
	crashSeedEnv = "CLAIMGRAPH_CRASH_CHILD_SEED"
)

// largeText is the size of the source texts that go to Badger's value log: values of
// 1 MiB (its default ValueThreshold) or more are stored there, not in the LSM tree.
const largeText = 1<<20 + 64<<10

// TestCrashChild is the child of TestCrash; run on its own it does nothing.
//
// Protocol, one line each: "READY <head>" once the store is open; "TRY <id> <digest>"
// before an update or delete of an acknowledged node (digest "DEL" for a delete);
// "ACK <id> <digest>" once a write returned without error. The digest is
// recordDigest of the node as the write returned it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("the child of TestCrash")
	}
	seed, _ := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	ctx := context.Background()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1})
	if err != nil {
		say("ERR open: %v", err)
		os.Exit(3)
	}
	if err := s.Writable(); err != nil {
		say("ERR writable: %v", err)
		os.Exit(3)
	}
	say("READY %d", s.Head().Seq)
	rng := rand.New(rand.NewPCG(seed, seed>>1|1))
	letters := "abcdefghijklmnopqrstuvwxyz      "
	words := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	fail := func(what string, err error) {
		say("ERR %s: %v", what, err)
		os.Exit(3)
	}
	var actors, claims []prov.ID
	for i := 0; ; i++ {
		tag := fmt.Sprintf("%d-%d", seed, i)
		switch r := rng.IntN(100); {
		case r < 15:
			a, err := s.CreateActor(ctx, &prov.Actor{Name: "actor " + tag, Kind: prov.ActorPerson})
			if err != nil {
				fail("create actor", err)
			}
			actors = append(actors, a.ID)
			say("ACK %s %s", a.ID, recordDigest(a, nil))
		case r < 35:
			size := 200 + rng.IntN(4000)
			if r < 25 {
				size = largeText + rng.IntN(256<<10)
			}
			text := tag + " " + words(size)
			src, err := s.CreateSource(ctx, &prov.Source{Title: "source " + tag, Kind: prov.SourceArticle, Text: &text})
			if err != nil {
				fail("create source", err)
			}
			say("ACK %s %s", src.ID, recordDigest(src, &text))
		case r < 70 || len(claims) == 0:
			c := &prov.Claim{Text: "claim " + tag + " " + words(100+rng.IntN(2000))}
			if len(actors) > 0 {
				c.ClaimantID = actors[rng.IntN(len(actors))]
			}
			c, err := s.CreateClaim(ctx, c)
			if err != nil {
				fail("create claim", err)
			}
			claims = append(claims, c.ID)
			say("ACK %s %s", c.ID, recordDigest(c, nil))
		case r < 90:
			id := claims[rng.IntN(len(claims))]
			old, err := s.Claim(ctx, id)
			if err != nil {
				fail("read claim", err)
			}
			next := *old
			next.Text = "updated " + tag + " " + words(100+rng.IntN(2000))
			say("TRY %s %s", id, recordDigest(&next, nil))
			c, err := s.UpdateClaim(ctx, id, func(c *prov.Claim) error { c.Text = next.Text; return nil })
			if err != nil {
				fail("update claim", err)
			}
			say("ACK %s %s", id, recordDigest(c, nil))
		default:
			k := rng.IntN(len(claims))
			id := claims[k]
			claims = append(claims[:k], claims[k+1:]...)
			say("TRY %s DEL", id)
			if _, err := s.DeleteClaim(ctx, id); err != nil {
				fail("delete claim", err)
			}
			say("ACK %s DEL", id)
		}
	}
}

func TestCrash(t *testing.T) {
	if os.Getenv(crashDirEnv) != "" {
		t.Skip("in the child")
	}
	cycles := 8
	switch {
	case longRun():
		cycles = 30
	case testing.Short():
		cycles = 3
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("CLAIMGRAPH_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (rerun with CLAIMGRAPH_CRASH_SEED=%d), %d cycles", seed, seed, cycles)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")

	want := map[prov.ID]string{} // acknowledged state: digest, or "DEL"
	acked, checked, committedInFlight := 0, 0, 0
	for cycle := range cycles {
		delay := time.Duration(30+rng.IntN(600)) * time.Millisecond
		lines, inFlight, exit := runCrashChild(t, dir, rng.Uint64(), delay)
		acks := 0
		for _, l := range lines {
			f := strings.Fields(l)
			switch {
			case len(f) == 3 && f[0] == "ACK":
				want[mustParseID(t, f[1])] = f[2]
				acks++
			case len(f) >= 1 && f[0] == "ERR":
				t.Fatalf("cycle %d: the child failed: %s", cycle, l)
			}
		}
		acked += acks
		if exit != nil {
			t.Fatalf("cycle %d: the child was not killed but %v; its last lines: %q", cycle, exit, lines[max(0, len(lines)-3):])
		}

		// Check the crashed store in place on odd cycles, which closes it cleanly; on
		// even ones check a copy, so that the next child recovers from this crash.
		check := dir
		if cycle%2 == 0 {
			check = filepath.Join(t.TempDir(), "copy")
			copyDir(t, dir, check)
		}
		s, err := storage.Open(storage.Options{Dir: check, MinFreeBytes: -1, GCInterval: -1})
		if err != nil {
			t.Fatalf("cycle %d: reopen after SIGKILL: %v", cycle, err)
		}
		if err := s.Writable(); err != nil {
			t.Fatalf("cycle %d: the store is read-only after SIGKILL: %v", cycle, err)
		}
		rep, err := s.Verify(ctx)
		if err != nil {
			t.Fatalf("cycle %d: verify after SIGKILL: %v", cycle, err)
		}
		for id, d := range want {
			got, err := storedDigest(ctx, s, id)
			if d == "DEL" && prov.ErrorCode(err) == prov.ENOTFOUND {
				got, err = "DEL", nil
			}
			if err != nil && prov.ErrorCode(err) != prov.ENOTFOUND {
				t.Fatalf("cycle %d: read %s: %v", cycle, id, err)
			}
			if got != d {
				if inFlight != nil && inFlight[0] == id.String() && (got == inFlight[1] || (inFlight[1] == "DEL" && err != nil)) {
					// The write in flight when the child died committed before the
					// acknowledgement was printed: the newer state is the right one.
					got = inFlight[1]
					want[id] = got
					committedInFlight++
				} else {
					t.Fatalf("cycle %d: %s reads back as %q (err %v), acknowledged as %q", cycle, id, got, err, d)
				}
			}
			checked++
		}
		if err := s.Close(); err != nil {
			t.Fatalf("cycle %d: close: %v", cycle, err)
		}
		t.Logf("cycle %d: killed after %v and %d acknowledged writes; %d records, audit head %d; all %d acknowledged nodes read back intact",
			cycle, delay, acks, rep.Records, rep.Head.Seq, len(want))
	}
	if acked == 0 {
		t.Fatal("no write was acknowledged in any cycle")
	}
	t.Logf("%d cycles, %d acknowledged writes, %d node checks, none lost or changed; %d updates or deletes in flight at the kill had committed",
		cycles, acked, checked, committedInFlight)
}

// runCrashChild runs TestCrashChild on dir and kills it with SIGKILL delay after it
// reports the store open. It returns the lines the child printed, the last TRY without
// its ACK (id and digest), and the child's exit when it was not the kill.
func runCrashChild(t *testing.T, dir string, seed uint64, delay time.Duration) (lines []string, inFlight []string, exit error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashSeedEnv+"="+strconv.FormatUint(seed, 10))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l := sc.Text()
			lines = append(lines, l)
			if strings.HasPrefix(l, "READY") || strings.HasPrefix(l, "ERR") {
				select {
				case <-ready:
				default:
					close(ready)
				}
			}
		}
	}()
	select {
	case <-ready:
		time.Sleep(delay)
	case <-done:
	case <-time.After(30 * time.Second):
		t.Error("the child did not report the store open within 30s")
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	werr := cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		exit = fmt.Errorf("exit %v", werr)
	}
	pending := map[string]string{}
	var last []string
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 3 {
			continue
		}
		switch f[0] {
		case "TRY":
			pending[f[1]] = f[2]
			last = f[1:]
		case "ACK":
			delete(pending, f[1])
		}
	}
	if last != nil && pending[last[0]] == last[1] {
		inFlight = last
	}
	return lines, inFlight, exit
}

func mustParseID(t *testing.T, s string) prov.ID {
	t.Helper()
	id, err := prov.ParseID(s)
	if err != nil {
		t.Fatalf("child printed a bad id %q: %v", s, err)
	}
	return id
}
