package ndjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"claimgraph/prov"
)

// Format and Version are the header's values.
const (
	Format  = "claimgraph"
	Version = 1
)

// MaxLineLen bounds one line, which must hold a source's archived text.
const MaxLineLen = prov.MaxSourceTextLen*2 + 1<<20

// Record is one line: exactly one of its fields is set.
type Record struct {
	Event       *prov.Event
	Actor       *prov.Actor
	Source      *prov.Source
	Claim       *prov.Claim
	Attribution *prov.Attribution
	Relation    *prov.ClaimRelation
	Review      *prov.Review
}

// Node returns the record's node, nil for an empty record.
func (r Record) Node() interface{ NodeID() prov.ID } {
	switch {
	case r.Event != nil:
		return r.Event
	case r.Actor != nil:
		return r.Actor
	case r.Source != nil:
		return r.Source
	case r.Claim != nil:
		return r.Claim
	case r.Attribution != nil:
		return r.Attribution
	case r.Relation != nil:
		return r.Relation
	case r.Review != nil:
		return r.Review
	}
	return nil
}

type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
}

// Writer writes records, starting with the header.
type Writer struct {
	w      *bufio.Writer
	header bool
}

// NewWriter returns a Writer on w; call Flush when done.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 64<<10)} }

// Write writes one record as a line. It returns an error when the record is empty or w
// fails.
func (w *Writer) Write(r Record) error {
	if !w.header {
		w.header = true
		if err := w.line("", header{Format, Version}); err != nil {
			return err
		}
	}
	switch {
	case r.Event != nil:
		return w.line("event", r.Event)
	case r.Actor != nil:
		return w.line("actor", r.Actor)
	case r.Source != nil:
		return w.line("source", r.Source)
	case r.Claim != nil:
		return w.line("claim", r.Claim)
	case r.Attribution != nil:
		return w.line("attribution", r.Attribution)
	case r.Relation != nil:
		return w.line("relation", r.Relation)
	case r.Review != nil:
		return w.line("review", r.Review)
	}
	return errors.New("ndjson: empty record")
}

func (w *Writer) line(typ string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if typ != "" {
		w.w.WriteString(`{"type":"` + typ + `"`)
		if len(b) > 2 {
			w.w.WriteByte(',')
		}
		b = b[1:]
	}
	w.w.Write(b)
	return w.w.WriteByte('\n')
}

// Flush writes the header if nothing was written yet, then any buffered data.
func (w *Writer) Flush() error {
	if !w.header {
		w.header = true
		if err := w.line("", header{Format, Version}); err != nil {
			return err
		}
	}
	return w.w.Flush()
}

// Reader reads records.
type Reader struct {
	s      *bufio.Scanner
	line   int
	offset int64
	header bool
}

// NewReader returns a Reader on r.
func NewReader(r io.Reader) *Reader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), MaxLineLen)
	return &Reader{s: s}
}

// Line returns the number of the line last read, counting from 1.
func (r *Reader) Line() int { return r.line }

// Offset returns how many bytes of the input the lines read so far take, counting one
// byte for each line's end.
func (r *Reader) Offset() int64 { return r.offset }

// Read returns the next record, io.EOF at the end, or an EINVALID error that names the
// line and what is wrong with it: a missing or foreign header, an unknown type or
// field, malformed JSON, a byte sequence that is not UTF-8 or a lone surrogate escape
// (\udc80), which a JSON decoder would silently replace with U+FFFD (these name the
// field and the column too). Records are decoded, not validated.
func (r *Reader) Read() (Record, error) {
	b, err := r.ReadLine()
	if err != nil {
		return Record{}, err
	}
	return Decode(b, r.line)
}

// ReadLine is Read without the decoding of the record: it returns the next record's
// line, trimmed, for Decode (which may run on another goroutine), after checking the
// header. The bytes are valid until the next call.
func (r *Reader) ReadLine() ([]byte, error) {
	for r.s.Scan() {
		r.line++
		raw := r.s.Bytes()
		r.offset += int64(len(raw)) + 1
		b := bytes.TrimSpace(raw)
		if len(b) == 0 {
			continue
		}
		if field, msg := textError(raw); msg != "" {
			return nil, r.errorf("%s", r.textField(b, field)+msg)
		}
		if !r.header {
			var h header
			if err := strictUnmarshal(b, &h); err != nil || h.Format != Format {
				return nil, r.errorf("want the header {\"format\":%q,\"version\":%d} as the first line", Format, Version)
			}
			if h.Version != Version {
				return nil, r.errorf("format version %d is not supported (this build reads version %d)", h.Version, Version)
			}
			r.header = true
			continue
		}
		return b, nil
	}
	if err := r.s.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, prov.Errorf(prov.EINVALID, "line %d: longer than %d bytes", r.line+1, MaxLineLen)
		}
		return nil, err
	}
	if !r.header {
		return nil, prov.Errorf(prov.EINVALID, "line 1: empty input: want the header {\"format\":%q,\"version\":%d}", Format, Version)
	}
	return nil, io.EOF
}

// Decode decodes one record line (without the header), which was line number line of
// its file, with the errors of Read.
func Decode(b []byte, line int) (Record, error) {
	if rec, ok := fastDecode(b); ok {
		return rec, nil
	}
	return strictDecode(b, line)
}

