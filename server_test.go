package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"claimgraph/demo"
)

// seedsDir is where a clone finds the seed articles: shared/ beside the repository.
const seedsDir = "../shared/seeds"

// readmeQuery is the query from issue #2 that must find Trump's claim in 000 and 001.
const readmeQuery = `query {
  claims(filter: {text: "Syrian government"}, first: 10) {
    totalCount
    edges { node {
      id text medium
      claimant { name kind }
      event { name }
      attributions { quote kind cue medium source { id title textSha256 publisher { name } } }
    } }
  }
}`

type claimsResult struct {
	Data struct {
		Claims struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID           string
					Text         string
					Claimant     *struct{ Name string }
					Attributions []struct {
						Quote  string
						Source struct{ ID, Title, TextSha256 string }
					}
				}
			}
		}
	}
	Errors []json.RawMessage
}

// seedHashes are the SHA-256s of the seed articles 000 and 001, as the demo records
// them; the demo's tests check them against ../shared/seeds.
var seedHashes = map[string]string{
	"65c1d32b5f0f490ca92b2225bac979526fb4737782b1eb29528f582a4c98a119": "000",
	"9bca9b357f61c99759f7df4145f1025500550fb00e06f07ab414385a5a17e8a0": "001",
}

// checkTrumpClaim fails unless the result holds Trump's claim with attributions in
// the seed articles 000 and 001.
func checkTrumpClaim(t *testing.T, r claimsResult) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %s", r.Errors)
	}
	for _, e := range r.Data.Claims.Edges {
		if e.Node.Claimant == nil || e.Node.Claimant.Name != "Donald Trump" {
			continue
		}
		in := map[string]bool{}
		for _, a := range e.Node.Attributions {
			if seed, ok := seedHashes[a.Source.TextSha256]; ok {
				in[seed] = true
			}
		}
		if in["000"] && in["001"] {
			return
		}
	}
	t.Fatalf("no claim of Donald Trump with attributions in 000 and 001 among %+v", r.Data.Claims.Edges)
}

func TestServerEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "claimgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(t.TempDir(), "data")
	out, err := exec.Command(bin, "token", "create", "--data", data, "--name", "e2e", "--role", "admin").Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	adminToken := lines[len(lines)-1]
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--data", data)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	logs := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			logs <- s.Text()
		}
		close(logs)
	}()
	addrRE := regexp.MustCompile(`msg=listening addr=(\S+)`)
	var addr string
	deadline := time.After(30 * time.Second)
	for addr == "" {
		select {
		case line, ok := <-logs:
			if !ok {
				t.Fatal("server exited before listening")
			}
			if m := addrRE.FindStringSubmatch(line); m != nil {
				addr = m[1]
			}
		case <-deadline:
			t.Fatal("server did not start listening within 30s")
		}
	}

	t.Run("healthz answers ok", func(t *testing.T) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(body) != "ok\n" {
			t.Fatalf("healthz: %d %q", resp.StatusCode, body)
		}
	})
	t.Run("playground is served at the root", func(t *testing.T) {
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte("/query")) {
			t.Fatalf("playground: %d", resp.StatusCode)
		}
	})
	t.Run("the demo data answers the Syrian government query", func(t *testing.T) {
		body, _ := json.Marshal(map[string]string{"query": readmeQuery})
		resp, err := http.Post("http://"+addr+"/query", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r claimsResult
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			t.Fatal(err)
		}
		checkTrumpClaim(t, r)
	})

	t.Run("a backup without an admin token is refused", func(t *testing.T) {
		resp, err := http.Get("http://" + addr + "/admin/backup")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", resp.StatusCode)
		}
	})
	t.Run("a backup of the running server restores and verifies", func(t *testing.T) {
		dir := t.TempDir()
		file := filepath.Join(dir, "full.backup")
		backup := exec.Command("sh", "-c", bin+" backup --server http://"+addr+" > "+file)
		backup.Env = append(os.Environ(), "CLAIMGRAPH_TOKEN="+adminToken)
		out, err := backup.CombinedOutput()
		if err != nil {
			t.Fatalf("backup: %v\n%s", err, out)
		}
		restored := filepath.Join(dir, "restored")
		if out, err := exec.Command(bin, "restore", "--data", restored, file).CombinedOutput(); err != nil {
			t.Fatalf("restore: %v\n%s", err, out)
		}
		out, err = exec.Command(bin, "verify", "--data", restored).CombinedOutput()
		if err != nil || !bytes.HasPrefix(out, []byte("ok ")) {
			t.Fatalf("verify after restore: %v\n%s", err, out)
		}
	})

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	closed := false
	for line := range logs {
		closed = closed || strings.Contains(line, "store closed")
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("server exit after SIGTERM: %v", err)
	}
	if !closed {
		t.Error("server did not log that it closed the store")
	}
}

// runCLI runs a claimgraph command in-process and returns its stdout.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), err
}

