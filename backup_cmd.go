package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"claimgraph/storage"
)

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
	out := bufio.NewWriter(stdout)
	h, err := store.Backup(ctx, out, *since)
	if err != nil {
		return fmt.Errorf("backup: %s", describe(err))
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	fmt.Fprintf(stderr, "%s backup up to audit entry %d; for the next incremental backup pass --since %d\n", h.Kind, h.Head.Seq, h.Head.Seq)
	return nil
}

// backupFromServer copies the backup a server streams to stdout, checking it as it
// goes: a body that ends early (the connection cut, the server's backup stopped at
// damage) lacks the trailing checksum, and the command then fails.
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
	out := bufio.NewWriter(stdout)
	h, err := storage.CheckBackup(io.TeeReader(resp.Body, out))
	if err != nil {
		out.Flush()
		return fmt.Errorf("backup from %s failed, and what was written is not a usable backup: %s", server, describe(err))
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("backup from %s: write: %w", server, err)
	}
	fmt.Fprintf(stderr, "%s backup up to audit entry %d, checked; for the next incremental backup pass --since %d\n", h.Kind, h.Head.Seq, h.Head.Seq)
	return nil
}

func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", "claimgraph restore --data DIR FILE", stderr)
	dir := fs.String("data", "./data", "`directory` to restore into: empty or absent for a full backup, the store restored up to the backup's base for an incremental one")
	minFree := minFreeFlag(fs)
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
	h, rep, err := storage.RestoreDir(ctx, storage.Options{Dir: *dir, MinFreeBytes: *minFree}, f)
	if err != nil {
		return fmt.Errorf("%s: %s", fs.Arg(0), describeOpenError(*dir, errors.New(describe(err))))
	}
	fmt.Fprintf(stdout, "restored the %s backup: %d records, audit head %d; verify passes\n", h.Kind, rep.Records, rep.Head.Seq)
	return nil
}

// refuseDegraded returns an error saying why when the store failed its integrity
// check at open: what command would copy out may be missing acknowledged writes.
func refuseDegraded(command string, store *storage.Store) error {
	if err := store.Degraded(); err != nil {
		return fmt.Errorf("%s refused: the store failed its integrity check at open (%v), so it may be missing acknowledged writes or hold altered data; run claimgraph verify, and restore from a backup", command, err)
	}
	return nil
}
