package search_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/search"
	"claimgraph/storage"
)

// The crash tests run this test binary again as a child that writes to an on-disk
// store with its on-disk index beside it (as the server keeps them) and reports each
// write the store acknowledged on stdout; the parent kills it with SIGKILL and checks
// that the reopened index, caught up, finds every acknowledged write.
const (
	indexCrashDirEnv  = "CLAIMGRAPH_INDEX_CRASH_DIR"
	indexCrashModeEnv = "CLAIMGRAPH_INDEX_CRASH_MODE" // "pause" or "follow"
	indexCrashSeedEnv = "CLAIMGRAPH_INDEX_CRASH_SEED"
)

// TestIndexCrashChild is the child of the crash tests; run on its own it does nothing.
//
// Protocol, one line each: "READY <checkpoint>" once store and index are open and
// caught up; "TRY <id or -> <word>" before a write that puts a word in or takes it
// out (it may or may not commit before the kill); "ACK <id> <word>" once the store
// committed a claim holding the word;
// "UPD <id> <old word> <new word>" once an update replacing one by the other
// committed; "DEL <id> <word>" once a delete committed. In mode "pause" the child
// writes without catching the index up, prints "COMMITTED", and waits to be killed:
// the kill falls between the store's commits and the index's batch. In mode "follow"
// it writes with Follow catching the index up in the background until it is killed,
// at whatever point that is.
func TestIndexCrashChild(t *testing.T) {
	dir := os.Getenv(indexCrashDirEnv)
	if dir == "" {
		t.Skip("the child of the index crash tests")
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		out.Flush()
	}
	fail := func(what string, err error) {
		say("ERR %s: %v", what, err)
		os.Exit(3)
	}
	ctx := context.Background()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1})
	if err != nil {
		fail("open store", err)
	}
	x, err := search.Open(search.DefaultDir(dir))
	if err != nil {
		fail("open index", err)
	}
	if err := x.CatchUp(ctx, s); err != nil {
		fail("catch up", err)
	}
	say("READY %d", x.Checkpoint().Seq)
	seed, _ := strconv.ParseUint(os.Getenv(indexCrashSeedEnv), 10, 64)
	// "q" ends each word, so that none starts another (the claims filter matches
	// words a word starts)
	word := func(i int) string { return fmt.Sprintf("kestrel%dx%dq", seed, i) }
	if os.Getenv(indexCrashModeEnv) == "pause" {
		c, err := s.CreateClaim(ctx, &prov.Claim{Text: "Drones were seen over Tartus: " + word(0) + "."})
		if err != nil {
			fail("create", err)
		}
		say("ACK %s %s", c.ID, word(0))
		if _, err := s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "Drones were seen over Latakia: " + word(1) + "."; return nil }); err != nil {
			fail("update", err)
		}
		say("UPD %s %s %s", c.ID, word(0), word(1))
		d, err := s.CreateClaim(ctx, &prov.Claim{Text: "A convoy was hit near Homs: " + word(2) + "."})
		if err != nil {
			fail("create", err)
		}
		say("ACK %s %s", d.ID, word(2))
		if _, err := s.DeleteClaim(ctx, d.ID); err != nil {
			fail("delete", err)
		}
		say("DEL %s %s", d.ID, word(2))
		say("COMMITTED %d", s.Head().Seq)
		select {} // killed here, the index never told
	}
	go x.Follow(ctx, s, time.Millisecond, func(err error) { fail("follow", err) })
	rng := rand.New(rand.NewPCG(seed, 7))
	var live []prov.ID
	words := map[prov.ID]string{}
	for i := 0; ; i++ {
		switch {
		case len(live) > 0 && rng.IntN(5) == 0:
			k := rng.IntN(len(live))
			id := live[k]
			say("TRY %s %s", id, words[id])
			if _, err := s.DeleteClaim(ctx, id); err != nil {
				fail("delete", err)
			}
			live = append(live[:k], live[k+1:]...)
			say("DEL %s %s", id, words[id])
		case len(live) > 0 && rng.IntN(4) == 0:
			id := live[rng.IntN(len(live))]
			say("TRY %s %s", id, word(i))
			if _, err := s.UpdateClaim(ctx, id, func(c *prov.Claim) error { c.Text = "Revised: " + word(i) + "."; return nil }); err != nil {
				fail("update", err)
			}
			say("UPD %s %s %s", id, words[id], word(i))
			words[id] = word(i)
		default:
			say("TRY - %s", word(i))
			c, err := s.CreateClaim(ctx, &prov.Claim{Text: "Drones were seen near " + word(i) + "."})
			if err != nil {
				fail("create", err)
			}
			live = append(live, c.ID)
			words[c.ID] = word(i)
			say("ACK %s %s", c.ID, word(i))
		}
	}
}

