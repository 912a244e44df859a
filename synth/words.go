package synth

// Word lists the generator draws from. Every string is in Unicode NFC (precomposed
// letters), as the importer counts spans in NFC code points. Some names carry letters
// outside ASCII and the direct quotes use curly quotation marks, so code-point and
// byte offsets differ.

// country is a government actor: its name, an alias that is unique among all names
// (or ""), its adjective and its capital.
type country struct {
	name, alias, adj, capital string
}

var countries = []country{
	{"United States", "USA", "US", "Washington"},
	{"United Kingdom", "UK", "British", "London"},
	{"France", "", "French", "Paris"},
	{"Germany", "", "German", "Berlin"},
	{"Türkiye", "Turkey", "Turkish", "Ankara"},
	{"Syria", "", "Syrian", "Damascus"},
	{"Iraq", "", "Iraqi", "Baghdad"},
	{"Ukraine", "", "Ukrainian", "Kyiv"},
	{"Russia", "Russian Federation", "Russian", "Moscow"},
	{"Israel", "", "Israeli", "Jerusalem"},
	{"Lebanon", "", "Lebanese", "Beirut"},
	{"Jordan", "", "Jordanian", "Amman"},
	{"Egypt", "", "Egyptian", "Cairo"},
	{"Iran", "", "Iranian", "Tehran"},
	{"Yemen", "", "Yemeni", "Sanaa"},
	{"Sudan", "", "Sudanese", "Khartoum"},
	{"Ethiopia", "", "Ethiopian", "Addis Ababa"},
	{"Nigeria", "", "Nigerian", "Abuja"},
	{"Mali", "", "Malian", "Bamako"},
	{"Colombia", "", "Colombian", "Bogotá"},
	{"Mexico", "", "Mexican", "Mexico City"},
	{"Brazil", "", "Brazilian", "Brasília"},
	{"Poland", "", "Polish", "Warsaw"},
	{"Romania", "", "Romanian", "Bucharest"},
	{"Moldova", "", "Moldovan", "Chișinău"},
	{"Georgia", "", "Georgian", "Tbilisi"},
	{"Armenia", "", "Armenian", "Yerevan"},
	{"Azerbaijan", "", "Azerbaijani", "Baku"},
	{"India", "", "Indian", "New Delhi"},
	{"Pakistan", "", "Pakistani", "Islamabad"},
	{"Myanmar", "", "Myanmar", "Naypyidaw"},
	{"Philippines", "", "Philippine", "Manila"},
}

// ministries are the bodies each government has, named "<country adj> <ministry>".
var ministries = []struct{ name, role string }{
	{"Ministry of Defence", "defence ministry"},
	{"Foreign Ministry", "foreign ministry"},
	{"Armed Forces", "military"},
}

var organizations = []struct{ name, alias string }{
	{"United Nations", "UN"},
	{"International Committee of the Red Cross", "ICRC"},
	{"World Health Organization", "WHO"},
	{"Médecins Sans Frontières", "MSF"},
	{"Amnesty International", ""},
	{"Human Rights Watch", "HRW"},
	{"World Food Programme", "WFP"},
	{"International Atomic Energy Agency", "IAEA"},
	{"Office for the Coordination of Humanitarian Affairs", "OCHA"},
	{"Airwars", ""},
	{"Syrian Observatory for Human Rights", "SOHR"},
	{"Armed Conflict Location and Event Data", "ACLED"},
}

// Outlets are "<city> <masthead>"; the first few are wire services.
var wireServices = []string{"Global Wire Service", "Continental Press Agency", "Meridian News Agency", "Atlas Newswire"}

var outletCities = []string{
	"Lagos", "Cairo", "Beirut", "Kraków", "Toronto", "Manchester", "São Paulo", "Melbourne",
	"Nairobi", "Istanbul", "Lyon", "Düsseldorf", "Chicago", "Denver", "Dublin", "Karachi",
	"Jakarta", "Seoul", "Kyiv", "Tbilisi", "Amman", "Baghdad", "Bogotá", "Lima",
}

var mastheads = []string{"Herald", "Times", "Post", "Tribune", "Observer", "Gazette", "Chronicle", "Courier", "Daily", "Sentinel", "Ledger", "Monitor"}

var checkerWords = [][2]string{{"Fact", "Lens"}, {"Verify", "Desk"}, {"Truth", "Meter"}, {"Claim", "Watch"}, {"Source", "Check"}, {"Open", "Facts"}}

