package ingest

import "testing"

// TestAuditedConstructions covers the constructions an audit on unseen articles found
// mis-read (patterns G2–G7): each subtest is named for the outcome it checks.
func TestAuditedConstructions(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		// nouns that look like reporting verbs
		{"a demonym before state media is a modifier, not a speaker",
			"Iranian state media said the missiles had hit their targets.",
			[]want{{speaker: "Iranian state media", content: "the missiles had hit their targets"}}},
		{"a place before state officials is a modifier",
			"New York state officials said the dam had held.",
			[]want{{speaker: "New York state officials", content: "the dam had held"}}},
		{"shares followed by a verb is a noun and hides no real attribution",
			"Apple shares rose 3% after the chief executive said sales had beaten forecasts.",
			[]want{{speaker: "chief executive", content: "sales had beaten forecasts"}}},
		{"claims that … were false is a noun with its own verb",
			"Russian claims that the city had fallen were false, Ukrainian officials said.",
			[]want{{speaker: "Ukrainian officials", content: "Russian claims that the city had fallen were false"}}},
		{"notes followed by a verb is a noun",
			"Treasury notes rallied after the central bank said rates would stay on hold.",
			[]want{{speaker: "central bank", content: "rates would stay on hold"}}},
		// boilerplate phrases inside reporting do not drop it
		{"privacy policy inside a reported clause is kept",
			"The company said it had updated its privacy policy to comply with the new law.",
			[]want{{speaker: "company", content: "it had updated its privacy policy to comply with the new law"}}},
		{"a photo agency named in a sentence is kept",
			"The photographer, who works for Getty Images, said she was detained for two hours.",
			[]want{{speaker: "photographer", content: "she was detained for two hours"}}},
		{"this content opening a reported clause is kept",
			"Meta said this content was removed because it violated its rules.",
			[]want{{speaker: "Meta", content: "this content was removed because it violated its rules"}}},
		// speaker noun phrases the word lists do not know
		{"any lower-case body after a determiner can speak",
			"Talks are scheduled to resume on Monday, the federation said.",
			[]want{{speaker: "federation", content: "Talks are scheduled to resume on Monday"}}},
		{"a described name is named by the name and its note is the medium",
			"The floods disrupted harvesting, the grain exporters association Anec said in a note.",
			[]want{{speaker: "Anec", content: "The floods disrupted harvesting", medium: "note"}}},
		{"a modifier the lists do not know does not cut a title",
			"Dutch digital minister Anouk van der Berg welcomed the probe, saying it sent “a clear signal.”",
			[]want{{speaker: "Anouk van der Berg", content: "it sent “a clear signal.”"}}},
		{"an ampersand joins an organisation's name",
			`A spokeswoman for Northern Gas & Electric said the utility was "reviewing the ordinance".`,
			[]want{{speaker: "Northern Gas & Electric spokeswoman", content: `the utility was "reviewing the ordinance"`}}},
		{"an appositive name beats a possessive description",
			`Its president, Rick Dawes, argued that the timeline was "wildly unrealistic".`,
			[]want{{speaker: "Rick Dawes", content: `the timeline was "wildly unrealistic"`}}},
		{"an age can speak",
			"The 45-year-old said he had no regrets.",
			[]want{{speaker: "45-year-old", content: "he had no regrets"}}},
		{"a name with particles and a relative clause keeps its subject",
			"President Luiz Inacio Lula da Silva, who visited the region on Sunday, said the federal government would pay.",
			[]want{{speaker: "Luiz Inacio Lula da Silva", content: "the federal government would pay"}}},
		// datelines
		{"a wire dateline is not content",
			"WASHINGTON (Reuters) - The Senate will vote on Friday, two aides said.",
			[]want{{speaker: "aides", content: "The Senate will vote on Friday"}}},
		{"a place, region, date and agency dateline is not content",
			"PORTO ALEGRE, Brazil, May 6 (Reuters) - At least 78 people have died, officials said on Monday.",
			[]want{{speaker: "officials", content: "At least 78 people have died"}}},
		{"a press-release dateline is not the subject",
			"PITTSBURGH, March 4, 2025 /PRNewswire/ -- Greenfield Robotics, a maker of warehouse robots, today announced that it had raised $85 million.",
			[]want{{speaker: "Greenfield Robotics", content: "it had raised $85 million"}}},
		// medium and via
		{"told a news conference is the medium",
			"Costa told a news conference in Lisbon that the plan was working.",
			[]want{{speaker: "Costa", content: "the plan was working", medium: "news conference"}}},
		{"a statement to an outlet names the via",
			"Costa said in a statement to Reuters that the plan was working.",
			[]want{{speaker: "Costa", content: "the plan was working", medium: "statement", via: "Reuters"}}},
		{"a leading speaking-to frame names the via",
			"Speaking to reporters on Air Force One, Costa said the plan was working.",
			[]want{{speaker: "Costa", content: "the plan was working", via: "reporters"}}},
		{"a listener after told is not content",
			`"He thought nobody was watching," Assistant U.S. Attorney Lauren Michaels told jurors on Wednesday.`,
			[]want{{speaker: "Lauren Michaels", content: "He thought nobody was watching,", via: "jurors"}}},
		{"a clause after despite is not the content",
			"Keir Starmer insisted that his government would not water down its bill, despite warnings from MPs.",
			[]want{{speaker: "Keir Starmer", content: "his government would not water down its bill"}}},
		{"a coordinated but-warned is a second report",
			"Sir Stephen Powis said staff had worked hard but warned that flu admissions were rising.",
			[]want{{speaker: "Stephen Powis", content: "staff had worked hard"}, {speaker: "Stephen Powis", content: "flu admissions were rising"}}},
		{"a named thing after called is not an attribution",
			"The chip, called Halcyon, will ship in the third quarter.", nil},
		{"rejected that account reports no content",
			"Ukrainian officials rejected that account.", nil},
		{"an interrupting attribution reports the whole sentence",
			"The plan, the ministry said, is working.",
			[]want{{speaker: "ministry", content: "The plan, the ministry said, is working"}}},
		{"an age between the name and the verb after a quotation",
			`"We are ready," Costa, 52, said.`,
			[]want{{speaker: "Costa", content: "We are ready,"}}},
		{"said nothing reports no statement",
			"They ate dinner in silence, and the children said nothing.", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkExtract(t, c.text, nil, c.wants) })
	}
}

