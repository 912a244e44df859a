// Command claimgraph serves the claim and source provenance graph over GraphQL and
// manages its store from the command line.
//
//	claimgraph [serve] [--addr ADDR] [--data DIR] [--no-demo]
//	claimgraph import --data DIR FILE
//	claimgraph export --data DIR
//	claimgraph attach-text --data DIR SOURCE_ID FILE
//	claimgraph verify --data DIR
//	claimgraph backup [--data DIR | --server URL] [--since N] > FILE
//	claimgraph restore --data DIR FILE
//	claimgraph token create --name NAME --role ROLE | token list | token revoke ID
//	claimgraph ingest [--event ID] [--publisher NAME] [--url U] [--published T] [--dry-run] FILE...
//	claimgraph extract --json FILE
//	claimgraph eval DIR GOLD.json
//	claimgraph gen --claims N [--seed S]
//	claimgraph reindex --data DIR
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"claimgraph/demo"
	"claimgraph/graph"
	"claimgraph/httpguard"
	"claimgraph/search"
	"claimgraph/storage"
	"claimgraph/viewer"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if errors.Is(err, errVerifyFailed) {
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "claimgraph:", err)
		os.Exit(1)
	}
}

const usage = `claimgraph: a graph of claims, who made them, and every source that carries them.

Usage:
  claimgraph [serve] [flags]                    run the GraphQL server (default command)
  claimgraph import --data DIR FILE             load an ndjson file into the store
  claimgraph export --data DIR                  write the whole store as ndjson to stdout
  claimgraph attach-text --data DIR SOURCE FILE archive a source's text (checked against its hash)
  claimgraph verify --data DIR                  check every record, index and the audit chain
  claimgraph backup [--since N] > FILE          back up the store (online with --server URL)
  claimgraph restore --data DIR FILE            restore a full or incremental backup
  claimgraph token create|list|revoke           manage API tokens (reader, editor, admin)
  claimgraph ingest [--dry-run] FILE...         extract an article's attributions into the store
  claimgraph extract --json FILE                print the raw extraction of an article
  claimgraph eval DIR GOLD.json                 score the extractor against a gold file
  claimgraph gen --claims N [--seed S]          write a synthetic corpus in the import format
  claimgraph reindex --data DIR                 rebuild the full-text search index

Run 'claimgraph COMMAND -h' for a command's flags.
`

// commands maps each subcommand to its implementation.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"serve":       serve,
	"import":      importCmd,
	"export":      exportCmd,
	"attach-text": attachTextCmd,
	"verify":      verifyCmd,
	"backup":      backupCmd,
	"restore":     restoreCmd,
	"token":       tokenCmd,
	"ingest":      ingestCmd,
	"extract":     extractCmd,
	"eval":        evalCmd,
	"gen":         genCmd,
	"reindex":     reindexCmd,
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", name)
	}
	return cmd(ctx, args, stdout, stderr)
}

// newFlags returns a flag set that prints its usage line and flags on -h.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: %q is not text or json", format)
}

func openStore(dir string, log *slog.Logger) (*storage.Store, error) {
	if dir == "" {
		return nil, errors.New("--data: a data directory is required")
	}
	s, err := storage.Open(storage.Options{Dir: dir, Logger: log, GCInterval: -1})
	return s, describeOpenError(dir, err)
}

