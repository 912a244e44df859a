package ingest

import "testing"

// checkContains checks that Extract finds each wanted attribution (content exact,
// other fields when set), none of the unwanted contents, and only exact spans.
func checkContains(t *testing.T, text string, dir Directory, wants []want, unwanted ...string) {
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
		if w.speaker != "" && a.Speaker != w.speaker {
			t.Errorf("%q: speaker %q, want %q (mention %q)", w.content, a.Speaker, w.speaker, a.Mention)
		}
		if w.kind != "" && a.Kind != w.kind {
			t.Errorf("%q: kind %s, want %s", w.content, a.Kind, w.kind)
		}
		if w.medium != "" && deref(a.Medium) != w.medium {
			t.Errorf("%q: medium %q, want %q", w.content, deref(a.Medium), w.medium)
		}
		if w.via != "" && deref(a.Via) != w.via {
			t.Errorf("%q: via %q, want %q", w.content, deref(a.Via), w.via)
		}
	}
	for _, u := range unwanted {
		for _, a := range got {
			if Jaccard(a.Content, u) >= 0.5 {
				t.Errorf("unexpected %q by %q", a.Content, a.Speaker)
			}
		}
	}
}

func TestGeneralisesToUnseenArticles(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		wants    []want
		unwanted []string
	}{
		{"business recall with interview, agency and company statement", articleRecall, []want{
			{speaker: "Acme Corp.", content: "it would recall 40,000 electric scooters after reports of battery fires"},
			{speaker: "Maria Lopez", content: "Safety is our first priority,", kind: direct, medium: "interview", via: "Reuters"},
			{speaker: "Maria Lopez", content: "We moved as soon as we understood the scale of the problem.", kind: direct},
			{speaker: "Maria Lopez", content: "the recall would cost about $12 million"},
			{speaker: "U.S. Consumer Product Safety Commission", content: "it had received 23 reports of fires, including two that caused minor burns"},
			{speaker: "U.S. Consumer Product Safety Commission", content: "owners should stop using the scooters immediately"},
			{content: `the recall was "manageable but embarrassing."`, kind: mixed},
			{speaker: "Acme Corp.", content: "We are reviewing our options,", medium: "emailed statement"},
		}, []string{"declined to comment on whether suppliers would share the cost"}},
		{"politics with interrupted and multi-paragraph quotes", articleSenate, []want{
			{speaker: "Jane Whitfield", content: "she would sign it"},
			{speaker: "Tom Becker", content: "This is not the bill I would have written, but it keeps the lights on,"},
			{speaker: "Tom Becker", content: "Nobody wins a shutdown."},
			{speaker: "Laura Kim", content: `the measure "a Band-Aid on a broken leg"`, kind: mixed},
			{speaker: "Laura Kim", content: "another standoff was likely in the spring"},
			{speaker: "Laura Kim", content: "We have been here before,"},
			{speaker: "Laura Kim", content: "and we will be here again."},
			{speaker: "White House Office of Management and Budget", content: "agencies had begun preparing for an orderly shutdown before the vote", medium: "statement"},
			{speaker: "Tom Becker", content: "The American people deserve better than governing by deadline.", kind: direct},
			{speaker: "Tom Becker", content: "We need a real budget process, and we need it now,", medium: "letter"},
			{speaker: "Congressional Budget Office", content: "short-term funding bills had cost agencies billions in delays"},
		}, []string{"to a request for comment"}},
		{"wire story with headline, bullets, caption and dateline", articleKremlin, []want{
			{speaker: "Kremlin", content: "talks with Kyiv 'not on the agenda'"},
			{speaker: "Russia", content: "targeting civilian infrastructure"},
			{speaker: "Ukraine", content: "14 drones shot down overnight"},
			{speaker: "Kremlin", content: "there were no plans for peace talks with Ukraine"},
			{speaker: "Dmitry Peskov", content: "the conditions for negotiations do not exist at the moment.", kind: direct, via: "reporters"},
			{content: "it had shot down 14 of 18 drones launched by Russia"},
			{content: "its forces had destroyed 22 Ukrainian drones over the Belgorod and Kursk regions"},
			{speaker: "Volodymyr Zelensky", content: `Moscow of "deliberately terrorising" civilians`, kind: mixed},
			{speaker: "Volodymyr Zelensky", content: "They are hitting our power plants because they cannot win on the battlefield,"},
			{speaker: "Moscow", content: "targeting civilians"},
			{speaker: "Dmitry Peskov", content: `President Vladimir Putin was "open to contacts" but would not accept preconditions`},
		}, []string{"Smoke rises after a strike on an energy facility", "whether there were casualties", "The claims could not be independently verified"}},
		{"science story with nested quotes and appositive speakers", articleStudy, []want{
			{content: "daily walks may cut the risk of heart disease by a third"},
			{speaker: "authors", content: "People who walked at least 30 minutes a day had 33% fewer cardiac events"},
			{speaker: "Amir Haddad", content: "It's a striking effect for something so simple,"},
			{speaker: "Amir Haddad", content: "Patients always ask me, 'What's the one thing I should do?' Now I have an answer."},
			{speaker: "Amir Haddad", content: "the study was observational and could not prove cause and effect"},
			{speaker: "American Heart Association", content: "fewer than half of U.S. adults get the recommended amount of exercise"},
			{speaker: "Helen Park", content: "her team was now planning a randomised trial"},
		}, nil},
		{"sport story with platforms, anonymous sources and quoted-as-saying", articleStriker, []want{
			{speaker: "Riverton United", content: `forward Sam Okafor had left the club "by mutual consent."`},
			{speaker: "Sam Okafor", content: `he was "proud of every minute" at the club and thanked the fans`, medium: "post on Instagram"},
			{speaker: "people familiar with the negotiations", content: "the player had rejected a reduced offer in January", via: "The Athletic"},
			{speaker: "Karl Jensen", content: `the decision was "purely financial."`, via: "Daily Post"},
			{speaker: "Karl Jensen", content: "I wish Sam nothing but success,"},
			{speaker: "Karl Jensen", content: "He will always be part of our history."},
			{speaker: "Elena Ruiz", content: "My focus is on Saturday's game.", kind: direct},
		}, nil},
		{"protest story with denials and an unnamed witness", articleProtest, []want{
			{speaker: "Police", content: "23 people were arrested after demonstrators set fire to cars near parliament on Saturday night"},
			{speaker: "Ahmed Farouk", content: "The situation is under control,", via: "state television"},
			{speaker: "Ahmed Farouk", content: `security forces had used tear gas "only as a last resort."`, kind: mixed},
			{speaker: "Nadia Benali", content: `the government of "crushing dissent"`},
			{speaker: "Nadia Benali", content: "We will be back on the streets next week.", kind: direct},
			{speaker: "Witnesses", content: "officers fired rubber bullets at the crowd", via: "AFP"},
			{content: "no rubber bullets had been used"},
			{speaker: "Karim", content: "Nobody asked us,"},
			{speaker: "Karim", content: "They decide, we pay."},
		}, []string{"are needed to secure an IMF loan"}},
		{"tech story with outlet report and blog post", articleLaunch, []want{
			{speaker: "Priya Raman", content: "This changes how every developer will work,"},
			{speaker: "Priya Raman", content: "We think it's the biggest leap since the smartphone."},
			{speaker: "Tom Okoye", content: "Benchmarks are not the real world,"},
			{speaker: "Tom Okoye", content: "the company had not published its test data"},
			{speaker: "Financial Times", content: "The company's shares rose 6% on the news"},
			{speaker: "Nimbus", content: "the model had been tested for safety by outside experts", medium: "blog post"},
			{speaker: "minister", content: "We will not back down."},
			{speaker: "minister", content: "Every family deserves a home, and we will build them."},
		}, []string{"can write software faster than human engineers"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkContains(t, tc.text, nil, tc.wants, tc.unwanted...)
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		articleSenate, articleKremlin, articleStriker,
		`"Unclosed quote, he said`,
		"“Para one.\n\n“Para two,” she said.",
		`, said.`, `said`, `" " "`, "according to", "as reported by", `The attack was claimed by`,
		"\u201c\u201d said X", "X said: \"", "“A,” “B,” “C,” said D.",
		"Mr. Dr. U.S. said that that that",
		`"We act," said (AP).`, `"We act," said ().`,
		"KYIV, Ukraine (AP) — Drones hit the port, Ukrainian officials said. They said it burned.",
		"Hunter Biden said he would appeal. \"I am innocent,\" Biden said. The company said so.",
		"FILE PHOTO: A man. REUTERS/Jane Doe\nEditor's note: fixed.\nIts president, Rick Dawes, argued that it was late.",
	} {
		f.Add(s)
	}
	// a directory exercises lookups, suffix matches and adoption of known actors
	dir := NewNameDirectory(map[string][]string{
		"Joe Biden": {"Biden"}, "Syrian foreign ministry": {"foreign ministry"},
		"United States": {"US", "U.S."}, "Ukrainian officials": nil, "Acme Corp.": {"Acme"},
	})
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Extract(text, nil))
		checkSpans(t, text, Extract(text, dir))
	})
}
