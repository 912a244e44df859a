package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"claimgraph/demo"
	"claimgraph/prov"
	"claimgraph/storage"
)

// TestCorruptionMatrix damages one file of a store at a time, the way a failing disk
// or a torn write would, and checks that the store then refuses to open with a message
// that says what is wrong, or opens degraded, or fails verify, or reads back exactly
// what was acknowledged: it never serves missing or altered data as if it were fine.
//
// The undamaged store is the image a crash leaves: it is copied while still open after
// its last acknowledged write, so it has a write-ahead log (.mem) and an active value
// log as well as the table (.sst) the first close flushed.
func TestCorruptionMatrix(t *testing.T) {
	ctx := context.Background()
	pristine, wantExport, wantHead := buildCorruptionStore(t)

	t.Run("the undamaged crash image opens intact", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		copyDir(t, pristine, dir)
		o := openDamaged(ctx, dir, wantExport, wantHead)
		if o.kind != outcomeIntact || o.problem != "" {
			t.Fatalf("outcome %s: %s %s", o.kind, o.detail, o.problem)
		}
	})

	type target struct {
		name string // the row's name
		file string
	}
	var targets []target
	files := storeFiles(t, pristine)
	add := func(name, file string) {
		if file == "" {
			t.Fatalf("the store has no %s file: %v", name, files)
		}
		targets = append(targets, target{name, file})
	}
	add("MANIFEST", "MANIFEST")
	add("newest .sst", newest(files, ".sst"))
	add("newest .mem (write-ahead log)", newest(files, ".mem"))
	add("newest .vlog (active)", newest(files, ".vlog"))
	add("oldest .vlog (sealed)", oldest(files, ".vlog"))
	add("KEYREGISTRY", "KEYREGISTRY")
	add(storage.HeadFileName, storage.HeadFileName)

	type damage struct {
		name  string
		apply func(path string, end int64) error
	}
	flipAt := func(frac float64) damage {
		return damage{fmt.Sprintf("flip byte at %.1f%%", frac*100), func(path string, end int64) error {
			return flipByte(path, int64(float64(end)*frac))
		}}
	}
	truncTail := func(frac float64) damage {
		return damage{fmt.Sprintf("truncate last %.0f%%", frac*100), func(path string, end int64) error {
			cut := max(1, int64(float64(end)*frac))
			return os.Truncate(path, end-cut)
		}}
	}
	// The first byte of a table is the length prefix of its first block's compressed
	// data: flipping it once made Badger's table reader panic at open (see checkTables).
	damages := []damage{
		{"flip the first byte", func(path string, end int64) error { return flipByte(path, 0) }},
		flipAt(0.5),
		{"truncate last 64 bytes", func(path string, end int64) error { return os.Truncate(path, max(0, end-64)) }},
	}
	if longRun() {
		for k := 1; k < 64; k++ {
			if k != 32 {
				damages = append(damages, flipAt(float64(k)/64))
			}
		}
		damages = append(damages, truncTail(0.01), truncTail(0.25), truncTail(0.5), truncTail(0.9))
	}

	var table []string
	counts := map[outcomeKind]int{}
	perFile := map[string]map[outcomeKind]int{}
	for _, tg := range targets {
		for _, dm := range damages {
			name := tg.name + ": " + dm.name
			t.Run(name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "data")
				copyDir(t, pristine, dir)
				path := filepath.Join(dir, tg.file)
				end, err := dataEnd(path)
				if err != nil {
					t.Fatal(err)
				}
				if err := dm.apply(path, end); err != nil {
					t.Fatal(err)
				}
				o := openDamaged(ctx, dir, wantExport, wantHead)
				counts[o.kind]++
				if perFile[tg.name] == nil {
					perFile[tg.name] = map[outcomeKind]int{}
				}
				perFile[tg.name][o.kind]++
				table = append(table, fmt.Sprintf("| %s | %s (%d data bytes) | %s | %s |", tg.name, dm.name, end, o.kind, mdEscape(o.detail)))
				switch o.kind {
				case outcomeServesWrongData:
					t.Fatalf("SILENT DAMAGE: the store opens writable and verify passes, but %s", o.detail)
				case outcomeRefused:
					if !clearOpenError(o.detail, dir, tg.file) {
						t.Errorf("the open error does not name %s and say it is damaged: %s", tg.file, o.detail)
					}
				}
				if o.problem != "" {
					t.Errorf("%s: %s", o.kind, o.problem)
				}
			})
		}
	}
	kinds := []outcomeKind{outcomeRefused, outcomeReadOnly, outcomeVerifyFails, outcomeIntact, outcomeServesWrongData}
	summary := "| file | cases |"
	for _, k := range kinds {
		summary += " " + string(k) + " |"
	}
	summary += "\n|---|---|---|---|---|---|---|"
	for _, tg := range targets {
		n := 0
		row := ""
		for _, k := range kinds {
			n += perFile[tg.name][k]
			row += fmt.Sprintf(" %d |", perFile[tg.name][k])
		}
		summary += fmt.Sprintf("\n| %s | %d |%s", tg.name, n, row)
	}
	t.Logf("outcomes of %d cases: %v\n%s\n\n| file | damage | outcome | what the store says |\n|---|---|---|---|\n%s",
		len(table), counts, summary, strings.Join(table, "\n"))
}