// describeOpenError explains the error Badger gives when another process holds the
// store.
func describeOpenError(dir string, err error) error {
	if err != nil && strings.Contains(err.Error(), "directory lock") {
		return fmt.Errorf("the store in %s is in use by another process (is a server running on it? back it up with --server)", dir)
	}
	return err
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "claimgraph [serve] [flags]", stderr)
	addr := fs.String("addr", "localhost:8080", "`address` to listen on (host:port; :8080 for every interface)")
	dir := fs.String("data", "./data", "`directory` of the Badger store, created if absent")
	noDemo := fs.Bool("no-demo", false, "do not load the bundled demo dataset into an empty store")
	private := fs.Bool("private", false, "refuse requests without a token, reads included (anonymous requests may read by default, never write)")
	logFormat := fs.String("log-format", "text", "log `format`: text or json")
	logLevel := fs.String("log-level", "info", "lowest log `level`: debug, info, warn or error")
	shutdownTimeout := fs.Duration("shutdown-timeout", 10*time.Second, "how long to let requests in flight finish on SIGINT/SIGTERM")
	gqlOpts := graph.DefaultOptions()
	gqlOpts.RegisterFlags(fs)
	guardCfg := httpguard.DefaultConfig()
	guardCfg.RegisterFlags(fs)
	minFree := fs.Int64("min-free", storage.DefaultMinFreeBytes, "refuse writes (keep serving reads) when the data directory's file system has fewer free `bytes`; negative turns the guard off")
	blockCache := fs.Int64("block-cache", storage.DefaultBlockCacheBytes, "`bytes` of memory for Badger's cache of decompressed table blocks (at least 1 MiB)")
	nodeCache := fs.Int64("node-cache", storage.DefaultNodeCacheBytes, "`bytes` of memory for decoded records and short edge lists that reads reuse (0 turns the cache off)")
	verifyFirst := fs.Bool("verify-before-serving", false, "check every table block and the whole audit chain before serving (by default they are checked while the server already answers reads; writes wait for the chain)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if err := gqlOpts.Validate(); err != nil {
		return err
	}
	if *blockCache < storage.MinBlockCacheBytes {
		return fmt.Errorf("--block-cache: %d bytes is less than the minimum %d (1 MiB)", *blockCache, storage.MinBlockCacheBytes)
	}
	guard, err := httpguard.New(guardCfg)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return fmt.Errorf("--data: %w", err)
	}
	// The search index opens while the store does: on a cold start both wait for the
	// disk (about half a second each at a million claims), and only searches need it.
	index := search.OpenLater(search.DefaultDir(*dir))
	defer index.Close()
	store, err := storage.Open(storage.Options{Dir: *dir, Logger: log, MinFreeBytes: *minFree, BlockCacheBytes: *blockCache,
		NodeCacheBytes: *nodeCache, VerifyInBackground: !*verifyFirst})
	if err != nil {
		return describeOpenError(*dir, err)
	}
	go func() {
		start := time.Now()
		<-store.Verified()
		if store.Degraded() == nil {
			log.Info("integrity checks passed", "data", *dir, "took", time.Since(start).Round(time.Millisecond))
		}
	}()
	defer func() {
		if err := store.Close(); err != nil {
			log.Error("close store", "err", err)
		}
		log.Info("store closed", "data", *dir)
	}()
	if !*noDemo {
		if err := loadDemo(ctx, store, log); err != nil {
			return err
		}
	}
	// Searches wait for the index to open, and fail at once while it is being built
	// (a new or foreign index, after an import into a new store): other queries do not
	// wait for either.
	bg, stopBG := context.WithCancel(ctx)
	caughtUp := make(chan struct{})
	go func() {
		defer close(caughtUp)
		catchUpIndex(bg, store, index, log)
	}()
	defer func() { // before the store closes: the catch-up reads it
		stopBG()
		<-caughtUp
		index.Close()
	}()
	gqlOpts.Index = index

	mux := http.NewServeMux()
	// The guard is outside authentication, so token lookups are rate-limited too.
	mux.Handle("/query", guard.Wrap(graph.Authenticate(store, *private, graph.NewHandlerWith(store, log, gqlOpts))))
	mux.Handle("GET /{$}", playground.Handler("claimgraph", "/query"))
	mux.Handle(viewer.Prefix, viewer.Handler("/query"))
	// Backups are rate-limited and counted in flight like queries, and one runs at a
	// time: each streams the whole store.
	mux.Handle("GET /admin/backup", guard.WrapDownload(graph.Authenticate(store, true, httpguard.OneAtATime(backupHandler(store, log), "a backup"))))
	mux.Handle("GET /healthz", healthHandler(store))
	srv := &http.Server{
		Handler:  mux,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	guardCfg.ApplyTo(srv) // read-header, read, write and idle timeouts; header size
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Searches catch up with the audit log themselves; following it in the background
	// keeps that cost off the first query after a write.
	go index.Follow(ctx, store, time.Second, func(err error) { log.Warn("search index", "err", err) })
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "playground", "http://"+ln.Addr().String()+"/", "data", *dir)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
	return nil
}

// catchUpIndex brings the full-text index up to the store's audit head (after a
// crash, the writes it missed; a new or foreign index is rebuilt) and logs how it
// went.
func catchUpIndex(ctx context.Context, store *storage.Store, index *search.Index, log *slog.Logger) {
	start := time.Now()
	if err := index.CatchUp(ctx, store); err != nil {
		if ctx.Err() == nil {
			log.Error("bring the search index up to date (searches catch up themselves and will try again)", "err", err)
		}
		return
	}
	log.Info("search index ready", "checkpoint", index.Checkpoint().Seq, "took", time.Since(start).Round(time.Millisecond))
}

// loadDemo imports the bundled demo dataset when the store is empty.
func loadDemo(ctx context.Context, store *storage.Store, log *slog.Logger) error {
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	st, err := store.Import(ctx, bytes.NewReader(demo.Data))
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	log.Info("loaded the demo dataset into the empty store", "records", st.Records)
	return nil
}
