package ingest

// This file holds the word lists the extractor knows. They describe English news
// style in general — kinds of words, titles and bodies — and no entry names a person,
// organisation, place or event: what the store knows about named actors comes from
// the Directory.

// cueClass says what a reporting verb may take as its content.
type cueClass uint8

const (
	// cueSpeech verbs always introduce a clause or a quote ("said", "told").
	cueSpeech cueClass = iota + 1
	// cueClause verbs introduce reported speech only with "that", a quote or a
	// clause; with a bare noun phrase ("confirmed the strikes") they report nothing.
	cueClause
	// cueObject verbs report a stance on a noun phrase, which is the content
	// ("denied any involvement", "described the attacker as ...").
	cueObject
)

// cueForm is the grammatical form of a cue word.
type cueForm uint8

const (
	formFinite     cueForm = iota + 1 // said, says, stated
	formParticiple                    // saying, asserting
)

type cueWord struct {
	class cueClass
	form  cueForm
	// toOK: the verb still reports a claim when followed by a to-infinitive
	// ("claimed to have ...").
	toOK bool
}

// cueLemmas lists reporting verbs by class; forms are derived in init.
var cueLemmas = map[cueClass][]string{
	cueSpeech: {
		"say", "tell", "state", "add", "assert", "claim", "insist", "declare", "write",
		"tweet", "allege", "contend", "argue", "maintain", "warn", "vow", "pledge",
		"promise", "predict", "explain", "remark", "reply", "respond", "counter",
		"concede", "boast", "complain", "caution", "recount", "testify",
		"posit", "aver", "affirm",
	},
	cueClause: {
		"report", "confirm", "announce", "note", "indicate", "share", "reveal",
		"disclose", "acknowledge", "admit", "suggest", "reiterate", "observe", "agree", "hint", "estimate", "recall", "conclude",
		"find", "accept"},
	cueObject: {
		"deny", "repudiate", "reject", "dismiss", "describe", "characterize",
		"characterise", "call", "outline", "emphasize", "emphasise", "stress",
		"underscore", "highlight", "criticize", "criticise", "accuse", "blame",
		"praise"},
}

// irregular verb forms: lemma -> finite forms, participle.
var irregularForms = map[string]struct {
	finite     []string
	participle string
}{
	"say":   {[]string{"say", "says", "said"}, "saying"},
	"tell":  {[]string{"tells", "told"}, "telling"},
	"write": {[]string{"writes", "wrote", "written"}, "writing"},
	"find":  {[]string{"finds", "found"}, "finding"},
	"show":  {[]string{"shows", "showed", "shown"}, "showing"},
}

// cueWords maps a lower-case word form to its cue entry.
var cueWords = map[string]cueWord{}

// cueLemmaOf maps a form to its lemma (for coordination and reporting).
var cueLemmaOf = map[string]string{}

func init() {
	for class, lemmas := range cueLemmas {
		for _, l := range lemmas {
			var finite []string
			var part string
			if irr, ok := irregularForms[l]; ok {
				finite, part = irr.finite, irr.participle
			} else {
				finite, part = regularForms(l)
			}
			for _, f := range finite {
				cueWords[f] = cueWord{class: class, form: formFinite, toOK: l == "claim"}
				cueLemmaOf[f] = l
			}
			cueWords[part] = cueWord{class: class, form: formParticiple}
			cueLemmaOf[part] = l
		}
	}
}

// regularForms returns the -s, -ed forms and the -ing participle of a regular verb.
func regularForms(l string) ([]string, string) {
	last := l[len(l)-1]
	var s, ed, ing string
	switch {
	case last == 'e':
		s, ed, ing = l+"s", l+"d", l[:len(l)-1]+"ing"
	case last == 'y' && !isVowel(l[len(l)-2]):
		s, ed, ing = l[:len(l)-1]+"ies", l[:len(l)-1]+"ied", l+"ing"
	case last == 'h' || last == 's' || last == 'x':
		s, ed, ing = l+"es", l+"ed", l+"ing"
	default:
		s, ed, ing = l+"s", l+"ed", l+"ing"
	}
	switch l {
	case "stress":
		s = "stresses"
	case "admit":
		ed, ing = "admitted", "admitting"
	case "testify":
		s, ed = "testifies", "testified"
	}
	return []string{l, s, ed}, ing
}

