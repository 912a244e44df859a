package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"claimgraph/demo"
	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/storage"
)

// openTestStore opens an on-disk store in dir for a test, without the disk guard.
func openTestStore(t *testing.T, dir string) *storage.Store {
	t.Helper()
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// slowWriter sleeps before every write: a client that reads a backup slowly.
type slowWriter struct {
	w     io.Writer
	delay time.Duration
}

func (s *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(s.delay)
	return s.w.Write(p)
}

func TestBackupFromServer(t *testing.T) {
	ctx := context.Background()
	store := openTestStore(t, t.TempDir())
	defer store.Close()
	if _, err := store.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		text := fmt.Sprintf("text %d: %s", i, strings.Repeat("a backup larger than the socket buffers. ", 26000))
		if _, err := store.CreateSource(ctx, &prov.Source{Title: fmt.Sprint(i), Kind: prov.SourceArticle, Text: &text}); err != nil {
			t.Fatal(err)
		}
	}
	_, secret, err := store.CreateToken(ctx, "backups", prov.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	var full bytes.Buffer
	if _, err := store.Backup(ctx, &full, 0); err != nil {
		t.Fatal(err)
	}

	t.Run("fails when the body is cut short", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write(full.Bytes()[:20000])
		}))
		defer srv.Close()
		var out, errOut bytes.Buffer
		err := backupCmd(ctx, []string{"--server", srv.URL, "--token", secret}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "not a usable backup") || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("backup = %v, want a truncated-backup failure", err)
		}
	})
	t.Run("fails when the body's checksum does not match", func(t *testing.T) {
		damaged := bytes.Clone(full.Bytes())
		damaged[len(damaged)/2] ^= 1
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(damaged) }))
		defer srv.Close()
		err := backupCmd(ctx, []string{"--server", srv.URL, "--token", secret}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "checksum") {
			t.Fatalf("backup = %v, want a checksum failure", err)
		}
	})
	t.Run("streams to a slow reader for longer than the server's write timeout", func(t *testing.T) {
		const writeTimeout = 300 * time.Millisecond
		srv := httptest.NewUnstartedServer(graph.Authenticate(store, true, backupHandler(store, slog.New(slog.DiscardHandler))))
		srv.Config.WriteTimeout = writeTimeout
		srv.Start()
		defer srv.Close()
		var out bytes.Buffer
		start := time.Now()
		err := backupCmd(ctx, []string{"--server", srv.URL, "--token", secret}, &slowWriter{&out, 25 * time.Millisecond}, io.Discard)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("backup through a slow reader (%s, write timeout %s): %v", took, writeTimeout, err)
		}
		if took < 2*writeTimeout {
			t.Fatalf("the backup took %s: too fast to outlast the write timeout of %s", took, writeTimeout)
		}
		if !bytes.Equal(out.Bytes(), full.Bytes()) {
			t.Fatalf("the backup differs from one taken directly (%d bytes, want %d)", out.Len(), full.Len())
		}
		t.Logf("%d bytes in %s through a write timeout of %s", out.Len(), took.Round(time.Millisecond), writeTimeout)
	})
}

// degradedStore returns a store whose head file was damaged while it was closed: it
// opens read-only and degraded.
func degradedStore(t *testing.T) (*storage.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	s := openTestStore(t, dir)
	if _, err := s.Import(context.Background(), bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateToken(context.Background(), "admin", prov.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(filepath.Join(dir, storage.HeadFileName), []byte("damaged\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, dir)
	if s.Degraded() == nil {
		t.Fatal("the store with a damaged head file is not degraded")
	}
	return s, dir
}

func TestDegradedStore(t *testing.T) {
	ctx := context.Background()
	store, dir := degradedStore(t)
	t.Run("healthz answers 503 with the reason", func(t *testing.T) {
		rec := httptest.NewRecorder()
		healthHandler(store).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "integrity check") || !strings.Contains(rec.Body.String(), "audit head file is damaged") {
			t.Fatalf("healthz: %d %q", rec.Code, rec.Body)
		}
	})
	t.Run("every GraphQL answer carries an UNAVAILABLE error with the reason, beside the data", func(t *testing.T) {
		h := graph.NewHandler(store, nil)
		body, _ := json.Marshal(map[string]string{"query": `{ claims(first: 1) { totalCount } }`})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/query", bytes.NewReader(body)).WithContext(ctx)
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		var resp struct {
			Data   map[string]any
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		if resp.Data["claims"] == nil {
			t.Errorf("no data: %s", rec.Body)
		}
		if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "UNAVAILABLE" || !strings.Contains(resp.Errors[0].Message, "audit head file is damaged") {
			t.Fatalf("errors = %+v, want one UNAVAILABLE naming the reason", resp.Errors)
		}
	})
	t.Run("the backup endpoint answers 503 with the reason", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/admin/backup", nil)
		tok := must(store.Tokens(ctx))(t)[0]
		rec := httptest.NewRecorder()
		backupHandler(store, slog.New(slog.DiscardHandler)).ServeHTTP(rec, req.WithContext(graph.WithPrincipal(req.Context(), tok)))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "integrity check") {
			t.Fatalf("backup: %d %q", rec.Code, rec.Body)
		}
	})
	store.Close()
	for _, cmd := range []string{"backup", "export"} {
		t.Run(cmd+" refuses, saying why", func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, []string{cmd, "--data", dir}, &out, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "integrity check") || !strings.Contains(err.Error(), "audit head file is damaged") {
				t.Fatalf("%s = %v, want a refusal naming the reason", cmd, err)
			}
		})
	}
}

