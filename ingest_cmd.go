package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"claimgraph/demo"
	"claimgraph/ingest"
	"claimgraph/prov"
	"claimgraph/storage"
)

func ingestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", "claimgraph ingest [flags] FILE...", stderr)
	dir := fs.String("data", "./data", "`directory` of the Badger store, created if absent")
	event := fs.String("event", "", "`ID` of the event the articles' claims are about")
	publisher := fs.String("publisher", "", "`name` of the outlet that published the articles (found or created)")
	url := fs.String("url", "", "`URL` of the article (only with one FILE)")
	published := fs.String("published", "", "publication `time`, RFC 3339 or YYYY-MM-DD")
	dryRun := fs.Bool("dry-run", false, "show what would be created and matched, store nothing")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	minFree := minFreeFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("ingest: want at least one FILE")
	}
	in := ingest.Input{Publisher: *publisher, DryRun: *dryRun}
	if *event != "" {
		id, err := prov.ParseIDOf(prov.TypeEvent, *event)
		if err != nil {
			return errors.New("--event: " + describe(err))
		}
		in.EventID = id
	}
	if *url != "" {
		if fs.NArg() > 1 {
			return errors.New("--url: give one FILE with it")
		}
		in.URL = url
	}
	if *published != "" {
		t, err := parseTime(*published)
		if err != nil {
			return fmt.Errorf("--published: %w", err)
		}
		in.PublishedAt = &t
	}
	store, err := openForWrite(*dir, *minFree, false)
	if err != nil {
		return err
	}
	defer store.Close()
	var results []*ingest.Result
	for _, file := range fs.Args() {
		text, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		in.Text, in.Title = string(text), ""
		res, err := ingest.Ingest(ctx, store, in)
		if err != nil {
			return fmt.Errorf("%s: %s", file, describe(err))
		}
		results = append(results, res)
		if !*asJSON {
			printIngest(stdout, file, res)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(results)
	}
	return nil
}

func printIngest(w io.Writer, file string, res *ingest.Result) {
	switch {
	case res.AlreadyIngested:
		fmt.Fprintf(w, "%s: already stored as %s; nothing changed\n", file, res.Source.ID)
		return
	case res.DryRun:
		fmt.Fprintf(w, "%s: dry run, nothing stored; would propose %d attributions:\n", file, len(res.Items))
	default:
		fmt.Fprintf(w, "%s: stored as %s with %d proposed attributions:\n", file, res.Source.ID, len(res.Items))
	}
	for _, it := range res.Items {
		claim := "new claim"
		if !it.NewClaim {
			claim = fmt.Sprintf("joins %s (similarity %.2f)", it.Claim.ID, it.Similarity)
		}
		fmt.Fprintf(w, "  %-24s %-10s %-8s %.2f  %s  %q\n", it.Speaker.Name, it.Extracted.Cue, it.Extracted.Kind, it.Extracted.Confidence, claim, clip(it.Extracted.Content, 80))
	}
	for _, a := range res.NewActors {
		fmt.Fprintf(w, "  new actor %s %q (%s)\n", a.ID, a.Name, a.Kind)
	}
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339 or YYYY-MM-DD", s)
}

// directoryFrom returns the actors of the store in dir as an extraction directory, or
// the demo dataset's actors when dir is empty.
func directoryFrom(ctx context.Context, dir string) (ingest.Directory, error) {
	if dir == "" {
		return ingest.ReadDirectory(bytes.NewReader(demo.Data))
	}
	store, err := openExisting(dir)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	var actors []*prov.Actor
	for page := (storage.Page{First: storage.MaxPageSize}); ; {
		l, err := store.Actors(ctx, storage.ActorFilter{}, page)
		if err != nil {
			return nil, err
		}
		actors = append(actors, l.Items...)
		if !l.HasNextPage {
			break
		}
		page.After = l.Items[len(l.Items)-1].ID
	}
	return ingest.NewActorDirectory(actors), nil
}

func extractCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "claimgraph extract [--data DIR] [--no-directory] --json FILE", stderr)
	dir := fs.String("data", "", "`directory` of a store whose actors resolve speakers (default: the demo dataset's actors)")
	noDir := fs.Bool("no-directory", false, "resolve speakers without any known actors")
	asJSON := fs.Bool("json", true, "print a JSON array of {speaker, mention, cue, kind, content, start, end, medium, via}")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("extract: want exactly one FILE")
	}
	text, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	var d ingest.Directory
	if !*noDir {
		if d, err = directoryFrom(ctx, *dir); err != nil {
			return err
		}
	}
	atts := ingest.Extract(string(text), d)
	if !*asJSON {
		for _, a := range atts {
			fmt.Fprintf(stdout, "%d..%d %s (%s) %s: %q\n", a.Start, a.End, a.Speaker, a.Mention, a.Cue, a.Content)
		}
		return nil
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(ingest.JSON(atts))
}

func evalCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "claimgraph eval [--data DIR] [--no-directory] DIR GOLD.json", stderr)
	dir := fs.String("data", "", "`directory` of a store whose actors resolve speakers (default: the demo dataset's actors)")
	noDir := fs.Bool("no-directory", false, "resolve speakers without any known actors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errors.New("eval: want the articles' DIR and the GOLD.json file")
	}
	gold, err := ingest.LoadGold(fs.Arg(1))
	if err != nil {
		return err
	}
	var d ingest.Directory
	if !*noDir {
		if d, err = directoryFrom(ctx, *dir); err != nil {
			return err
		}
	}
	rep, err := ingest.Evaluate(filepath.Clean(fs.Arg(0)), gold, d)
	if err != nil {
		return err
	}
	return rep.WriteText(stdout)
}