func isVowel(b byte) bool { return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' }

// sourceCueVerbs follow "as" in "as reported by X".
var sourceCueVerbs = set("reported", "confirmed", "stated", "announced", "noted", "said",
	"claimed", "cited", "quoted", "told", "described", "first reported", "indicated", "shown")

// auxiliaries may stand between a subject and its cue ("has said", "had outlined").
var auxiliaries = set("has", "have", "had", "will", "would", "did", "does", "do", "may",
	"might", "could", "can", "should", "must", "shall", "also", "has also", "later")

// passiveAux before a past participle makes it passive ("was claimed by").
var passiveAux = set("is", "was", "were", "are", "be", "been", "being")

// adverbs that may stand between a subject and its cue besides -ly words.
var adverbs = set("also", "further", "previously", "later", "then", "since", "once",
	"again", "still", "already", "never", "not", "earlier", "now", "too", "soon",
	"subsequently", "separately", "meanwhile", "often", "always", "just", "even",
	"first", "initially", "recently", "repeatedly", "consistently", "publicly",
	"privately", "reportedly", "yet", "long")

// weekdays and months are capitalised but are not names.
var timeWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sep", "sept", "oct", "nov", "dec", "today", "yesterday", "tonight",
	"morning", "afternoon", "evening", "night", "week", "month", "year", "weekend")

// abbreviations end in a period that does not end a sentence.
var abbreviations = set("mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt",
	"cmdr", "adm", "gov", "sen", "rep", "reps", "sens", "st", "jr", "sr", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "inc",
	"corp", "co", "ltd", "maj", "brig", "pvt", "cpl", "rev", "hon", "pres", "gens", "messrs",
	"approx", "dept", "est", "fig", "mt", "ft", "u", "e", "i", "etc", "al")

// personTitles precede a person's name and are stripped from it. Lower-case forms
// match case-insensitively.
var personTitles = set("president", "vice", "secretary", "minister", "prime", "deputy",
	"commander", "admiral", "general", "gen", "lt", "lieutenant", "colonel", "col", "major",
	"maj", "captain", "capt", "sergeant", "sgt", "spokesman", "spokeswoman", "spokesperson",
	"spokesman", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "senator", "sen",
	"representative", "rep", "congressman", "congresswoman", "governor", "gov", "mayor",
	"ambassador", "envoy", "chief", "director", "chairman", "chairwoman", "chair", "ceo",
	"king", "queen", "prince", "princess", "sheikh", "pope", "judge", "justice", "attorney",
	"leader", "lawmaker", "official", "adviser", "advisor", "aide", "head", "founder",
	"executive", "analyst", "researcher", "correspondent", "reporter", "editor", "sir",
	"lord", "lady", "dame", "first", "speaker", "chancellor", "premier", "foreign",
	"defence", "defense", "interior", "state", "treasury", "commerce", "army", "navy",
	"marine", "officer", "emir", "ayatollah", "cardinal", "bishop", "rabbi", "imam", "coach",
	"manager", "owner", "economist", "strategist", "partner", "president-elect",
	"secretary-general", "commissioner", "inspector", "superintendent", "sheriff",
	"prosecutor", "minister-president", "club", "striker", "forward", "midfielder",
	"goalkeeper", "defender", "billionaire", "businessman", "businesswoman", "actor",
	"actress", "singer", "author", "writer", "novelist", "player", "star", "rapper",
	"entrepreneur", "investor", "banker", "designer", "artist", "musician", "athlete",
	"physician", "surgeon", "nurse", "virologist", "epidemiologist", "cardiologist",
	"historian", "journalist", "commentator", "host", "anchor", "pastor", "priest",
	"cleric", "general", "marshal", "brigadier", "sheikha", "councillor", "councilor",
	"alderman", "magistrate", "solicitor", "barrister", "counsel", "attorney-general",
	"vice-president", "vice president", "representative", "mp", "mep", "lawmaker",
	"legislator", "delegate", "spokesperson", "councilman", "councilwoman", "councilmember",
	"assemblyman", "assemblywoman", "alderwoman")

