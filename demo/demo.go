// Package demo bundles claimgraph's demo dataset: a hand-curated provenance graph of
// the five seed news articles about two US strike events (the strikes on Islamic State
// in Syria after the Palmyra ambush, and the 2 February 2024 strikes in Iraq and Syria
// after the Tower 22 drone attack in Jordan).
//
// The data names the events, the people, bodies, outlets and anonymous officials who
// assert or relay claims, the articles and the statements, posts and reports they cite,
// each claim once with every place it appears (quote, code-point span, attribution
// cue, speaker mention, medium and any named intermediary), and the corroborations and
// contradictions between claims. The articles are recorded with the SHA-256 of their
// text but not the text itself, which stays in shared/seeds (a seed file is found by
// that hash). The seeds show no headline, so an article's title is its opening
// sentence, verbatim; the statements, posts and reports the articles cite have no text
// here, and their titles describe them in the curator's words ("US Central Command
// statement on …"). A publisher, date or intermediary is recorded only where an
// article's text shows it. An intermediary is the one the text names ("told
// reporters", "as confirmed by a Pentagon official to NBC News"); a quote that continues
// an attributed one in the next paragraph has no mention or cue of its own, since the
// text gives none there.
package demo

import _ "embed"

// Data is the demo dataset in the ndjson interchange format (see package ndjson): a
// header line, then events, actors, sources, claims, attributions and relations, each
// record referring only to records on earlier lines.
//
//go:embed demo.ndjson
var Data []byte
