package prov

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// AttributionKind says whether a source quotes a claim or reports it in its own words.
type AttributionKind string

const (
	AttributionDirect   AttributionKind = "DIRECT"
	AttributionIndirect AttributionKind = "INDIRECT"
	AttributionMixed    AttributionKind = "MIXED"
)

// AttributionKinds lists every AttributionKind.
var AttributionKinds = []AttributionKind{AttributionDirect, AttributionIndirect, AttributionMixed}

// Attribution is one appearance of a claim in a source, in the source's own words.
type Attribution struct {
	ID       ID `json:"id"`
	ClaimID  ID `json:"claim"`
	SourceID ID `json:"source"`
	// Quote is the exact text of the source that carries the claim.
	Quote string `json:"quote"`
	// Start and End locate Quote in the source's NFC text in Unicode code points, end
	// exclusive (a W3C Web Annotation TextPositionSelector); both nil when unknown.
	Start *int `json:"start,omitempty"`
	End   *int `json:"end,omitempty"`
	// Mention is how the source names the speaker here ("One US official").
	Mention *string `json:"mention,omitempty"`
	// Cue is the attribution cue ("said", "according to").
	Cue    *string         `json:"cue,omitempty"`
	Kind   AttributionKind `json:"kind"`
	Medium *string         `json:"medium,omitempty"`
	// ViaActorID and ViaSourceID name the intermediary the source says it got the claim
	// through ("told NBC News"); zero when none is named.
	ViaActorID  ID `json:"viaActor,omitzero"`
	ViaSourceID ID `json:"viaSource,omitzero"`
	// Extraction is set when the extractor proposed the attribution.
	Extraction *Extraction `json:"extraction,omitempty"`
}

// NodeID returns the attribution's ID.
func (a *Attribution) NodeID() ID { return a.ID }

// HasSpan reports whether the attribution's offsets are known.
func (a *Attribution) HasSpan() bool { return a.Start != nil && a.End != nil }

// Validate returns an EINVALID error naming the first field that is wrong. It checks the
// span's shape; CheckSpan checks it against a text.
func (a *Attribution) Validate() error {
	if err := checkRef("attribution.id", a.ID, TypeAttribution); err != nil {
		return err
	}
	if a.ClaimID.IsZero() {
		return Errorf(EINVALID, "attribution.claim: required")
	}
	if err := checkRef("attribution.claim", a.ClaimID, TypeClaim); err != nil {
		return err
	}
	if a.SourceID.IsZero() {
		return Errorf(EINVALID, "attribution.source: required")
	}
	if err := checkRef("attribution.source", a.SourceID, TypeSource); err != nil {
		return err
	}
	if err := checkName("attribution.quote", a.Quote); err != nil {
		return err
	}
	if (a.Start == nil) != (a.End == nil) {
		return Errorf(EINVALID, "attribution.start/end: give both offsets or neither")
	}
	if a.HasSpan() {
		if *a.Start < 0 {
			return Errorf(EINVALID, "attribution.start: %d is negative", *a.Start)
		}
		if *a.End <= *a.Start {
			return Errorf(EINVALID, "attribution.end: %d is not after start %d", *a.End, *a.Start)
		}
		if n := utf8.RuneCountInString(a.Quote); *a.End-*a.Start != n {
			return Errorf(EINVALID, "attribution.end: span %d..%d is %d code points but the quote has %d", *a.Start, *a.End, *a.End-*a.Start, n)
		}
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"attribution.mention", a.Mention}, {"attribution.cue", a.Cue}, {"attribution.medium", a.Medium}} {
		if err := checkOptional(f.name, f.v); err != nil {
			return err
		}
	}
	if err := CheckEnum("attribution.kind", a.Kind, AttributionKinds); err != nil {
		return err
	}
	if err := checkRef("attribution.viaActor", a.ViaActorID, TypeActor); err != nil {
		return err
	}
	if err := checkRef("attribution.viaSource", a.ViaSourceID, TypeSource); err != nil {
		return err
	}
	return a.Extraction.Validate("attribution")
}

// CheckSpan returns an EINVALID error when the attribution's span lies outside text or
// the text there is not the quote. An attribution without a span passes; PlaceQuote
// also checks that its quote is in the text.
func (a *Attribution) CheckSpan(text string) error {
	if !a.HasSpan() {
		return nil
	}
	got, ok := SliceRunes(text, *a.Start, *a.End)
	if !ok {
		return Errorf(EINVALID, "attribution.end: span %d..%d lies outside the source text of %d code points", *a.Start, *a.End, utf8.RuneCountInString(text))
	}
	if got != a.Quote {
		return Errorf(EINVALID, "attribution.quote: does not match the source text at %d..%d, which reads %q", *a.Start, *a.End, got)
	}
	return nil
}

// SliceRunes returns text[start:end] counted in code points, and false when the range
// does not lie inside text.
func SliceRunes(text string, start, end int) (string, bool) {
	if start < 0 || end < start {
		return "", false
	}
	i, from := 0, -1
	for pos := range text {
		if i == start {
			from = pos
		}
		if i == end {
			return text[from:pos], true
		}
		i++
	}
	if i == end && from >= 0 {
		return text[from:], true
	}
	if i == end && start == end {
		return "", true
	}
	return "", false
}

// maxListedOccurrences bounds how many places PlaceQuote's error lists.
const maxListedOccurrences = 5

// PlaceQuote checks the attribution against its source's NFC text. With a span it is
// CheckSpan. Without one the quote must occur in text: when it occurs exactly once,
// PlaceQuote sets Start and End to that place; when it occurs more than once (the
// span would be a guess) or not at all, it returns an EINVALID error saying so, with
// the places it occurs. The quote is compared as it is, so the caller normalises it to
// NFC as the text is.
func (a *Attribution) PlaceQuote(text string) error {
	if a.HasSpan() {
		return a.CheckSpan(text)
	}
	var places []int // byte offsets
	for from := 0; from <= len(text); {
		i := strings.Index(text[from:], a.Quote)
		if i < 0 {
			break
		}
		places = append(places, from+i)
		// Occurrences may overlap ("aa" twice in "aaa"): go on from the next code point.
		_, size := utf8.DecodeRuneInString(text[from+i:])
		from += i + max(size, 1)
	}
	n := utf8.RuneCountInString(a.Quote)
	switch len(places) {
	case 0:
		return Errorf(EINVALID, "attribution.quote: does not occur in the archived text of source %s; give the text's exact words", a.SourceID)
	case 1:
		start := utf8.RuneCountInString(text[:places[0]])
		end := start + n
		a.Start, a.End = &start, &end
		return nil
	}
	var list []string
	for _, p := range places[:min(len(places), maxListedOccurrences)] {
		start := utf8.RuneCountInString(text[:p])
		list = append(list, strconv.Itoa(start)+".."+strconv.Itoa(start+n))
	}
	if len(places) > maxListedOccurrences {
		list = append(list, "…")
	}
	return Errorf(EINVALID, "attribution.quote: occurs %d times in the archived text of source %s (at %s); give start and end to say which", len(places), a.SourceID, strings.Join(list, ", "))
}