// TestResolutionWithinArticle covers speaker resolution found wrong on unseen articles
// (G5): each subtest is named for the outcome it checks.
func TestResolutionWithinArticle(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"she resolves to an untitled name",
			"Jane Park spoke to the crowd. She said they were done.",
			[]want{{speaker: "Jane Park", content: "they were done"}}},
		{"a surname resolves to the untitled full name",
			`Jane Park spoke to the crowd. "We are done," Park said.`,
			[]want{{speaker: "Jane Park", content: "We are done,"}}},
		{"he skips a name already bound by she",
			`Jane Park met Tom Reed on Monday. She said the talks had failed. Reed disagreed. "Nothing has failed," he said.`,
			[]want{{speaker: "Jane Park", content: "the talks had failed"}, {speaker: "Tom Reed", content: "Nothing has failed,"}}},
		{"a title's gender decides between two people",
			`Mrs Okafor spoke after Mr Bell. "We will appeal," she said.`,
			[]want{{speaker: "Okafor", content: "We will appeal,"}}},
		{"they resolves to a plural subject",
			"Union leaders met the minister on Monday. They said the talks had failed.",
			[]want{{speaker: "Union leaders", content: "the talks had failed"}}},
		{"the airline resolves to the named carrier",
			"Nordwind Air said profits fell. The airline added that 200 jobs would go.",
			[]want{{speaker: "Nordwind Air", content: "profits fell"}, {speaker: "Nordwind Air", content: "200 jobs would go"}}},
		{"the company resolves to an earlier organisation speaker",
			"Microsoft said profits fell. The company added that 200 jobs would go.",
			[]want{{speaker: "Microsoft", content: "profits fell"}, {speaker: "Microsoft", content: "200 jobs would go"}}},
		{"the company in a lede resolves to the carrier its clause names",
			"German carrier Nordwind Air will cut about 1,200 jobs, the company said on Tuesday.",
			[]want{{speaker: "Nordwind Air", content: "German carrier Nordwind Air will cut about 1,200 jobs"}}},
		{"the company skips a union",
			"Acme Corp said sales fell. The pilots' union Cockpit said it would strike. Revenue fell 3%, the company reported.",
			[]want{{speaker: "Acme Corp", content: "sales fell"}, {speaker: "Cockpit", content: "it would strike"}, {speaker: "Acme Corp", content: "Revenue fell 3%"}}},
		{"the minister resolves to the titled name",
			"Defence Minister Paul Reed said the bill would pass. The minister added that it needed 60 votes.",
			[]want{{speaker: "Paul Reed", content: "the bill would pass"}, {speaker: "Paul Reed", content: "it needed 60 votes"}}},
		{"the general resolves to an abbreviated title",
			"Gen. Mark Hill said the border was calm. The general added that troops would stay.",
			[]want{{speaker: "Mark Hill", content: "the border was calm"}, {speaker: "Mark Hill", content: "troops would stay"}}},
		{"the MP resolves to the earlier anonymous MP",
			"One Labour MP told the BBC that 40 colleagues would rebel. The MP said the whips had misjudged the mood.",
			[]want{{speaker: "Labour MP", content: "40 colleagues would rebel", via: "BBC"}, {speaker: "Labour MP", content: "the whips had misjudged the mood"}}},
		{"an age resolves to the person just named",
			`Asante, a plumber, said he had barely slept. "My phone hasn't stopped," the 27-year-old said.`,
			[]want{{speaker: "Asante", content: "he had barely slept"}, {speaker: "Asante", content: "My phone hasn't stopped,"}}},
		{"a described name is the name",
			"Retired teacher Elaine Dorsey said she supported the increase.",
			[]want{{speaker: "Elaine Dorsey", content: "she supported the increase"}}},
		{"a title stops a person's name before of-place",
			`"People need cars," said Councilman Frank DiNapoli of Springfield.`,
			[]want{{speaker: "Frank DiNapoli", content: "People need cars,"}}},
		{"a possessive document resolves to its owner",
			"Lumora said it would open a plant. Lumora spent $1.9 billion on research last year, according to its annual report.",
			[]want{{speaker: "Lumora", content: "it would open a plant"}, {speaker: "Lumora", content: "Lumora spent $1.9 billion on research last year"}}},
		{"a document word after a name is dropped",
			"The waiting list rose to 7.8 million, according to NHS England data.",
			[]want{{speaker: "NHS England", content: "The waiting list rose to 7.8 million"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkExtract(t, c.text, nil, c.wants) })
	}
}

func TestAddresseeIsNotVia(t *testing.T) {
	dir := NewNameDirectory(map[string][]string{"Joe Biden": {"Biden"}})
	t.Run("a person told is the addressee, not an intermediary", func(t *testing.T) {
		got := Extract("Xi Jinping met Joe Biden in Lima. Xi told Biden that Taiwan was a red line.", dir)
		if len(got) != 1 || got[0].Content != "Taiwan was a red line" {
			t.Fatalf("got %+v, want one attribution of the red line", got)
		}
		if got[0].Via != nil {
			t.Errorf("via %q, want none", *got[0].Via)
		}
	})
	t.Run("an in-article full name beats a directory alias of its surname", func(t *testing.T) {
		checkExtract(t, `Hunter Biden said he would appeal. "I am innocent," Biden said.`, dir, []want{
			{speaker: "Hunter Biden", content: "he would appeal"},
			{speaker: "Hunter Biden", content: "I am innocent,"},
		})
	})
}
