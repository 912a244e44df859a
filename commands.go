package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"claimgraph/graph"
	"claimgraph/prov"
	"claimgraph/provexport"
	"claimgraph/search"
	"claimgraph/storage"
)

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "claimgraph import --data DIR FILE", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store, created if absent")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import: want exactly one FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	var total int64
	if info, err := f.Stat(); err == nil {
		total = info.Size()
	}
	bar := newProgress(stderr, total)
	st, err := storage.ImportDir(ctx, storage.Options{Dir: *dir, GCInterval: -1}, f, bar.update)
	bar.done()
	if err != nil {
		return fmt.Errorf("%s: %s", fs.Arg(0), describe(describeOpenError(*dir, err)))
	}
	took := time.Since(start)
	how := "into the store"
	if st.New {
		how = "as a new store"
	}
	fmt.Fprintf(stdout, "imported %d records (%d created, %d updated, %d unchanged) %s in %s: %.0f records/s, %d audit entries\n",
		st.Records, st.Created, st.Updated, st.Unchanged, how, took.Round(time.Millisecond), float64(st.Records)/took.Seconds(), st.AuditEntries)
	return nil
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "claimgraph export --data DIR [--format F] [--event ID | --claim ID] > FILE", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store")
	format := fs.String("format", graph.FormatNDJSON, "`format`: ndjson (the interchange format, whole store), prov-json, prov-o (Turtle) or claimreview (JSON-LD)")
	eventFlag := fs.String("event", "", "export only this event (`ID`) and what its claims lead to")
	claimFlag := fs.String("claim", "", "export only this claim's trace (`ID`)")
	base := fs.String("base-iri", "", "base `IRI` for the nodes in PROV and ClaimReview documents (default "+provexport.DefaultBaseIRI+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	var event, claim prov.ID
	var err error
	if *eventFlag != "" {
		if event, err = prov.ParseIDOf(prov.TypeEvent, *eventFlag); err != nil {
			return errors.New("--event: " + describe(err))
		}
	}
	if *claimFlag != "" {
		if claim, err = prov.ParseIDOf(prov.TypeClaim, *claimFlag); err != nil {
			return errors.New("--claim: " + describe(err))
		}
	}
	store, err := openExisting(*dir)
	if err != nil {
		return err
	}
	defer store.Close()
	out := bufio.NewWriter(stdout)
	if err := graph.ExportDocument(ctx, store, out, *format, event, claim, *base); err != nil {
		return errors.New(describe(err))
	}
	return out.Flush()
}

func attachTextCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("attach-text", "claimgraph attach-text --data DIR SOURCE_ID FILE", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errors.New("attach-text: want SOURCE_ID and FILE")
	}
	id, err := prov.ParseIDOf(prov.TypeSource, fs.Arg(0))
	if err != nil {
		return errors.New(describe(err))
	}
	text, err := os.ReadFile(fs.Arg(1))
	if err != nil {
		return err
	}
	store, err := openExisting(*dir)
	if err != nil {
		return err
	}
	defer store.Close()
	src, err := store.AttachSourceText(ctx, id, string(text))
	if err != nil {
		return fmt.Errorf("%s: %s", fs.Arg(1), describe(err))
	}
	fmt.Fprintf(stdout, "archived the text of %s %q (sha256 %s)\n", src.ID, src.Title, src.TextSHA256)
	return nil
}

// errVerifyFailed makes main exit 1 after verify printed what is wrong.
var errVerifyFailed = errors.New("verification failed")

func verifyCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify", "claimgraph verify --data DIR", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("verify: unexpected argument %q", fs.Arg(0))
	}
	store, err := openExisting(*dir)
	if err != nil {
		return fmt.Errorf("verify: the store does not open: %w", err)
	}
	defer store.Close()
	start := time.Now()
	rep, err := store.Verify(ctx)
	if err != nil {
		fmt.Fprintf(stdout, "FAIL %s: %v\n", *dir, err)
		return errVerifyFailed
	}
	if err := store.Writable(); err != nil {
		fmt.Fprintf(stdout, "FAIL %s: %v\n", *dir, err)
		return errVerifyFailed
	}
	fmt.Fprintf(stdout, "ok %s: %d records, %d reverse edges, %d unique keys, %d texts, %d audit entries, %d versions; head %d %s (%s)\n",
		*dir, rep.Records, rep.Edges, rep.Uniques, rep.Texts, rep.AuditEntries, rep.Versions, rep.Head.Seq, rep.Head.Hash, time.Since(start).Round(time.Millisecond))
	return nil
}