// titleHeads are the title words after which a name follows directly
// ("spokesperson John Kirby", "Admiral Brad Cooper", "agency Petra").
var titleHeads = set("president", "secretary", "minister", "commander", "admiral", "general",
	"gen", "lieutenant", "colonel", "col", "major", "captain", "sergeant", "spokesman",
	"spokeswoman", "spokesperson", "mr", "mrs", "ms", "miss", "dr", "prof", "professor",
	"senator", "sen", "representative", "rep", "congressman", "congresswoman", "governor",
	"gov", "mayor", "ambassador", "envoy", "chief", "director", "chairman", "chairwoman",
	"chair", "ceo", "king", "queen", "prince", "princess", "sheikh", "pope", "judge",
	"justice", "leader", "lawmaker", "adviser", "advisor", "aide", "head", "founder",
	"executive", "analyst", "researcher", "correspondent", "reporter", "editor", "sir",
	"lord", "lady", "dame", "speaker", "chancellor", "premier", "officer", "emir",
	"ayatollah", "cardinal", "bishop", "rabbi", "imam", "coach", "manager", "owner",
	"economist", "strategist", "partner", "president-elect", "secretary-general",
	"commissioner", "inspector", "superintendent", "sheriff", "prosecutor", "lt", "maj",
	"capt", "sgt", "agency", "outlet", "newspaper", "broadcaster", "channel", "network",
	"daily", "website", "monitor", "group", "firm", "company", "organisation",
	"organization", "ministry", "publication", "magazine", "watchdog", "service", "body",
	"network", "tabloid", "wire", "site", "platform", "official", "attorney", "citizen",
	"resident", "politician", "activist", "lawyer", "expert", "scientist", "doctor",
	"professor", "student", "candidate", "challenger", "incumbent", "member", "colleague",
	"club", "team", "side", "bank", "lender", "carrier", "airline", "insurer", "retailer",
	"startup", "automaker", "carmaker", "giant", "maker", "producer", "developer",
	"operator", "provider", "regulator", "union", "charity", "nonprofit", "think-tank",
	"tank", "broadcaster", "billionaire", "businessman", "businesswoman", "actor",
	"actress", "singer", "author", "writer", "novelist", "player", "star", "rapper",
	"entrepreneur", "investor", "banker", "designer", "artist", "musician", "athlete",
	"physician", "surgeon", "nurse", "virologist", "epidemiologist", "cardiologist",
	"historian", "journalist", "commentator", "host", "anchor", "pastor", "priest",
	"cleric", "striker", "forward", "midfielder", "goalkeeper", "defender", "councillor",
	"councilor", "mp", "mep", "legislator", "delegate", "marshal", "brigadier", "councilman",
	"councilwoman", "councilmember", "assemblyman", "assemblywoman", "alderwoman", "urbanist")

// orgWords mark a capitalised name as an organisation rather than a person.
var orgWords = set("command", "house", "ministry", "council", "government", "agency", "news",
	"force", "forces", "army", "navy", "observatory", "nations", "organization",
	"organisation", "department", "office", "group", "party", "committee", "commission",
	"bank", "company", "corp", "inc", "times", "post", "journal", "press", "association",
	"institute", "university", "court", "congress", "senate", "parliament",
	"administration", "military", "police", "authority", "authorities",
	"service", "services", "corps", "guard", "guards", "resistance", "front", "movement",
	"state", "states", "union", "federation", "republic", "kingdom", "network", "media",
	"radio", "television", "tv", "channel", "foundation", "fund",
	"centre", "center", "coalition", "alliance", "brigade", "brigades", "battalion",
	"regiment", "division", "unit", "team", "club", "board", "bureau", "cabinet",
	"embassy", "mission", "tribunal", "watch", "international", "ltd", "llc", "plc",
	"gazette", "herald", "tribune", "telegraph", "guardian", "daily", "weekly", "review",
	"observer", "monitor", "insider", "wire",
	"org", "com", "hospital", "school", "church", "airlines", "airways",
	"industries", "group", "systems", "technologies", "labs", "capital", "partners",
	"ministry", "interior", "foreign", "defense", "defence", "security", "intelligence",
	"club", "united", "city", "fc", "athletic", "rovers", "hospital", "clinic")