// runIndexCrashChild runs TestIndexCrashChild on dir in mode and kills it: in mode
// "pause" once it reports its writes committed, else delay after it reports ready. It
// returns the lines the child printed.
func runIndexCrashChild(t *testing.T, dir, mode string, seed uint64, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), indexCrashDirEnv+"="+dir, indexCrashModeEnv+"="+mode, indexCrashSeedEnv+"="+strconv.FormatUint(seed, 10))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var lines []string
	signal := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l := sc.Text()
			lines = append(lines, l)
			for _, p := range []string{"READY", "COMMITTED", "ERR"} {
				if strings.HasPrefix(l, p) {
					select {
					case signal <- p:
					default:
					}
				}
			}
		}
	}()
	deadline := time.After(60 * time.Second)
wait:
	for {
		select {
		case p := <-signal:
			if p == "ERR" || p == "COMMITTED" {
				break wait
			}
			if mode != "pause" {
				time.Sleep(delay)
				break wait
			}
		case <-done:
			break wait
		case <-deadline:
			t.Error("the child did not get to its kill point within 60s")
			break wait
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child was not killed but exited %v; its lines: %q", cmd.ProcessState, lines)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "ERR") {
			t.Fatalf("the child failed: %s", l)
		}
	}
	return lines
}

// crashExpectations reads a child's lines: the words that must find their claim
// (acknowledged and not replaced or deleted since, as far as the child reported), and
// every word a write touched.
func crashExpectations(t *testing.T, lines []string, present map[string]prov.ID, touched map[string]bool) {
	t.Helper()
	for _, l := range lines {
		f := strings.Fields(l)
		switch {
		case len(f) == 3 && f[0] == "TRY":
			touched[f[2]] = true
			// until its write is acknowledged, the claim's words may be old or new
			for w, id := range present {
				if id.String() == f[1] {
					delete(present, w)
				}
			}
		case len(f) == 3 && f[0] == "ACK":
			present[f[2]] = id(f[1])
			touched[f[2]] = true
		case len(f) == 4 && f[0] == "UPD":
			delete(present, f[2])
			present[f[3]] = id(f[1])
			touched[f[2]], touched[f[3]] = true, true
		case len(f) == 3 && f[0] == "DEL":
			delete(present, f[2])
			touched[f[2]] = true
		}
	}
}