func TestImportExport(t *testing.T) {
	dir := t.TempDir()
	demoFile := filepath.Join(dir, "demo.ndjson")
	if err := os.WriteFile(demoFile, demo.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if _, err := runCLI(t, "import", "--data", a, demoFile); err != nil {
		t.Fatalf("import: %v", err)
	}
	first, err := runCLI(t, "export", "--data", a)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	exported := filepath.Join(dir, "export.ndjson")
	os.WriteFile(exported, []byte(first), 0o644)
	if _, err := runCLI(t, "import", "--data", b, exported); err != nil {
		t.Fatalf("import of the export: %v", err)
	}
	second, err := runCLI(t, "export", "--data", b)
	if err != nil {
		t.Fatalf("second export: %v", err)
	}
	t.Run("export, import, export is byte-identical", func(t *testing.T) {
		if first != second {
			t.Fatalf("exports differ:\n%s\n---\n%s", first, second)
		}
	})
	t.Run("importing again changes nothing", func(t *testing.T) {
		out, err := runCLI(t, "import", "--data", b, exported)
		if err != nil || !strings.Contains(out, "0 created, 0 updated") {
			t.Fatalf("reimport: %q, %v", out, err)
		}
	})
	t.Run("a bad file names the line and writes nothing", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.ndjson")
		os.WriteFile(bad, []byte("{\"format\":\"claimgraph\",\"version\":1}\n{\"type\":\"event\",\"id\":\"evt_0000000000009\",\"name\":\"ok\"}\n{\"type\":\"claim\",\"id\":\"clm_0000000000009\",\"text\":\"x\",\"event\":\"evt_000000000000z\"}\n"), 0o644)
		c := filepath.Join(dir, "c")
		_, err := runCLI(t, "import", "--data", c, bad)
		if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "claim.event") {
			t.Fatalf("import of a bad file: %v", err)
		}
		out, err := runCLI(t, "export", "--data", c)
		if err != nil || strings.Count(out, "\n") != 1 {
			t.Fatalf("the store is not empty after a refused import:\n%s (%v)", out, err)
		}
	})
}

func TestAttachSeedTexts(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if err != nil || len(seeds) == 0 {
		t.Skipf("no seed articles in %s (a clone has shared/ beside it)", seedsDir)
	}
	dir := t.TempDir()
	demoFile := filepath.Join(dir, "demo.ndjson")
	os.WriteFile(demoFile, demo.Data, 0o644)
	data := filepath.Join(dir, "data")
	if _, err := runCLI(t, "import", "--data", data, demoFile); err != nil {
		t.Fatal(err)
	}
	// The demo's sources carry the SHA-256 of each seed's text, not the text.
	byHash := map[string]string{}
	for _, line := range strings.Split(string(demo.Data), "\n") {
		var rec struct{ Type, ID, TextSha256 string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Type == "source" && rec.TextSha256 != "" {
			byHash[rec.TextSha256] = rec.ID
		}
	}
	attached := 0
	for _, seed := range seeds {
		text, _ := os.ReadFile(seed)
		sum := sha256.Sum256(text)
		id, ok := byHash[hex.EncodeToString(sum[:])]
		if !ok {
			t.Errorf("no demo source has the SHA-256 of %s", filepath.Base(seed))
			continue
		}
		t.Run("attaches "+filepath.Base(seed)+" and checks its spans", func(t *testing.T) {
			if out, err := runCLI(t, "attach-text", "--data", data, id, seed); err != nil {
				t.Fatalf("attach-text: %v (%s)", err, out)
			}
			attached++
		})
	}
	if attached != 5 {
		t.Errorf("attached %d seed texts, want 5", attached)
	}
	t.Run("refuses a text that does not match the stored hash", func(t *testing.T) {
		other := filepath.Join(dir, "other.txt")
		os.WriteFile(other, []byte("not the article"), 0o644)
		for _, id := range byHash {
			_, err := runCLI(t, "attach-text", "--data", data, id, other)
			if err == nil || !strings.Contains(err.Error(), "does not match") {
				t.Fatalf("attach of the wrong text: %v", err)
			}
			break
		}
	})
	t.Run("exported texts are the seed texts", func(t *testing.T) {
		out, err := runCLI(t, "export", "--data", data)
		if err != nil {
			t.Fatal(err)
		}
		texts := map[string]string{} // source ID → exported text
		for _, line := range strings.Split(out, "\n") {
			var rec struct {
				Type, ID string
				Text     *string
			}
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Type == "source" && rec.Text != nil {
				texts[rec.ID] = *rec.Text
			}
		}
		if len(texts) != len(seeds) {
			t.Errorf("export carries %d source texts, want %d", len(texts), len(seeds))
		}
		for _, seed := range seeds {
			b, _ := os.ReadFile(seed)
			sum := sha256.Sum256(b)
			id := byHash[hex.EncodeToString(sum[:])]
			if got, want := texts[id], norm.NFC.String(string(b)); got != want {
				t.Errorf("%s: exported text of %s (%d bytes) is not the NFC text of the seed (%d bytes)", filepath.Base(seed), id, len(got), len(want))
			}
		}
	})
}

func TestCommandErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"import without a file", []string{"import", "--data", t.TempDir()}, "want exactly one FILE"},
		{"attach-text with a claim id", []string{"attach-text", "--data", t.TempDir(), "clm_0000000000001", "x"}, "names a Claim"},
		{"export of a missing store", []string{"export", "--data", filepath.Join(t.TempDir(), "nope")}, "--data"},
		{"a block cache below 1 MiB", []string{"serve", "--data", t.TempDir(), "--block-cache", "1000"}, "--block-cache: 1000 bytes is less than the minimum"},
	} {
		t.Run("reports "+tc.name, func(t *testing.T) {
			_, err := runCLI(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
