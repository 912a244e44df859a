package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"claimgraph/prov"
)

// want is an expected attribution; empty fields are not checked.
type want struct {
	speaker, content string
	kind             prov.AttributionKind
	cue, medium, via string
}

const (
	direct   = prov.AttributionDirect
	indirect = prov.AttributionIndirect
	mixed    = prov.AttributionMixed
)

// checkExtract runs Extract and checks that it finds exactly the wanted attributions
// (by content), each with the wanted fields, and that every span is exact.
func checkExtract(t *testing.T, text string, dir Directory, wants []want) {
	t.Helper()
	got := Extract(text, dir)
	checkSpans(t, text, got)
	byContent := map[string]Attribution{}
	for _, a := range got {
		byContent[a.Content] = a
	}
	for _, w := range wants {
		a, ok := byContent[w.content]
		if !ok {
			t.Errorf("missing %q (%s)", w.content, w.speaker)
			continue
		}
		delete(byContent, w.content)
		if w.speaker != "" && a.Speaker != w.speaker {
			t.Errorf("%q: speaker %q, want %q (mention %q)", w.content, a.Speaker, w.speaker, a.Mention)
		}
		if w.kind != "" && a.Kind != w.kind {
			t.Errorf("%q: kind %s, want %s", w.content, a.Kind, w.kind)
		}
		if w.cue != "" && a.Cue != w.cue {
			t.Errorf("%q: cue %q, want %q", w.content, a.Cue, w.cue)
		}
		if w.medium != "" && deref(a.Medium) != w.medium {
			t.Errorf("%q: medium %q, want %q", w.content, deref(a.Medium), w.medium)
		}
		if w.via != "" && deref(a.Via) != w.via {
			t.Errorf("%q: via %q, want %q", w.content, deref(a.Via), w.via)
		}
	}
	for c, a := range byContent {
		t.Errorf("unexpected %q by %q (cue %q)", c, a.Speaker, a.Cue)
	}
}