// personNouns describe people ("a mother of three", "the 45-year-old nurse").
var personNouns = set("mother", "father", "grandmother", "grandfather", "wife", "husband",
	"son", "daughter", "sister", "brother", "parent", "widow", "widower", "resident", "teacher",
	"nurse", "student", "worker", "farmer", "driver", "woman", "man", "girl", "boy", "veteran",
	"retiree", "pensioner", "owner", "shopkeeper", "lawyer", "doctor", "scientist", "engineer",
	"officer", "soldier", "pilot", "councilman", "councilwoman", "councilmember",
	"urbanist", "founder", "co-founder", "partner", "captain", "survivor", "victim",
	"witness", "neighbour", "neighbor", "friend", "fan", "voter", "activist", "volunteer",
	"rescuer", "firefighter", "paramedic", "consultant", "plumber", "mayor", "chancellor",
	"secretary", "minister", "president", "leader", "director", "chief", "spokesman",
	"spokeswoman", "spokesperson", "governor", "senator", "judge", "attorney", "prosecutor",
	"coach", "manager", "player", "striker", "chairman", "chairwoman", "chair", "executive",
	"analyst", "economist", "professor", "researcher", "historian", "commissioner", "sheriff")

// pronouns that can be a reporting subject.
var personPronouns = set("he", "she")
var thingPronouns = set("it")
var pluralPronouns = set("they")
var firstPronouns = set("i", "we")

// determiners and quantifiers that open a noun phrase and are dropped from names.
var determiners = set("the", "a", "an", "one", "two", "three", "four", "five", "several",
	"some", "many", "another", "other", "both", "various", "multiple", "numerous", "few",
	"two other", "more", "most", "all", "these", "those", "this", "that")

// rankWords are dropped from an anonymous speaker's canonical name.
var rankWords = set("unnamed", "anonymous", "other")

// genericOrgHeads refer back to the nearest organisation ("the company said").
var genericOrgHeads = set("company", "firm", "group", "club", "team", "side", "business",
	"carrier", "airline", "lender", "bank", "insurer", "retailer", "startup", "chipmaker",
	"automaker", "carmaker", "maker", "giant", "manufacturer", "utility", "operator",
	"provider", "developer", "producer", "exporter", "conglomerate", "corporation",
	"organisation", "organization", "charity", "nonprofit", "federation", "association",
	"union", "league", "council", "agency", "institute", "university", "school", "hospital")

// businessHeads are kinds of company: one may refer back as another ("German carrier
// Nordwind Air" … "the company").
var businessHeads = set("company", "firm", "group", "business", "carrier", "airline", "lender",
	"bank", "insurer", "retailer", "startup", "chipmaker", "automaker", "carmaker", "maker",
	"giant", "manufacturer", "utility", "operator", "provider", "developer", "producer",
	"exporter", "conglomerate", "corporation", "corp", "inc", "ltd", "plc", "llc", "capital",
	"robotics", "technologies", "systems", "labs", "industries")

// sportHeads are kinds of sports club and the words in their names.
var sportHeads = set("club", "team", "side", "fc", "united", "athletic", "rovers", "wanderers",
	"franchise", "squad")

// publicBodies are kinds of organisation that are neither companies nor clubs.
var publicBodies = set("commission", "ministry", "agency", "council", "union", "federation",
	"association", "department", "office", "government", "police", "court", "committee",
	"party", "authority", "authorities", "administration", "parliament", "senate",
	"congress", "army", "military", "navy", "institute", "university", "school", "hospital",
	"observatory", "bureau", "board", "tribunal", "embassy", "trust", "foundation",
	"charity", "league", "regulator", "watchdog")

// anonAcronyms head anonymous descriptions ("One Labour MP", "the MP").
var anonAcronyms = set("mp", "mps", "mep", "meps", "msp", "td", "ceo")

