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
// text but not the text itself, which stays in shared/seeds; a seed source's title
// names its file there.
package demo

import _ "embed"

// Data is the demo dataset in the ndjson interchange format (see package ndjson): a
// header line, then events, actors, sources, claims, attributions and relations, each
// record referring only to records on earlier lines.
//
//go:embed demo.ndjson
var Data []byte