func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "claimgraph backup [--data DIR | --server URL] [--since N] > FILE", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store (when no server runs on it)")
	server := fs.String("server", "", "`URL` of a running claimgraph server to back up without stopping it, e.g. http://localhost:8080")
	since := fs.Uint64("since", 0, "write only the changes after audit entry `N` (an earlier backup's head): an incremental backup")
	token := fs.String("token", os.Getenv("CLAIMGRAPH_TOKEN"), "admin `token` for --server (default $CLAIMGRAPH_TOKEN)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("backup: unexpected argument %q", fs.Arg(0))
	}
	if *server != "" {
		return backupFromServer(ctx, *server, *token, *since, stdout, stderr)
	}
	store, err := openExisting(*dir)
	if err != nil {
		return err
	}
	defer store.Close()
	h, err := store.Backup(ctx, stdout, *since)
	if err != nil {
		return errors.New(describe(err))
	}
	fmt.Fprintf(stderr, "%s backup up to audit entry %d; for the next incremental backup pass --since %d\n", h.Kind, h.Head.Seq, h.Head.Seq)
	return nil
}

func backupFromServer(ctx context.Context, server, token string, since uint64, stdout, stderr io.Writer) error {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--server: %q is not a URL", server)
	}
	u = u.JoinPath("/admin/backup")
	u.RawQuery = url.Values{"since": {strconv.FormatUint(since, 10)}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup from %s: %w", server, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("backup from %s: %s: %s", server, resp.Status, msg)
	}
	body := bufio.NewReader(resp.Body)
	line, err := body.ReadBytes('\n')
	var h storage.BackupHeader
	if err != nil || json.Unmarshal(line, &h) != nil {
		return fmt.Errorf("backup from %s: the answer is not a backup", server)
	}
	stdout.Write(line)
	if _, err := io.Copy(stdout, body); err != nil {
		return fmt.Errorf("backup from %s: %w", server, err)
	}
	fmt.Fprintf(stderr, "%s backup up to audit entry %d; for the next incremental backup pass --since %d\n", h.Kind, h.Head.Seq, h.Head.Seq)
	return nil
}

func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", "claimgraph restore --data DIR FILE", stderr)
	dir := fs.String("data", "./data", "`directory` to restore into: empty (or absent) for a full backup, restored up to the backup's base for an incremental one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("restore: want exactly one FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	store, err := openStore(*dir, nil)
	if err != nil {
		return err
	}
	defer store.Close()
	h, err := store.Restore(ctx, f)
	if err != nil {
		return fmt.Errorf("%s: %s", fs.Arg(0), describe(err))
	}
	rep, err := store.Verify(ctx)
	if err != nil {
		return fmt.Errorf("restored, but verify fails: %w", err)
	}
	fmt.Fprintf(stdout, "restored the %s backup: %d records, audit head %d; verify passes\n", h.Kind, rep.Records, rep.Head.Seq)
	return nil
}

// openExisting opens the store in dir, which must exist.
func openExisting(dir string) (*storage.Store, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	return openStore(dir, nil)
}

// describe returns the user-facing message of a domain error, or the error itself.
func describe(err error) string {
	var pe *prov.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reindex", "claimgraph reindex --data DIR", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store, whose search index (DIR/fulltext) is rebuilt")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("reindex: unexpected argument %q", fs.Arg(0))
	}
	store, err := openExisting(*dir)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	index, err := search.Open(search.DefaultDir(*dir))
	if err != nil {
		return err
	}
	defer index.Close()
	if err := index.Reindex(ctx, store); err != nil {
		return err
	}
	n, err := index.DocCount()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt the search index: %d documents up to audit entry %d in %s\n", n, index.Checkpoint().Seq, time.Since(start).Round(time.Millisecond))
	return nil
}
