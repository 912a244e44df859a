package ndjson_test

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"runtime"
	"testing"

	"claimgraph/ndjson"
	"claimgraph/synth"
)

// benchLines returns the record lines of a synthetic corpus (the generator that the
// import benchmark uses, 2,000 claims), by record type and all in file order.
func benchLines(b *testing.B) (byType map[string][][]byte, all [][]byte) {
	b.Helper()
	var gen bytes.Buffer
	if _, err := synth.Write(context.Background(), &gen, synth.Config{Claims: 2000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	rd := ndjson.NewReader(&gen)
	byType = map[string][][]byte{}
	for {
		line, err := rd.ReadLine()
		if err == io.EOF {
			return byType, all
		}
		if err != nil {
			b.Fatal(err)
		}
		line = bytes.Clone(line)
		rec, err := ndjson.Decode(line, rd.Line())
		if err != nil {
			b.Fatal(err)
		}
		typ := reflect.TypeOf(rec.Node()).Elem().Name()
		byType[typ] = append(byType[typ], line)
		all = append(all, line)
	}
}

var benchTypes = []string{"Event", "Actor", "Source", "Claim", "Attribution", "ClaimRelation", "Review"}

// BenchmarkDecode decodes one line of a type an op, going round the corpus's lines of
// that type.
func BenchmarkDecode(b *testing.B) {
	byType, _ := benchLines(b)
	for _, typ := range benchTypes {
		lines := byType[typ]
		b.Run(typ, func(b *testing.B) {
			size := 0
			for _, l := range lines {
				size += len(l)
			}
			b.SetBytes(int64(size / len(lines)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := ndjson.Decode(lines[i], 2); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(lines) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkDecodeLines decodes the corpus in chunks of 256 lines, as the import does
// (storage's readChunkLen); an op is one chunk, and ns/line and allocs/line are per
// line.
func BenchmarkDecodeLines(b *testing.B) {
	_, all := benchLines(b)
	type chunk struct {
		data        []byte
		ends, lines []int
	}
	var chunks []chunk
	size := 0
	for i := 0; i < len(all); i += 256 {
		var c chunk
		for j, l := range all[i:min(i+256, len(all))] {
			c.data = append(c.data, l...)
			c.ends = append(c.ends, len(c.data))
			c.data = append(c.data, '\n')
			c.lines = append(c.lines, i+j+2)
		}
		size += len(c.data)
		chunks = append(chunks, c)
	}
	b.SetBytes(int64(size / len(chunks)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n, lines := 0, 0
	for b.Loop() {
		c := chunks[n%len(chunks)]
		if _, err := ndjson.DecodeLines(c.data, c.ends, c.lines); err != nil {
			b.Fatal(err)
		}
		n++
		lines += len(c.ends)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(lines), "ns/line")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(lines), "allocs/line")
}
