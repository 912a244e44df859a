package ndjson

import "testing"

// BenchmarkTextError is the text check on a typical attribution line (350 bytes, some
// of them not ASCII), which every line read pays before it is decoded.
func BenchmarkTextError(b *testing.B) {
	line := []byte(`{"type":"attribution","id":"att_0000000000014","claim":"clm_000000000000y","source":"src_000000000000f","quote":"At 4:00 p.m. (EST) Feb. 02, U.S. Central Command (CENTCOM) forces conducted airstrikes in Iraq and Syria against Iran’s Islamic Revolutionary Guards Corps","start":1015,"end":1143,"mention":"CENTCOM","cue":"said","kind":"DIRECT","viaSource":"src_0000000000005"}`)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, msg := textError(line); msg != "" {
			b.Fatal(msg)
		}
	}
}