type outcomeKind string

const (
	outcomeRefused         outcomeKind = "refuses to open"
	outcomeReadOnly        outcomeKind = "opens degraded"
	outcomeVerifyFails     outcomeKind = "verify names the damage"
	outcomeIntact          outcomeKind = "reads back intact"
	outcomeServesWrongData outcomeKind = "SERVES WRONG DATA"
)

type outcome struct {
	kind   outcomeKind
	detail string
	// problem, when set, is how the store mishandled the damage it noticed.
	problem string
}

// openDamaged opens the store in dir and classifies what it does with the damage. A
// store that opens read-only must report itself degraded (so a server flags every
// answer) and refuse backups; one whose verify fails must refuse a backup too, naming
// the damaged key. What reads return then is recorded in the detail.
func openDamaged(ctx context.Context, dir, wantExport string, wantHead storage.Head) outcome {
	s, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		return outcome{kind: outcomeRefused, detail: err.Error()}
	}
	defer s.Close()
	reads := func() string {
		var b bytes.Buffer
		if err := s.Export(ctx, &b); err != nil {
			return "reads fail: " + err.Error()
		}
		if b.String() == wantExport {
			return "reads return every acknowledged record"
		}
		return fmt.Sprintf("reads return %d of %d acknowledged export lines", strings.Count(b.String(), "\n"), strings.Count(wantExport, "\n"))
	}
	if err := s.Writable(); err != nil {
		// Writes, backups and exports are refused, a server flags every answer, and
		// verify (the command checks both) fails.
		o := outcome{kind: outcomeReadOnly, detail: err.Error() + " (" + reads() + ")"}
		if d := s.Degraded(); d == nil || d.Error() != err.Error() {
			o.problem = fmt.Sprintf("writes are refused (%v) but Degraded() = %v", err, d)
		} else if _, berr := s.Backup(ctx, io.Discard, 0); prov.ErrorCode(berr) != prov.EUNAVAILABLE || !strings.Contains(berr.Error(), "integrity check") {
			o.problem = fmt.Sprintf("the backup of the degraded store = %v, want a refusal", berr)
		}
		return o
	}
	if _, err := s.Verify(ctx); err != nil {
		o := outcome{kind: outcomeVerifyFails, detail: err.Error() + " (" + reads() + ")"}
		if _, berr := s.Backup(ctx, io.Discard, 0); !errors.Is(berr, storage.ErrCorrupt) || !strings.Contains(berr.Error(), "key ") {
			o.problem = fmt.Sprintf("verify fails but the backup = %v, want it to stop at the damaged key", berr)
		}
		return o
	}
	var b bytes.Buffer
	if err := s.Export(ctx, &b); err != nil {
		return outcome{kind: outcomeServesWrongData, detail: fmt.Sprintf("export fails although verify passed: %v", err)}
	}
	if b.String() != wantExport {
		return outcome{kind: outcomeServesWrongData, detail: fmt.Sprintf("the export differs from the acknowledged data (%d bytes, want %d)", b.Len(), len(wantExport))}
	}
	if h := s.Head(); h != wantHead {
		return outcome{kind: outcomeServesWrongData, detail: fmt.Sprintf("the audit head is entry %d, want %d", h.Seq, wantHead.Seq)}
	}
	if s.Degraded() != nil {
		return outcome{kind: outcomeIntact, problem: "an intact store reports itself degraded"}
	}
	return outcome{kind: outcomeIntact, detail: "every record, text and the audit head are as acknowledged"}
}