// nounWords are lower-case words that may stand in a speaker noun phrase.
var nounWords = set("official", "officials", "spokesman", "spokeswoman", "spokesperson",
	"spokespeople", "spokespersons", "secretary", "minister", "ministers", "ministry",
	"president", "commander", "commanders", "government", "governments", "administration",
	"military", "army", "agency", "media", "reports", "report", "statement", "source",
	"sources", "analyst", "analysts", "expert", "experts", "witness", "witnesses",
	"resident", "residents", "officer", "officers", "diplomat", "diplomats", "leader",
	"leaders", "group", "groups", "monitor", "monitors", "militants", "rebels",
	"authorities", "police", "prosecutor", "prosecutors", "lawyer", "lawyers", "attorney",
	"attorneys", "aide", "aides", "adviser", "advisers", "advisor", "advisors", "lawmaker",
	"lawmakers", "senator", "senators", "chief", "head", "director", "executive",
	"executives", "ceo", "chairman", "chairwoman", "founder", "member", "members", "others",
	"people", "person", "correspondent", "correspondents", "reporter", "reporters",
	"journalist", "journalists", "outlet", "outlets", "newspaper", "broadcaster", "channel",
	"network", "daily", "website", "company", "firm", "office", "department", "council",
	"committee", "commission", "court", "judge", "embassy", "mission", "campaign", "party",
	"team", "forces", "force", "troops", "observatory", "doctors", "medics", "rescuers",
	"state", "state-run", "state-owned", "state-backed", "senior", "top", "local",
	"foreign", "interior", "defense", "defence", "security", "national", "federal",
	"regional", "provincial", "former", "deputy", "acting", "junior", "high-ranking",
	"anonymous", "unnamed", "health", "news", "press", "intelligence", "administration",
	"his", "her", "its", "their", "our", "my", "your", "the", "a", "an", "one", "two",
	"three", "four", "five", "several", "some", "many", "another", "other", "both", "of",
	"for", "from", "in", "and", "at", "on", "with", "to", "military's", "government's",
	"administration's", "spokesmen", "police", "regime", "junta", "cabinet", "palace",
	"presidency", "parliament", "legislature", "lawmakers", "watchdog", "regulator",
	"regulators", "investigators", "investigator", "researchers", "researcher",
	"scientists", "scientist", "study", "survey", "poll", "data", "figures", "tally",
	"count", "authority", "coalition", "alliance", "organisation", "organization",
	"officials'", "high-level", "mid-level", "ranking", "veteran", "unit", "service",
	"services", "spokespersons", "chiefs", "generals", "admirals", "staff", "bureau",
	"wire", "publication", "magazine", "tabloid", "broadcasters", "citizens", "citizen",
	"survivors", "survivor", "victims", "families", "family", "relatives", "neighbours",
	"neighbors", "activists", "activist", "organisers", "organizers", "protesters",
	"demonstrators", "hospital", "medical", "emergency", "civil", "defence's", "company's",
	"economist", "economists", "strategist", "strategists", "politicians", "politician",
	"candidate", "candidates", "premier", "chancellor", "governor", "mayor", "ambassador",
	"envoy", "emissary", "negotiator", "negotiators", "mediators", "mediator", "guard",
	"guards", "corps", "militia", "militias", "fighters", "commission's", "ministry's",
	"foreign-ministry", "defense-ministry", "outlet's", "vice", "prime", "general",
	"attorney-general", "attorney general", "inspector", "inspectors", "monitors",
	"observer", "observers", "insiders", "insider", "person's", "familiar", "matter",
	"close", "knowledge", "briefed", "situation", "plans", "talks", "negotiations", "city",
	"town", "village", "provincial", "district", "county", "municipal", "transport",
	"education", "finance", "economy", "trade", "energy", "environment", "justice",
	"agriculture", "communications", "information", "culture", "labour", "labor",
	"industry", "central", "bank", "navy", "air", "marines", "coast", "airline", "union",
	"unions", "workers", "employees", "staffers", "staffer", "manager", "managers",
	"owner", "owners", "operator", "operators", "spokespeople's", "commentators",
	"commentator", "pundits", "critics", "supporters", "opponents", "allies", "rivals",
	"partners", "backers", "donors", "voters", "shareholders", "investors", "traders",
	"brokers", "bankers", "academics", "professor", "professors", "teachers", "students",
	"administration's", "defense-department", "ukrainian-born", "us-based", "u.s.-based",
	"london-based", "washington-based", "beirut-based", "britain-based", "uk-based", "authors", "author", "club", "team", "owner's", "study", "report's",
	"bank's", "lender", "carrier", "airline", "insurer", "retailer", "startup",
	"automaker", "carmaker", "charity", "nonprofit", "think-tank", "players", "fans",
	"coach", "staff", "driver", "drivers", "farmer", "farmers", "teacher", "teachers",
	"worker", "mother", "father", "woman", "women", "man", "men", "nurse", "nurses",
	"doctor", "student", "shopkeeper", "victim", "trucker", "chief", "fan", "voter",
	"pilot", "soldier", "soldiers", "official", "engineer", "engineers", "scientist",
	"vendor", "owner", "parent", "parents", "daughter", "son", "wife", "husband", "friend",
	"neighbour", "neighbor", "spokesman", "television", "tv", "radio", "station", "spokeswoman's", "ministry's", "union's", "firm's", "agency's")

