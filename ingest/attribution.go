package ingest

import (
	"math"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"claimgraph/prov"
)

// Attribution is one statement an article attributes to a speaker.
//
// All offsets count Unicode code points in the NFC form of the article text, end
// exclusive, as the store does (prov.Attribution.Start/End): for the text t given to
// Extract, prov.SliceRunes(norm.NFC.String(t), Start, End) == Content.
type Attribution struct {
	// Speaker is the resolved speaker: the Directory's canonical name when the
	// mention resolves to a known actor, else the mention's canonical form ("Donald
	// Trump" for "President Donald Trump", "US official" for "One US official").
	Speaker string
	// Known reports whether Speaker came from the Directory.
	Known bool
	// Mention is how the article names the speaker here ("It", "the official",
	// "US Defence Secretary Pete Hegseth"); for a quotation continued without a
	// cue it is the earlier mention the quotation continues.
	Mention                  string
	MentionStart, MentionEnd int
	// Cue is the attribution cue as written ("said", "has consistently repudiated",
	// "according to", "as reported by").
	Cue string
	// Kind is direct (all quoted), indirect (reported speech) or mixed (reported
	// speech with quoted fragments).
	Kind prov.AttributionKind
	// Content is the attributed statement: for a direct quotation the text inside the
	// quotation marks, else the reported clause (with any quotation marks in it).
	Content    string
	Start, End int
	// Medium is how the statement was made when the article says so ("statement",
	// "social media", "post on X", "news conference"), else nil.
	Medium *string
	// Via is the intermediary the article names ("reporters", "NBC News"), else nil.
	Via *string
	// Confidence in [0,1] grows with how explicit the construction and speaker are.
	Confidence float64
}

// Prov returns the attribution as a prov.Attribution with Quote, Start, End, Mention,
// Cue, Kind and Medium set; IDs, the claim, the source and the intermediary are the
// caller's to fill in.
func (a Attribution) Prov() prov.Attribution {
	start, end := a.Start, a.End
	p := prov.Attribution{Quote: a.Content, Start: &start, End: &end, Kind: a.Kind, Medium: a.Medium}
	if a.Mention != "" {
		m := a.Mention
		p.Mention = &m
	}
	if a.Cue != "" {
		c := a.Cue
		p.Cue = &c
	}
	return p
}

// JSONAttribution is the JSON form `claimgraph extract --json` prints, one element of
// an array per attribution. Kind is lower case ("direct", "indirect", "mixed");
// medium and via are null when the text does not say; start and end count code
// points in the NFC text.
type JSONAttribution struct {
	Speaker    string  `json:"speaker"`
	Mention    string  `json:"mention"`
	Cue        string  `json:"cue"`
	Kind       string  `json:"kind"`
	Content    string  `json:"content"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Medium     *string `json:"medium"`
	Via        *string `json:"via"`
	Confidence float64 `json:"confidence"`
}

// JSON returns the attributions in their JSON form, never nil (an empty slice marshals
// as []).
func JSON(atts []Attribution) []JSONAttribution {
	out := make([]JSONAttribution, 0, len(atts))
	for _, a := range atts {
		out = append(out, JSONAttribution{
			Speaker: a.Speaker, Mention: a.Mention, Cue: a.Cue,
			Kind:    strings.ToLower(string(a.Kind)),
			Content: a.Content, Start: a.Start, End: a.End,
			Medium: a.Medium, Via: a.Via, Confidence: a.Confidence,
		})
	}
	return out
}

// Extract returns every statement text attributes to someone, in text order.
//
// Extract NFC-normalises text itself (a no-op for text that is already NFC, as the
// store keeps it); offsets refer to the NFC text. dir resolves speakers to known
// actors and may be nil, in which case each speaker is the canonical form of its
// mention. Extract never fails: text without attributions, or that is not valid
// UTF-8 or longer than 1 GiB, yields nil.
func Extract(text string, dir Directory) []Attribution {
	if !utf8.ValidString(text) || len(text) > math.MaxInt32/2 {
		return nil
	}
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	x := newExtractor(text, dir)
	x.run()
	return x.results()
}