func must[T any](v T, err error) func(testing.TB) T {
	return func(tb testing.TB) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}

// TestDamagedValueCommands checks that backup and export stop, naming the key, at a
// value damaged in the value log, which the store opens over without noticing.
func TestDamagedValueCommands(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	s := openTestStore(t, dir)
	text := strings.Repeat("a text the value log keeps. ", 50000)
	src, err := s.CreateSource(ctx, &prov.Source{Title: "large", Kind: prov.SourceArticle, Text: &text})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	vlogs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	damaged := false
	for _, v := range vlogs {
		b, err := os.ReadFile(v)
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(b, []byte("a text the value log keeps.")); i >= 0 {
			b[i+len(text)/2] ^= 0x20
			if err := os.WriteFile(v, b, 0o644); err != nil {
				t.Fatal(err)
			}
			damaged = true
		}
	}
	if !damaged {
		t.Fatal("the text is in no value-log file")
	}
	for _, cmd := range []string{"backup", "export"} {
		t.Run(cmd+" fails naming the key", func(t *testing.T) {
			err := run(ctx, []string{cmd, "--data", dir}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "corrupt record") || !strings.Contains(err.Error(), "020000000000000001") {
				t.Fatalf("%s = %v, want a corrupt-record error naming the text of %s", cmd, err, src.ID)
			}
		})
	}
}

func TestRestoreCommand(t *testing.T) {
	ctx := context.Background()
	work := t.TempDir()
	s := openTestStore(t, filepath.Join(work, "orig"))
	if _, err := s.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(work, "full.backup")
	var b bytes.Buffer
	if _, err := s.Backup(ctx, &b, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.WriteFile(backup, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("refuses a directory that holds anything", func(t *testing.T) {
		dir := filepath.Join(work, "notes")
		os.MkdirAll(filepath.Join(dir, "photos"), 0o755)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("notes"), 0o644)
		_, err := runCLI(t, "restore", "--data", dir, backup)
		if err == nil || !strings.Contains(err.Error(), "is not empty (it holds notes.txt, photos/)") {
			t.Fatalf("restore = %v", err)
		}
	})
	t.Run("refuses, naming --min-free, when the backup would take the disk below the floor", func(t *testing.T) {
		dir := filepath.Join(work, "full")
		_, err := runCLI(t, "restore", "--data", dir, "--min-free", "1000000000000000", backup)
		if err == nil || !strings.Contains(err.Error(), "lower --min-free") {
			t.Fatalf("restore = %v", err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("the refused restore left %s: %v", dir, err)
		}
	})
	t.Run("restores into an absent directory and verifies", func(t *testing.T) {
		out, err := runCLI(t, "restore", "--data", filepath.Join(work, "restored"), backup)
		if err != nil || !strings.Contains(out, "verify passes") {
			t.Fatalf("restore = %q, %v", out, err)
		}
	})
}

// TestMinFreeFlag checks that every command that writes takes --min-free, and that a
// refusal below the floor names it.
func TestMinFreeFlag(t *testing.T) {
	dir := t.TempDir()
	demoFile := filepath.Join(dir, "demo.ndjson")
	if err := os.WriteFile(demoFile, demo.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if _, err := runCLI(t, "import", "--data", data, demoFile); err != nil {
		t.Fatal(err)
	}
	textFile := filepath.Join(dir, "text.txt")
	os.WriteFile(textFile, []byte("a text"), 0o644)
	const floor = "1000000000000000" // about 900 TiB
	for _, args := range [][]string{
		{"import", "--data", data, "--min-free", floor, demoFile},
		{"attach-text", "--data", data, "--min-free", floor, "src_0000000000001", textFile},
		{"token", "create", "--data", data, "--min-free", floor, "--name", "x", "--role", "reader"},
		{"ingest", "--data", data, "--min-free", floor, filepath.Join(seedsDir, "000_91ad29fc7f108670.txt")},
	} {
		t.Run(args[0]+" refuses writes below the floor, naming --min-free", func(t *testing.T) {
			if args[0] == "ingest" {
				if _, err := os.Stat(args[len(args)-1]); err != nil {
					t.Skipf("no seed article: %v", err)
				}
			}
			_, err := runCLI(t, args...)
			if err == nil || !strings.Contains(err.Error(), "below the floor") || !strings.Contains(err.Error(), "lower --min-free") {
				t.Fatalf("%v = %v", args, err)
			}
		})
	}
}
