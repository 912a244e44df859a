package storage

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
)

// The store verifies Badger's tables with Badger's own table reader. Badger can
// verify them too (OnTableRead), but in goroutines of its own, where some damage makes
// its reader panic instead of returning an error (table.VerifyChecksum formats the
// error of an undecodable block from the nil block; a bad footer length fails a
// y.Check), which kills the process: about one flipped byte in five in a table did.
// Here the footer is checked first and a panic is recovered, so the damage is an
// error naming the file. The store does not encrypt, so tables are read without a
// data key.
//
// Two depths: what Badger reads when it opens a table (the footer, the index and its
// checksum, the first and last keys) must be sound before badger.Open, or it may
// crash; every block's checksum can be checked before (the default) or while the
// store already serves (Options.VerifyInBackground), each block being checked again
// by Badger whenever it is read either way.

// tableFile is one table the MANIFEST lists.
type tableFile struct {
	id          uint64
	path        string
	compression options.CompressionType
}

// listTables returns the tables the MANIFEST in dir lists, in ID order. A directory
// without a MANIFEST (a new store), a MANIFEST Badger will reject itself, and a store
// another process holds give none: badger.Open reports those.
func listTables(dir string) []tableFile {
	mf, err := os.Open(filepath.Join(dir, badger.ManifestFilename))
	if err != nil {
		return nil
	}
	defer mf.Close()
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return nil // in use: a compaction may be replacing tables under us
	}
	defer syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
	m, _, err := badger.ReplayManifestFile(mf, 0, badger.DefaultOptions(dir))
	if err != nil {
		return nil
	}
	tables := make([]tableFile, 0, len(m.Tables))
	for id, t := range m.Tables {
		tables = append(tables, tableFile{id: id, path: table.NewFilename(id, dir), compression: t.Compression})
	}
	slices.SortFunc(tables, func(a, b tableFile) int { return int(a.id) - int(b.id) })
	return tables
}

// checkTables checks tables on every core, every block when blocks is set, and returns
// the damage of the table with the lowest ID, so the message does not depend on
// scheduling; stop, when closed, ends the check early with nil.
func checkTables(dir string, tables []tableFile, blocks bool, stop <-chan struct{}) error {
	errs := make([]error, len(tables))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(tables)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = checkTable(tables[i], blocks)
			}
		}()
	}
feed:
	for i := range tables {
		select {
		case next <- i:
		case <-stop:
			break feed
		}
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("open badger store in %q: table %s is damaged: %w; restore the store from a backup", dir, table.IDToFilename(tables[i].id), err)
		}
	}
	return nil
}

// checkTable checks what Badger reads to open the table, and with blocks set every
// block's checksum. A missing file is not its damage: badger.Open reports a table the
// MANIFEST lists and the directory lacks, and a compaction may have replaced it since.
func checkTable(tf tableFile, blocks bool) (err error) {
	f, err := os.Open(tf.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	// The footer: index, index length, checksum, checksum length. Badger reads them
	// with y.Check, which exits the process when a length points outside the file.
	if size < 8 {
		return fmt.Errorf("%d bytes is too short for a table", size)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return err
	}
	defer syscall.Munmap(data)
	chkLen := int64(binary.BigEndian.Uint32(data[size-4:]))
	if chkLen > size-8 {
		return fmt.Errorf("its footer gives a checksum of %d bytes in a file of %d", chkLen, size)
	}
	if indexLen := int64(binary.BigEndian.Uint32(data[size-8-chkLen:])); indexLen > size-8-chkLen {
		return fmt.Errorf("its footer gives an index of %d bytes in a file of %d", indexLen, size)
	}
	defer func() {
		if r := recover(); r != nil {
			msg, _, _ := strings.Cut(strings.TrimSpace(fmt.Sprint(r)), "\n")
			err = fmt.Errorf("reading it makes Badger's table reader panic (%s)", msg)
		}
	}()
	// OnBlockRead: the blocks opening reads (first and last keys) are checked as
	// Badger's open checks them; the index's checksum is checked in every mode.
	t, err := table.OpenInMemoryTable(data, tf.id, &table.Options{ChkMode: options.OnBlockRead, Compression: tf.compression})
	if err != nil || !blocks {
		return err
	}
	return t.VerifyChecksum()
}
