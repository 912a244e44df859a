// Package ingest extracts attributions from news articles: who said what, how they
// said it and through whom, with exact code-point spans into the article's NFC text.
//
// Extraction is rule-based and standard-library only. An article is tokenized,
// boilerplate (captions and photo credits, embedded social posts, disclaimers,
// "(RELATED: ...)" notes) and datelines ("KYIV, Ukraine (AP) —") are dropped, double quotation marks are paired (curly or straight, across
// paragraphs when a paragraph opens with a quotation mark), and sentences are split
// outside quotations, minding abbreviations ("U.S.", "Mr.", "Feb."). Each sentence
// is then read for attribution cues: reporting verbs from a lexicon with their
// auxiliaries and adverbs ("has consistently repudiated"), participles (", saying
// that"), source phrases ("according to", "as reported by"), post-posed attributions
// ("..., NBC News reported") and quotations with their speakers before or after them,
// or continuing an earlier speaker. Speakers are resolved within the article (titles
// stripped, surnames to full names, acronyms to their expansions, pronouns and
// definite descriptions to earlier mentions) and then through a Directory of known
// actors, so that the store's actors — and nothing hard-coded — name the speakers.
//
// Evaluate scores the extractor against a gold file in the format of the project's
// shared/eval/seed-attributions.json.
package ingest