var firstNames = []string{
	"Maria", "Ahmed", "Olena", "José", "Søren", "Zoë", "Chen", "Amara", "Dmytro", "Fatima",
	"Liam", "Noura", "Kenji", "Ingrid", "Tomasz", "Aisha", "Mateo", "Hanna", "Yusuf", "Camille",
	"Rafael", "Leyla", "Oskar", "Priya", "Kwame", "Elif", "Andrés", "Mariam", "Viktor", "Sofía",
	"Hamid", "Greta", "Nikolai", "Thandiwe", "Luca", "Rania", "Pieter", "Yara", "Emeka", "Anaïs",
	"Farid", "Katarzyna", "Omar", "Beatriz", "Sergei", "Hiba", "Joaquín", "Lotte", "Samir", "Dilnoza",
	"Ravi", "Agnieszka", "Karim", "Ngozi", "Henrik", "Lucía", "Tariq", "Mirela", "David", "Ayşe",
}

var lastNames = []string{
	"Petrenko", "Al-Hassan", "Núñez", "Kowalski", "Müller", "Okafor", "Tanaka", "Ibrahim", "Dubois", "Haddad",
	"Novak", "Rahman", "Fernández", "Schmidt", "Mensah", "Yılmaz", "Ivanova", "Costa", "Nakamura", "Bakr",
	"Lindqvist", "Shevchenko", "Moreau", "Okonkwo", "Castillo", "Hoffmann", "Nasser", "Wiśniewski", "Adeyemi", "Rossi",
	"Kuznetsov", "Mahmoud", "Jensen", "Otieno", "Delgado", "Karimi", "Bauer", "Aziz", "Lefèvre", "Popescu",
	"Farouk", "Sandoval", "Kamara", "Hashemi", "Ødegaard", "Tkachenko", "Salazar", "Chaudhry", "Vasquez", "Obi",
	"Kaczmarek", "Suleiman", "Hernández", "Abara", "Berg", "Demir", "Zhou", "Quispe", "Mansour", "Sørensen",
	"Achebe", "Romero", "Haidari", "Lund", "Bello", "Grigoryan", "Aliyev", "Mendes", "Sato", "Nowak",
	"Khalil", "Reyes", "Vogel", "Amiri", "Eze", "Morales", "Holm", "Rashid", "Pereira", "Koval",
	"Gashi", "Osei", "Varga", "Toure", "Ortega", "Jaber", "Strand", "Diallo", "Marquez", "Lewandowski",
	"Qureshi", "Nilsson", "Ferrari", "Boateng", "Abdullah", "Cruz", "Engel", "Sabri", "Mbeki", "Horvat",
}

var personRoles = []string{
	"Defence Minister", "Foreign Minister", "military spokesperson", "government spokesperson",
	"Prime Minister", "President", "regional governor", "army commander", "deputy minister",
	"senior adviser", "ambassador", "field coordinator", "emergency services chief", "health minister",
	"police chief", "opposition leader", "mayor", "spokesperson",
}

var anonymousNames = []string{
	"official", "senior official", "military source", "diplomatic source", "security source",
	"defence official", "intelligence official", "local official", "aid worker", "witness",
}

var places = []string{
	"Palmyra", "Deir ez-Zor", "Raqqa", "Mosul", "Kirkuk", "Al-Qa'im", "Idlib", "Homs", "Aleppo", "Tartus",
	"Kherson", "Bakhmut", "Zaporizhzhia", "Kharkiv", "Odesa", "Mykolaiv", "Avdiivka", "Pokrovsk", "Sumy", "Chernihiv",
	"Khan Younis", "Rafah", "Jenin", "Tyre", "Sidon", "Baalbek", "Hodeidah", "Marib", "Taiz", "Aden",
	"El Fasher", "Omdurman", "Port Sudan", "Mekelle", "Gondar", "Maiduguri", "Gao", "Timbuktu", "Ménaka", "Kidal",
	"Cúcuta", "Tumaco", "Culiacán", "Ciudad Juárez", "Sittwe", "Lashio", "Marawi", "Cotabato", "Peshawar", "Quetta",
	"Stepanakert", "Shusha", "Gori", "Bălți", "Tiraspol", "Constanța", "Rzeszów", "Przemyśl", "Erbil", "Sulaymaniyah",
}

var days = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var eventKinds = []string{
	"Airstrikes on", "Drone attack on", "Ceasefire talks over", "Shelling of", "Flooding in", "Election dispute in",
	"Border clashes near", "Blockade of the port of", "Strike on a hospital in", "Evacuation of", "Siege of",
	"Missile strike on", "Protests in", "Power plant outage in", "Prisoner exchange near", "Aid convoy attack near",
}

var forces = []string{
	"US forces", "Coalition aircraft", "Government troops", "Rebel fighters", "Militants", "Artillery units",
	"Special forces", "Naval vessels", "Drone units", "Security forces", "Allied jets", "Air defence units",
}