// strictDecode is Decode with encoding/json, which rejects unknown fields: the
// decoding that says what is wrong with a line, and that fastDecode matches.
func strictDecode(b []byte, line int) (Record, error) {
	errorf := func(format string, args ...any) error {
		return prov.Errorf(prov.EINVALID, "line %d: %s", line, fmt.Sprintf(format, args...))
	}
	var t struct {
		Type string `json:"type"`
	}
	if typ, ok := leadingType(b); ok {
		t.Type = typ // what the Writer writes: skip a decode of the whole line
	} else if err := json.Unmarshal(b, &t); err != nil {
		return Record{}, errorf("%s", jsonError(err))
	}
	rec, target, err := newTarget(t.Type)
	if err != nil {
		return Record{}, errorf("%s", prov.ErrorMessage(err))
	}
	if err := strictUnmarshal(b, target); err != nil {
		return Record{}, errorf("%s: %s", t.Type, jsonError(err))
	}
	return rec, nil
}

// DecodeLines decodes consecutive record lines as Decode does: data holds the lines,
// each followed by a newline; ends[i] is where line i ends (before its newline) and
// lines[i] its line number. It returns the records of the lines before the first
// that Decode rejects, and Decode's error for that line.
func DecodeLines(data []byte, ends, lines []int) ([]Record, error) {
	out := make([]Record, 0, len(ends))
	start := 0
	for i, end := range ends {
		rec, err := Decode(data[start:end], lines[i])
		if err != nil {
			return out, err
		}
		out = append(out, rec)
		start = end + 1
	}
	return out, nil
}

// newTarget returns an empty record of type typ and what to decode a line of it into:
// a struct that has "type" besides the node's fields, so that the decoder, which
// rejects unknown fields, accepts it.
func newTarget(typ string) (Record, any, error) {
	var rec Record
	var target any
	switch typ {
	case "event":
		rec.Event = &prov.Event{}
		target = &struct {
			Type string `json:"type"`
			*prov.Event
		}{Event: rec.Event}
	case "actor":
		rec.Actor = &prov.Actor{}
		target = &struct {
			Type string `json:"type"`
			*prov.Actor
		}{Actor: rec.Actor}
	case "source":
		rec.Source = &prov.Source{}
		target = &struct {
			Type string `json:"type"`
			*prov.Source
		}{Source: rec.Source}
	case "claim":
		rec.Claim = &prov.Claim{}
		target = &struct {
			Type string `json:"type"`
			*prov.Claim
		}{Claim: rec.Claim}
	case "attribution":
		rec.Attribution = &prov.Attribution{}
		target = &struct {
			Type string `json:"type"`
			*prov.Attribution
		}{Attribution: rec.Attribution}
	case "relation":
		rec.Relation = &prov.ClaimRelation{}
		target = &struct {
			Type string `json:"type"`
			*prov.ClaimRelation
		}{ClaimRelation: rec.Relation}
	case "review":
		rec.Review = &prov.Review{}
		target = &struct {
			Type string `json:"type"`
			*prov.Review
		}{Review: rec.Review}
	case "":
		return Record{}, nil, prov.Errorf(prov.EINVALID, "missing \"type\" (want event, actor, source, claim, attribution, relation or review)")
	default:
		return Record{}, nil, prov.Errorf(prov.EINVALID, "unknown type %q (want event, actor, source, claim, attribution, relation or review)", typ)
	}
	return rec, target, nil
}

// leadingType returns the record type of a line that starts {"type":"NAME", as the
// Writer writes them; the strict decode that follows checks the whole line anyway.
func leadingType(b []byte) (string, bool) {
	typ, ok := leadingTypeBytes(b)
	return string(typ), ok
}

// leadingTypeBytes is leadingType without the allocation of a string.
func leadingTypeBytes(b []byte) ([]byte, bool) {
	const prefix = `{"type":"`
	if !bytes.HasPrefix(b, []byte(prefix)) {
		return nil, false
	}
	rest := b[len(prefix):]
	end := bytes.IndexByte(rest, '"')
	if end <= 0 || end > 16 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return nil, false
	}
	return rest[:end], true
}

// textField returns the prefix naming the field a text error is in, as the prov
// package names fields ("actor.name: "), or "" when it is in no field.
func (r *Reader) textField(line []byte, field string) string {
	if field == "" {
		return ""
	}
	if !r.header {
		return "header " + field + ": "
	}
	if typ, ok := leadingType(line); ok && recordTypes[typ] {
		return typ + "." + field + ": "
	}
	return field + ": "
}

// recordTypes are the values of a record's "type".
var recordTypes = map[string]bool{"event": true, "actor": true, "source": true, "claim": true, "attribution": true, "relation": true, "review": true}

func (r *Reader) errorf(format string, args ...any) error {
	return prov.Errorf(prov.EINVALID, "line %d: %s", r.line, fmt.Sprintf(format, args...))
}

func strictUnmarshal(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("more than one JSON value on the line")
	}
	return nil
}

// jsonError turns a decoding error into a message that names the field.
func jsonError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		// The record is decoded through a wrapper struct: drop its Go field name.
		field := te.Field
		if _, rest, ok := strings.Cut(field, "."); ok {
			field = rest
		}
		return fmt.Sprintf("field %q: want %s, got %s", field, te.Type, te.Value)
	}
	var pe *prov.Error
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}