// checkSpans checks that every attribution's spans are code-point offsets into the NFC
// text that hold its content and mention.
func checkSpans(t *testing.T, text string, got []Attribution) {
	t.Helper()
	nfc := norm.NFC.String(text)
	n := utf8.RuneCountInString(nfc)
	for _, a := range got {
		if a.Start < 0 || a.End > n || a.Start >= a.End {
			t.Errorf("%q: span %d..%d outside text of %d code points", a.Content, a.Start, a.End, n)
			continue
		}
		if s, ok := prov.SliceRunes(nfc, a.Start, a.End); !ok || s != a.Content {
			t.Errorf("span %d..%d holds %q, content is %q", a.Start, a.End, s, a.Content)
		}
		if s, ok := prov.SliceRunes(nfc, a.MentionStart, a.MentionEnd); !ok || s != a.Mention {
			t.Errorf("mention span %d..%d holds %q, mention is %q", a.MentionStart, a.MentionEnd, s, a.Mention)
		}
		if a.Confidence < 0 || a.Confidence > 1 {
			t.Errorf("%q: confidence %v outside [0,1]", a.Content, a.Confidence)
		}
		if a.Speaker == "" {
			t.Errorf("%q: empty speaker", a.Content)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestExtractConstructions(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []want
	}{
		{"quote then speaker and said is direct",
			`"We will rebuild every home," Mayor Lena Ortiz said.`,
			[]want{{speaker: "Lena Ortiz", content: "We will rebuild every home,", kind: direct, cue: "said"}}},
		{"said then speaker after a quote is direct",
			`“Prices will fall by spring,” said Finance Minister Arjun Mehta.`,
			[]want{{speaker: "Arjun Mehta", content: "Prices will fall by spring,", kind: direct}}},
		{"speaker said colon quote is direct",
			`The coach said: "We were simply not good enough today."`,
			[]want{{speaker: "coach", content: "We were simply not good enough today.", kind: direct}}},
		{"speaker said comma quote after a framing phrase takes the medium",
			`In a video posted on Sunday, Governor Amy Tran said, "The dam is safe."`,
			[]want{{speaker: "Amy Tran", content: "The dam is safe.", kind: direct, medium: "video"}}},
		{"reported speech with that",
			`The central bank said on Thursday that inflation had peaked.`,
			[]want{{speaker: "central bank", content: "inflation had peaked", kind: indirect}}},
		{"reported speech without that",
			`Residents say the water has been brown for weeks.`,
			[]want{{speaker: "Residents", content: "the water has been brown for weeks", kind: indirect}}},
		{"auxiliary and adverb stay in the cue",
			`The company has consistently denied any wrongdoing.`,
			[]want{{speaker: "company", content: "any wrongdoing", cue: "has consistently denied"}}},
		{"object verb takes a noun phrase",
			`Prosecutors described the scheme as one of the largest frauds in the state's history.`,
			[]want{{speaker: "Prosecutors", content: "the scheme as one of the largest frauds in the state's history"}}},
		{"clause verb with a bare noun phrase reports nothing",
			`The police confirmed the arrests.`,
			nil},
		{"participle inherits the subject and the medium",
			`The army posted a video, saying in a post on Telegram that the bridge had been destroyed.`,
			[]want{{speaker: "army", content: "the bridge had been destroyed", cue: "saying", medium: "post on Telegram"}}},
		{"coordinated cues split the content",
			`Ms. Diaz said the plan was legal and that critics had misread it.`,
			[]want{{speaker: "Diaz", content: "the plan was legal"}, {speaker: "Diaz", content: "critics had misread it"}}},
		{"according to after the content",
			`Two hospitals were hit overnight, according to the health ministry.`,
			[]want{{speaker: "health ministry", content: "Two hospitals were hit overnight", cue: "according to"}}},
		{"a speaker named only in parentheses is the name inside them",
			`"We act," said (AP).`,
			[]want{{speaker: "AP", content: "We act,", kind: direct}}},
		{"according to before the content",
			`According to police, the driver fled on foot.`,
			[]want{{speaker: "police", content: "the driver fled on foot"}}},
		{"as reported by with an intermediary",
			`The deal is worth $3 billion, as confirmed by a company executive to Bloomberg.`,
			[]want{{speaker: "company executive", content: "The deal is worth $3 billion", cue: "as confirmed by", via: "Bloomberg"}}},
		{"outlet reported after the content",
			`The talks collapsed on Monday night, The Guardian reported.`,
			[]want{{speaker: "The Guardian", content: "The talks collapsed on Monday night", cue: "reported"}}},
		{"told names the intermediary",
			`A senior diplomat told the BBC that a ceasefire was close.`,
			[]want{{speaker: "senior diplomat", content: "a ceasefire was close", via: "BBC"}}},
		{"mixed reported speech with a quoted fragment",
			`She called the ruling "a victory for common sense."`,
			nil}, // no antecedent for "she": dropped
		{"mixed with a named speaker",
			`Judge Paul Reyes called the ruling "a victory for common sense" in a short hearing.`,
			[]want{{speaker: "Paul Reyes", content: `the ruling "a victory for common sense"`, kind: mixed}}},
		{"he added continues the speaker",
			`"We are ready," Captain Ruth Adler said. "We have been ready for months," she added.`,
			[]want{{speaker: "Ruth Adler", content: "We are ready,"}, {speaker: "Ruth Adler", content: "We have been ready for months,", cue: "added"}}},
		{"interrupted quotation gives both parts to the speaker",
			`"The bridge will open in May," Ana Costa said, "unless the steel arrives late."`,
			[]want{{speaker: "Ana Costa", content: "The bridge will open in May,"}, {speaker: "Ana Costa", content: "unless the steel arrives late."}}},
		{"quotation-only paragraph continues the last speaker",
			"\"Nobody expected this,\" said Omar Haddad, a local farmer.\n\n\"The river has never risen so fast.\"",
			[]want{{speaker: "Omar Haddad", content: "Nobody expected this,"}, {speaker: "Omar Haddad", content: "The river has never risen so fast.", kind: direct}}},
		{"quotation spanning paragraphs takes the speaker at its end",
			"“We did everything we could.\n\n“The storm was simply stronger than anything we had seen,” the fire chief said.",
			[]want{{speaker: "fire chief", content: "We did everything we could."}, {speaker: "fire chief", content: "The storm was simply stronger than anything we had seen,"}}},
		{"nested single quotes stay inside the content",
			`"He told me, 'Run,' and I ran," said Lucas Moreau.`,
			[]want{{speaker: "Lucas Moreau", content: "He told me, 'Run,' and I ran,", kind: direct}}},
		{"a quotation with no speaker yields nothing",
			`"Enough is enough." The slogan was painted on every wall.`,
			nil},
		{"headline with says",
			"Minister says new tax will not hit families\n\nThe budget was published on Monday.",
			[]want{{speaker: "Minister", content: "new tax will not hit families"}}},
		{"bullet line with denies",
			"• Company denies data breach\n• Shares fall 4%",
			[]want{{speaker: "Company", content: "data breach"}}},
		{"vowed to act is a promise, not a statement",
			`The president vowed to retaliate.`,
			nil},
		{"negated cue reports nothing",
			`The ministry did not say whether anyone was hurt.`,
			nil},
		{"passive claimed by",
			`The attack was claimed by the Northern Front, a separatist group.`,
			[]want{{speaker: "Northern Front", content: "The attack", cue: "claimed"}}},
		{"unattributed narration yields nothing",
			`The river burst its banks on Tuesday, flooding hundreds of homes.`,
			nil},
		{"abbreviations do not split sentences",
			`U.S. officials said the talks, set for 3 p.m. Friday, were postponed.`,
			[]want{{speaker: "U.S. officials", content: "the talks, set for 3 p.m. Friday, were postponed"}}},
		{"curly and straight quotes mixed",
			`“We have the numbers," Sen. Ed Park told reporters.`,
			[]want{{speaker: "Ed Park", content: "We have the numbers,", via: "reporters"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkExtract(t, tc.text, nil, tc.wants)
		})
	}
}

func TestBoilerplateYieldsNothing(t *testing.T) {
	cases := map[string]string{
		"photo caption with credit":    "Firefighters battle a blaze in the hills above the city, August 2, 2024.— Reuters",
		"embedded post footer":         "— City Police (@citypolice) March 3, 2025",
		"embedded post link":           "Officials say the road is closed. pic.twitter.com/AbC123",
		"copyright line":               "Copyright 2025 Example Media, which says it owns every image. All rights reserved.",
		"automated-writing disclaimer": "This article was drafted with automated tools, editors said, and checked before publication.",
		"newsletter promotion":         "Sign up for alerts: analysts say the market will rally this week.",
		"photo credit":                 "Photo: Shutterstock",
		"file photo caption":           "FILE PHOTO: Police stand guard as the governor says the curfew will hold, in Lagos, Nigeria, May 5, 2024. REUTERS/Temilade Adelaja/File Photo",
		"agency photo caption":         "Rescuers search the rubble after officials said the building collapsed, in Izmir, Turkey, Oct. 31, 2020. (AP Photo/Emre Tazegul)",
		"photograph credit":            "Flooded streets in York, where residents said the river rose overnight. Photograph: Jane Smith/PA",
		"agency credit at line end":    "A rescuer carries a child through floodwaters, officials said, in Canoas, Brazil, May 4, 2024. REUTERS/Amanda Perobelli",
		"editor's note":                "Editor’s note: An earlier version of this story said the mayor had resigned.",
		"informational disclaimer":     "This article is for informational purposes only; the publisher says it is not advice.",
		"related-link line":            "Related: Minister says budget is on track",
		"reporting credits":            "Reporting by Jane Doe; Editing by John Roe",
		"inline related note alone":    "(RELATED: Governor Says State Will Sue)",
		"lone word":                    "Comments",
		"stray unmatched quote mark":   `The sign read "Closed for the season.`,
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Extract(text, nil); len(got) != 0 {
				t.Errorf("got %d attributions, want none: %+v", len(got), got[0])
			}
		})
	}
}

func TestInlineRelatedNoteIsSkipped(t *testing.T) {
	text := `“The plant is safe,” the operator said. (RELATED: Regulator Says Plant Must Close)`
	checkExtract(t, text, nil, []want{{speaker: "operator", content: "The plant is safe,"}})
}

func TestSpeakerResolution(t *testing.T) {
	dir := NewNameDirectory(map[string][]string{
		"Northland Ministry of Health": {"health ministry"},
		"Grace Obi":                    {"Obi"},
		"Northland":                    {"NL"},
		"Northland officials":          nil,
		"Southland officials":          nil,
		"Harbor Authority":             {"HA"},
	})
	text := strings.Join([]string{
		`Northland Health Minister Grace Obi said on Monday that vaccines would arrive within days.`,
		`"We are ready," she said.`,
		`The Harbor Authority (HPA) said ships were waiting offshore. It added that the port would reopen on Friday.`,
		`Officials insist the delay is temporary.`,
		`The ministry said in a statement that 40 clinics were open.`,
		`Karl Brandt, a Northland trucker, said the roads were empty.`,
		`Brandt later said the police had stopped him twice.`,
		`A Southland official said the border would stay shut.`,
		`"Nothing will change," the official said.`,
	}, "\n\n")
	checkExtract(t, text, dir, []want{
		{speaker: "Grace Obi", content: "vaccines would arrive within days"},
		{speaker: "Grace Obi", content: "We are ready,"},
		{speaker: "Harbor Authority", content: "ships were waiting offshore"},
		{speaker: "Harbor Authority", content: "the port would reopen on Friday"},
		{speaker: "Northland officials", content: "the delay is temporary"},
		{speaker: "Northland Ministry of Health", content: "40 clinics were open", medium: "statement"},
		{speaker: "Karl Brandt", content: "the roads were empty"},
		{speaker: "Karl Brandt", content: "the police had stopped him twice"},
		{speaker: "Southland official", content: "the border would stay shut"},
		{speaker: "Southland official", content: "Nothing will change,"},
	})
}

func TestUnknownNameIsNeverMatchedToAnotherActor(t *testing.T) {
	dir := NewNameDirectory(map[string][]string{"John Smith": {"Smith"}})
	got := Extract(`Jane Smith said the vote was rigged.`, dir)
	if len(got) != 1 || got[0].Speaker != "Jane Smith" || got[0].Known {
		t.Fatalf("got %+v, want unknown speaker Jane Smith", got)
	}
}

func TestAmbiguousAliasResolvesToNeither(t *testing.T) {
	dir := NewNameDirectory(map[string][]string{"Joe Biden": {"Biden"}, "Jill Biden": {"Biden"}})
	got := Extract(`Biden said the economy was strong.`, dir)
	if len(got) != 1 || got[0].Known {
		t.Fatalf("got %+v, want an unresolved speaker", got)
	}
}

func TestOffsetsAreCodePointsInNFC(t *testing.T) {
	// "é" written decomposed (e + U+0301): Extract works on the NFC text.
	text := "Le ministre Jose\u0301 Martí a dit: « Nous résisterons. »\n\n" + `"Ça ira," said Zoë Ćosić, adding that the 🚀 launch was "on track."`
	got := Extract(text, nil)
	checkSpans(t, text, got)
	if len(got) < 2 {
		t.Fatalf("got %d attributions, want at least 2: %+v", len(got), got)
	}
	for _, a := range got {
		if !strings.Contains(norm.NFC.String(text), a.Content) {
			t.Errorf("content %q not in NFC text", a.Content)
		}
	}
}

func TestInvalidUTF8YieldsNothing(t *testing.T) {
	if got := Extract("\xff\xfe said \"x\"", nil); got != nil {
		t.Fatalf("got %+v, want nil", got)
	}
}

func TestJSONForm(t *testing.T) {
	got := JSON(Extract(`"It works," said Dana Lee in an interview with Wired.`, nil))
	if len(got) != 1 {
		t.Fatalf("got %d, want 1", len(got))
	}
	j := got[0]
	if j.Kind != "direct" || j.Speaker != "Dana Lee" || j.Content != "It works," || deref(j.Medium) != "interview" || deref(j.Via) != "Wired" {
		t.Errorf("got %+v", j)
	}
	if JSON(nil) == nil {
		t.Error("JSON(nil) is nil, want an empty slice")
	}
}

func TestProvConversion(t *testing.T) {
	a := Extract(`The ministry said the bridge was closed.`, nil)[0]
	p := a.Prov()
	if p.Quote != a.Content || *p.Start != a.Start || *p.End != a.End || *p.Mention != a.Mention || *p.Cue != "said" || p.Kind != prov.AttributionIndirect {
		t.Errorf("got %+v", p)
	}
}