// connectors may join words inside a name or noun phrase but cannot start or end one.
var connectors = set("of", "for", "from", "in", "and", "at", "on", "with", "to", "de",
	"du", "des", "la", "le", "del", "der", "van", "von", "bin", "al", "el", "'s", "the")

// clauseStarters end a backward walk for a subject: a subject never spans them.
var clauseStarters = set("that", "which", "who", "whom", "whose", "although", "though",
	"while", "whereas", "because", "since", "when", "whenever", "where", "after", "before",
	"as", "if", "unless", "until", "once", "so", "but", "yet", "or", "nor", "what",
	"however", "meanwhile", "following", "despite", "amid", "during", "than", "then",
	"and then", "because of", "why", "how", "whether", "also", "while", "not", "only",
	"instead", "moreover", "furthermore", "additionally", "separately", "earlier",
	"later", "last", "previously", "currently", "now", "today", "here", "there")

// adjunctLeads open a phrase that may follow a cue without being its content
// ("said on Friday", "told reporters at a news conference").
var adjunctLeads = set("on", "in", "at", "during", "late", "earlier", "last", "this", "early",
	"yesterday", "today", "tonight", "via", "through", "to", "from", "after", "before",
	"while", "when", "following", "amid", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "recently", "previously", "again", "also", "later",
	"separately", "publicly", "privately", "repeatedly", "shortly", "afterwards", "then",
	"over", "by", "as", "without", "with", "alongside", "under", "within", "upon", "ahead",
	"next", "this", "that", "according", "speaking", "without", "quoted", "citing",
	"referring", "according", "outside", "inside", "near", "aboard", "beside", "shortly")

// intermediaryNouns are lower-case listeners that are intermediaries ("told reporters").
var intermediaryNouns = set("reporters", "journalists", "the press", "press", "media",
	"the media", "news agencies", "a news conference", "correspondents", "broadcasters")

// subordinators open a sentence-initial adjunct clause that is not part of the content
// of a sentence-final "according to" ("Since ..., the group ...").
var subordinators = set("since", "after", "before", "following", "despite", "amid", "during",
	"while", "when", "although", "though", "as", "in", "with", "until", "over", "on",
	"for", "earlier", "later", "meanwhile", "however", "last", "this")

// contentStops end reported content when they follow a comma.
var contentStops = set("although", "though", "whereas", "while", "even as", "despite", "amid", "notwithstanding")

// headGroups lets a generic definite description ("the military") refer back to a
// mention whose words belong to the same group.
var headGroups = map[string][]string{
	"military":       {"military", "command", "forces", "army", "navy", "defense", "defence", "armed", "troops", "air force"},
	"army":           {"army", "military", "forces", "command"},
	"ministry":       {"ministry"},
	"government":     {"government", "administration", "cabinet"},
	"administration": {"administration", "government"},
	"company":        {"company", "corp", "inc", "ltd", "group", "plc", "llc"},
	"group":          {"group", "organisation", "organization", "movement", "front", "resistance"},
	"agency":         {"agency", "news", "commission", "authority", "administration", "bureau", "service", "office"},
	"police":         {"police"},
	"court":          {"court", "tribunal"},
	"department":     {"department"},
	"embassy":        {"embassy"},
	"campaign":       {"campaign"},
	"party":          {"party"},
	"committee":      {"committee"},
	"council":        {"council"},
	"observatory":    {"observatory", "monitor"},
	"monitor":        {"observatory", "monitor"},
	"statement":      {"statement"},
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
