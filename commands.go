package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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
	minFree := minFreeFlag(fs)
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
	st, err := storage.ImportDir(ctx, storage.Options{Dir: *dir, MinFreeBytes: *minFree, GCInterval: -1}, f, bar.update)
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
	if err := refuseDegraded("export", store); err != nil {
		return err
	}
	out := bufio.NewWriter(stdout)
	if err := graph.ExportDocument(ctx, store, out, *format, event, claim, *base); err != nil {
		return errors.New(describe(err))
	}
	return out.Flush()
}

func attachTextCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("attach-text", "claimgraph attach-text --data DIR SOURCE_ID FILE", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store")
	minFree := minFreeFlag(fs)
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
	store, err := openForWrite(*dir, *minFree, true)
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