var targets = []string{"targets", "positions", "weapons depots", "command posts", "training camps", "supply routes", "air defence sites", "fuel depots"}

var weapons = []string{"drones", "missiles", "rockets", "artillery shells", "glide bombs", "cruise missiles"}

var aid = []string{"food aid", "medical supplies", "drinking water", "fuel", "tents", "wheat flour"}

var topics = []string{"a ceasefire", "prisoner exchanges", "humanitarian corridors", "the grain deal", "border security", "reconstruction funding", "the release of hostages", "sanctions relief"}

var policies = []string{"the strikes", "the ceasefire", "the sanctions", "the peace plan", "the evacuation", "the blockade", "the deployment", "the offensive"}

var stances = []string{"fully supports", "strongly opposes", "condemns", "welcomes", "rejects", "is reviewing"}

// synonyms paraphrase a claim's words in an indirect attribution.
var synonyms = map[string][]string{
	"struck":      {"hit", "bombed", "attacked"},
	"targets":     {"sites", "locations"},
	"killed":      {"left dead", "claimed the lives of"},
	"civilians":   {"people", "residents", "non-combatants"},
	"fully":       {"completely", "wholeheartedly"},
	"supports":    {"backs", "endorses"},
	"opposes":     {"objects to", "is against"},
	"condemns":    {"denounces", "criticised"},
	"welcomes":    {"praised", "applauded"},
	"rejects":     {"dismissed", "refused"},
	"seized":      {"captured", "took"},
	"recaptured":  {"retook", "regained"},
	"intercepted": {"shot down", "downed"},
	"launched":    {"fired", "sent"},
	"delivered":   {"brought", "sent"},
	"destroyed":   {"wiped out", "knocked out"},
	"near":        {"around", "close to", "outside"},
	"violated":    {"broken", "breached"},
	"collapsed":   {"fell apart", "broke down"},
	"wounded":     {"injured", "hurt"},
	"troops":      {"soldiers", "forces"},
	"fighters":    {"militants", "gunmen"},
	"control":     {"command", "hold"},
	"more":        {"over"},
	"about":       {"around", "roughly"},
	"met":         {"held talks", "gathered"},
	"discuss":     {"negotiate", "talk about"},
	"displaced":   {"forced from their homes", "uprooted"},
	"reopened":    {"opened again", "resumed operations"},
}

var fillers = []string{
	"Residents of {place} reported loud explosions {time}.",
	"The claims could not be independently verified.",
	"{place} has seen repeated clashes since {month}.",
	"Aid groups say {n} people have been displaced in the area.",
	"The {org} said it was monitoring the situation closely.",
	"Satellite images reviewed by {outlet} showed damage to {n} buildings.",
	"The {country} embassy did not respond to a request for comment.",
	"Officials gave no further details.",
	"Talks between the two sides are expected to resume in {capital} next week.",
	"Power and water supplies to parts of {place} were cut for several hours.",
	"Local hospitals said they were treating {n} wounded.",
	"The road between {place} and {place2} remained closed on {day}.",
	"A curfew was imposed in {place} after dark.",
	"Witnesses described columns of smoke rising over the eastern districts.",
	"The {org} called on all parties to protect civilians.",
	"Prices of bread and fuel in {place} have doubled since {month}.",
	"Schools in the district have been closed for {n} days.",
	"Footage shared online appeared to show a damaged bridge near {place}.",
	"The {country} foreign ministry summoned the ambassador on {day}.",
	"It was not immediately clear who was responsible.",
	"Mobile networks in the area were down for much of the night.",
	"Analysts said the fighting could delay the reopening of the border crossing.",
	"Some families have begun returning to villages outside {place}.",
	"The last major offensive in the region ended in {month}.",
	"Emergency crews worked through the night to clear the rubble.",
	"Journalists were not allowed to enter the area.",
}

var headlineForms = []string{
	"{place}: {n} reported dead after overnight attack",
	"Strikes hit {place} as talks stall in {capital}",
	"{country} denies role in {place} attack",
	"Aid reaches {place} after weeks of blockade",
	"Fighting intensifies around {place}",
	"What we know about the {place} strike",
	"{org} warns of crisis in {place}",
	"Ceasefire under strain near {place}",
	"Officials trade blame over {place} blast",
	"{place} residents describe night of shelling",
}

var notes = []string{
	"Both give the same number of targets.",
	"The figures differ by more than half.",
	"One names the town, the other only the province.",
	"Both describe the same attack on the same day.",
	"The later statement retracts the earlier one.",
	"Adds the weapons used.",
	"Gives a narrower time frame.",
}

var verdicts = []string{"False", "Mostly false", "Half true", "Mostly true", "True"}

var mediums = []string{"social media", "statement", "interview", "press conference", "television address"}