// newCrashStore returns a directory holding the demo store.
func newCrashStore(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(context.Background(), bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reopenAfterCrash opens the store and index the child left and catches the index up;
// the caller closes the store.
func reopenAfterCrash(t *testing.T, dir string) (*storage.Store, *search.Index, storage.Head, search.CatchUpStats) {
	t.Helper()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatalf("reopen the store after SIGKILL: %v", err)
	}
	x := mustOpenIndex(t, search.DefaultDir(dir))
	before := x.Checkpoint()
	if err := x.CatchUp(context.Background(), s); err != nil {
		t.Fatalf("catch up after SIGKILL: %v", err)
	}
	return s, x, before, x.LastCatchUp()
}

// checkCrashWords checks that the claims filter and search find, for every word a
// write touched, exactly the claims the store's own scan finds (whether or not the
// write in flight at the kill committed), and that the acknowledged words are among
// them.
func checkCrashWords(t *testing.T, x *search.Index, s *storage.Store, present map[string]prov.ID, touched map[string]bool) {
	t.Helper()
	ctx := context.Background()
	for w := range touched {
		truth, err := s.Claims(ctx, storage.ClaimFilter{Text: w}, storage.Page{First: storage.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, c := range truth.Items {
			want = append(want, c.ID.String())
		}
		if id, ok := present[w]; ok && !slices.Contains(want, id.String()) {
			t.Errorf("%s: the store lost the acknowledged %s", w, id)
		}
		l, _, err := x.MatchClaims(ctx, s, storage.ClaimFilter{Text: w}, storage.Page{First: storage.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range l.Items {
			got = append(got, c.ID.String())
		}
		res := mustSearch(t, x, s, search.Query{Text: w, Types: []prov.NodeType{prov.TypeClaim}})
		hits := hitIDs(res)
		slices.Sort(hits)
		if !slices.Equal(got, want) || !slices.Equal(hits, want) {
			t.Errorf("%s: the store holds it in %v; the claims filter finds %v, search %v", w, want, got, hits)
		}
	}
}

func TestIndexCatchesUpAfterAKillBetweenCommitAndIndexing(t *testing.T) {
	if os.Getenv(indexCrashDirEnv) != "" {
		t.Skip("in the child")
	}
	dir := newCrashStore(t)
	lines := runIndexCrashChild(t, dir, "pause", 1, 0)
	var ready uint64
	fmt.Sscanf(lines[0], "READY %d", &ready)
	present, touched := map[string]prov.ID{}, map[string]bool{}
	crashExpectations(t, lines, present, touched)
	s, x, before, st := reopenAfterCrash(t, dir)
	defer s.Close()
	t.Run("the index was left at its checkpoint before the writes", func(t *testing.T) {
		if before.Seq != ready || ready == 0 || s.Head().Seq != ready+4 {
			t.Errorf("checkpoint %d after the kill, %d when the child started; store head %d, want 4 writes after it", before.Seq, ready, s.Head().Seq)
		}
	})
	t.Run("start-up replays only the entries after the checkpoint", func(t *testing.T) {
		if st.Rebuilt || st.Entries != 4 || x.Checkpoint() != s.Head() {
			t.Errorf("catch-up %+v, checkpoint %+v, head %+v: want the 4 entries replayed", st, x.Checkpoint(), s.Head())
		}
	})
	t.Run("the committed writes are found and what they replaced is not", func(t *testing.T) {
		if len(present) != 1 || len(touched) != 3 {
			t.Fatalf("the child reported %v present of %v", present, touched)
		}
		checkCrashWords(t, x, s, present, touched)
	})
}

func TestIndexSurvivesKillsWhileFollowing(t *testing.T) {
	if os.Getenv(indexCrashDirEnv) != "" {
		t.Skip("in the child")
	}
	cycles := 4
	if testing.Short() {
		cycles = 2
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	dir := newCrashStore(t)
	present, touched := map[string]prov.ID{}, map[string]bool{}
	for cycle := range cycles {
		delay := time.Duration(50+rng.IntN(400)) * time.Millisecond
		lines := runIndexCrashChild(t, dir, "follow", rng.Uint64()>>1, delay)
		crashExpectations(t, lines, present, touched)
		func() {
			s, x, _, st := reopenAfterCrash(t, dir)
			if x.Checkpoint() != s.Head() {
				t.Fatalf("cycle %d: checkpoint %+v, head %+v after catch-up", cycle, x.Checkpoint(), s.Head())
			}
			checkCrashWords(t, x, s, present, touched)
			fresh := mustOpenIndex(t, "")
			if err := fresh.CatchUp(context.Background(), s); err != nil {
				t.Fatal(err)
			}
			a, _ := x.DocCount()
			b, _ := fresh.DocCount()
			if a != b {
				t.Errorf("cycle %d: %d documents after the crash, %d in a rebuild", cycle, a, b)
			}
			t.Logf("cycle %d: killed after %v, %d lines; catch-up %+v", cycle, delay, len(lines), st)
			x.Close()
			s.Close()
		}()
	}
	if len(present) == 0 {
		t.Fatal("no write was acknowledged")
	}
}