// clearOpenError reports whether an open error, without the store's directory (whose
// test-made name holds the file's), names the damaged file and says it is damaged, in
// words that say so: Badger's own "Invalid datakey id" for a damaged log header does
// not.
func clearOpenError(msg, dir, file string) bool {
	msg = strings.ToLower(strings.ReplaceAll(msg, dir, "DIR"))
	if !strings.Contains(msg, strings.ToLower(file)) {
		return false
	}
	for _, w := range []string{"is damaged", "checksum mismatch", "bad magic"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// buildCorruptionStore writes a store, closes it (the memtable becomes a table), writes
// more, and copies it while open: the image of a crash after the last write. It
// returns the copy, its export and its audit head.
func buildCorruptionStore(t *testing.T) (dir, export string, head storage.Head) {
	ctx := context.Background()
	live := filepath.Join(t.TempDir(), "live")
	s, err := storage.Open(storage.Options{Dir: live, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Import(ctx, bytes.NewReader(demo.Data)); err != nil {
		t.Fatal(err)
	}
	big := func(tag string) *prov.Source {
		text := tag + " " + strings.Repeat("the strikes hit 85 targets; ", largeText/28+1)
		return must(s.CreateSource(ctx, &prov.Source{Title: tag, Kind: prov.SourceArticle, Text: &text}))(t)
	}
	first := big("first large source")
	big("second large source")
	c := newClaim(t, s, "a claim in the first table", prov.ID{}, prov.ID{})
	newAttribution(t, s, c.ID, first.ID, "first large source") // once in the text, so it gets a span
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = storage.Open(storage.Options{Dir: live, MinFreeBytes: -1, GCInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	third := big("third large source, in the active value log")
	for i := range 20 {
		c := newClaim(t, s, fmt.Sprintf("claim %d in the write-ahead log", i), prov.ID{}, prov.ID{})
		newAttribution(t, s, c.ID, third.ID, "third large source")
	}
	must(s.UpdateClaim(ctx, c.ID, func(c *prov.Claim) error { c.Text = "updated after reopening"; return nil }))(t)
	claims := must(s.Claims(ctx, storage.ClaimFilter{Text: "Syrian government"}, storage.Page{First: storage.DefaultPageSize}))(t)
	must(s.DeleteClaim(ctx, claims.Items[0].ID))(t)
	big("fourth large source")

	dir = filepath.Join(t.TempDir(), "pristine")
	copyDir(t, live, dir)
	return dir, exportString(t, s), s.Head()
}

// storeFiles lists the regular files of a store directory.
func storeFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// newest returns the file with the highest number among those ending in ext (Badger's
// names are zero-padded), oldest the lowest; "" when there is none.
func newest(files []string, ext string) string {
	var last string
	for _, f := range files {
		if strings.HasSuffix(f, ext) {
			last = f
		}
	}
	return last
}

func oldest(files []string, ext string) string {
	for _, f := range files {
		if strings.HasSuffix(f, ext) {
			return f
		}
	}
	return ""
}

func flipByte(path string, off int64) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		return fmt.Errorf("read byte %d: %w", off, err)
	}
	b[0] ^= 0x5a
	if _, err := f.WriteAt(b, off); err != nil {
		return err
	}
	return f.Close()
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// TestOpenInUse checks that the table check run before Badger opens a store leaves a
// store another open holds alone, so the error is still Badger's directory lock.
func TestOpenInUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s := MustOpenDir(t, dir)
	newEvent(t, s, "flushed")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = MustOpenDir(t, dir) // now with a table to check
	if _, err := storage.Open(storage.Options{Dir: dir, MinFreeBytes: -1, GCInterval: -1}); err == nil || !strings.Contains(err.Error(), "directory lock") {
		t.Fatalf("second open = %v, want Badger's directory lock error", err)
	}
}
