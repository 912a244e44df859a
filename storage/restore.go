package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/dgraph-io/badger/v4"

	"claimgraph/prov"
)

// restoringMarker is the file in a restore's temporary directory that says the
// directory is one, so a later restore may delete what a killed one left.
const restoringMarker = "CLAIMGRAPH_RESTORING"

// RestoreDir restores the backup read from r (read twice: checked, then written) into
// the store directory opts.Dir, and verifies the result.
//
// A full backup is restored into a temporary directory beside opts.Dir, verified, and
// renamed into place, so a restore that fails or is killed leaves opts.Dir as it was
// (absent or empty), and running it again works: it deletes what the interrupted one
// left. opts.Dir must be absent or an empty directory.
//
// An incremental backup is replayed onto the store in opts.Dir, one transaction per
// audit entry; an interrupted one leaves the store at an entry of the backup, and
// running it again completes it.
//
// It returns EINVALID when the backup is damaged or does not fit the directory, and
// EUNAVAILABLE when the file system has no room for it above the free-space floor
// (opts.MinFreeBytes), both before writing; the verify report of the restored store;
// or the error verify found.
func RestoreDir(ctx context.Context, opts Options, r io.ReadSeeker) (BackupHeader, VerifyReport, error) {
	h, err := readBackup(r, nil)
	if err != nil {
		return h, VerifyReport{}, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return h, VerifyReport{}, err
	}
	if opts.Dir == "" || opts.InMemory {
		return h, VerifyReport{}, prov.Errorf(prov.EINVALID, "restore needs a store directory")
	}
	opts.GCInterval = -1
	if h.Kind != "full" {
		return restoreOnto(ctx, opts, r)
	}
	dir := filepath.Clean(opts.Dir)
	if err := checkEmptyTarget(dir); err != nil {
		return h, VerifyReport{}, err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return h, VerifyReport{}, err
	}
	tmp := filepath.Join(parent, "."+filepath.Base(dir)+".restoring")
	if err := clearInterrupted(tmp); err != nil {
		return h, VerifyReport{}, err
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return h, VerifyReport{}, err
	}
	rep, err := restoreInto(ctx, opts, tmp, r)
	if err != nil {
		os.RemoveAll(tmp)
		return h, rep, err
	}
	if err := os.Remove(filepath.Join(tmp, restoringMarker)); err != nil {
		return h, rep, err
	}
	// rename(2) replaces an empty directory (os.Rename refuses to).
	if err := syscall.Rename(tmp, dir); err != nil {
		return h, rep, fmt.Errorf("move the restored store from %s to %s: %w", tmp, dir, err)
	}
	return h, rep, syncDir(parent)
}

// restoreInto restores a full backup into the new directory tmp and verifies it.
func restoreInto(ctx context.Context, opts Options, tmp string, r io.ReadSeeker) (VerifyReport, error) {
	if err := writeSynced(filepath.Join(tmp, restoringMarker), []byte("a claimgraph restore is writing this directory; a restore run again deletes it\n")); err != nil {
		return VerifyReport{}, err
	}
	opts.Dir = tmp
	s, err := Open(opts)
	if err != nil {
		return VerifyReport{}, err
	}
	rep, err := func() (VerifyReport, error) {
		if _, err := s.Restore(ctx, r); err != nil {
			return VerifyReport{}, err
		}
		return s.verifyRestored(ctx)
	}()
	if cerr := s.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return rep, err
}

// restoreOnto replays an incremental backup onto the store in opts.Dir.
func restoreOnto(ctx context.Context, opts Options, r io.ReadSeeker) (BackupHeader, VerifyReport, error) {
	if _, err := os.Stat(filepath.Join(opts.Dir, badger.ManifestFilename)); err != nil {
		return BackupHeader{}, VerifyReport{}, prov.Errorf(prov.EINVALID, "an incremental backup restores onto the store it continues, and %s holds no store: restore the full backup first", opts.Dir)
	}
	s, err := Open(opts)
	if err != nil {
		return BackupHeader{}, VerifyReport{}, err
	}
	defer s.Close()
	h, err := s.Restore(ctx, r)
	if err != nil {
		return h, VerifyReport{}, err
	}
	rep, err := s.verifyRestored(ctx)
	return h, rep, err
}

func (s *Store) verifyRestored(ctx context.Context) (VerifyReport, error) {
	rep, err := s.Verify(ctx)
	if err == nil {
		err = s.Writable()
	}
	if err != nil {
		return rep, fmt.Errorf("restored, but verify fails: %w", err)
	}
	return rep, nil
}

// checkEmptyTarget returns EINVALID unless dir is absent or an empty directory.
func checkEmptyTarget(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) == 0:
		return nil
	}
	var names []string
	for i, e := range entries {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(entries)-3))
			break
		}
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		names = append(names, name)
	}
	return prov.Errorf(prov.EINVALID, "%s is not empty (it holds %s): a full backup restores into an empty or absent directory", dir, strings.Join(names, ", "))
}

// clearInterrupted deletes tmp when it is what an interrupted restore left: a
// directory with the restore marker, or an empty one.
func clearInterrupted(tmp string) error {
	entries, err := os.ReadDir(tmp)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(tmp, restoringMarker)); err != nil && len(entries) > 0 {
		return prov.Errorf(prov.EINVALID, "%s is in the way of the restore's temporary directory and is not one a restore left; move it", tmp)
	}
	return os.RemoveAll(tmp)
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
