package ingest

// mediumAdjectives are kept before "statement" ("emailed statement").
var mediumAdjectives = set("emailed", "written", "joint", "video", "televised", "recorded",
	"prepared", "e-mailed", "taped", "radio")

// postVerbs are cues that, before "on <Name>", name a platform ("wrote on Instagram").
var postVerbs = set("wrote", "writes", "writing", "posted", "posts", "posting", "tweeted", "tweets")

// platformFillers stand between "post on" and a platform's name.
var platformFillers = set("social", "media", "platform", "site", "network", "the", "its",
	"his", "her", "their", "official", "account", "networking")

// scanMedium returns how a statement was made, from the attribution phrase ts[from:to]
// ("in an emailed statement" → "emailed statement", "in a post on social media platform
// X" → "post on X"), or "" when the phrase does not say.
func (x *extractor) scanMedium(from, to int) string {
	d := x.d
	ts := d.ts
	if from < 0 {
		from = 0
	}
	prev := func(i int) string {
		if i-1 >= from {
			return ts[i-1].lower
		}
		return ""
	}
	for i := from; i < to && i < len(ts); i++ {
		if d.inq[i] >= 0 || ts[i].kind != tkWord {
			continue
		}
		switch l := ts[i].lower; l {
		case "post", "posting":
			j := i + 1
			if j < to && ts[j].lower == "on" {
				j++
				k := j
				for k < to && platformFillers[ts[k].lower] {
					k++
				}
				if k < to && ts[k].cap && ts[k].kind == tkWord {
					e := k + 1
					for e < to && ts[e].cap && ts[e].kind == tkWord && !timeWords[ts[e].lower] {
						e++
					}
					return "post on " + x.span(k, e)
				}
				if j+1 < to && ts[j].lower == "social" && ts[j+1].lower == "media" {
					return "post on social media"
				}
			}
			if p := prev(i); p == "blog" {
				return "blog post"
			} else if p == "a" || p == "media" || p == "social" {
				return "post"
			}
		case "statement", "statements":
			if p := prev(i); mediumAdjectives[p] {
				return p + " statement"
			}
			return "statement"
		case "speech", "address":
			p := prev(i)
			if p == "televised" || p == "video" || p == "radio" {
				return p + " " + l
			}
			if l == "speech" {
				return "speech"
			}
		case "conference":
			if p := prev(i); p == "news" || p == "press" {
				return p + " conference"
			}
		case "briefing":
			if p := prev(i); p == "news" || p == "press" {
				return p + " briefing"
			}
			return "briefing"
		case "interview", "tweet", "podcast", "broadcast", "op-ed", "letter", "video", "testimony", "hearing", "note", "memo", "livestream":
			if p := prev(i); p == "a" || p == "an" || p == "the" || p == "his" || p == "her" || p == "its" || p == "their" || mediumAdjectives[p] || l == "interview" {
				return l
			}
		case "social":
			if i+1 < to && ts[i+1].lower == "media" && prev(i) == "on" {
				return "social media"
			}
		case "on":
			if i+1 < to && ts[i+1].cap && ts[i+1].kind == tkWord && !timeWords[ts[i+1].lower] && i > 0 && postVerbs[ts[i-1].lower] {
				e := i + 2
				for e < to && ts[e].cap && ts[e].kind == tkWord {
					e++
				}
				return "post on " + x.span(i+1, e)
			}
		case "television", "tv":
			if prev(i) == "on" {
				return "television"
			}
		}
	}
	return ""
}

// scanVia returns the intermediary named in ts[from:to] ("in an interview with CNN",
// "speaking to the BBC"), or "".
func (x *extractor) scanVia(from, to int) string {
	ts := x.d.ts
	to = min(to, len(ts))
	for i := from; i+1 < to; i++ {
		if x.d.inq[i] >= 0 {
			continue
		}
		l := ts[i].lower
		n := ts[i+1].lower
		if (l == "interview" && n == "with") || (l == "speaking" && (n == "to" || n == "with")) || ((l == "remarks" || l == "comments" || l == "statement" || l == "interview" || l == "letter" || l == "email") && n == "to") {
			if i+2 >= to {
				return "" // the phrase ends the range: "a letter to"
			}
			if intermediaryNouns[ts[i+2].lower] {
				return ts[i+2].text // "speaking to reporters on Air Force One"
			}
			e := x.npForward(i+2, to)
			if e > i+2 {
				return x.viaText(i+2, e)
			}
		}
		if l == "quoted" && n == "by" {
			e := x.npForward(i+2, to)
			if e > i+2 {
				return x.viaText(i+2, e)
			}
		}
		if l == "told" {
			e := x.listenerEnd(i+1, to)
			if e > i+1 {
				return x.viaText(i+1, e)
			}
		}
	}
	return ""
}

// mediumBy recognises "a statement by X" at the start of ts[a:b]: it returns the
// medium and the index where X starts, or "", -1.
func (x *extractor) mediumBy(a, b int) (string, int) {
	ts := x.d.ts
	i := a
	if i < b && determiners[ts[i].lower] {
		i++
	}
	if i < b && mediumAdjectives[ts[i].lower] {
		i++
	}
	if i < b && mediumHeads[ts[i].lower] {
		m := x.scanMedium(a, i+1)
		if m == "" {
			m = ts[i].lower
		}
		j := i + 1
		if j < b && (ts[j].lower == "issued" || ts[j].lower == "released" || ts[j].lower == "posted" || ts[j].lower == "published") {
			j++
		}
		if j < b && (ts[j].lower == "by" || ts[j].lower == "from") {
			return m, j + 1
		}
	}
	return "", -1
}
