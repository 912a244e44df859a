// Package ndjson reads and writes claimgraph's interchange format, used by import,
// export and the bundled demo dataset.
//
// A file is UTF-8 newline-delimited JSON. A line with a byte sequence that is not
// UTF-8, or with a \u escape of a lone UTF-16 surrogate ("\udc80"), is refused with
// the line, field and column: a JSON decoder would quietly store U+FFFD instead. The
// first line is a header naming the format and its version:
//
//	{"format":"claimgraph","version":1}
//
// Every further line is one record: an object whose "type" member is one of event,
// actor, source, claim, attribution, relation or review, followed by the fields of that node as
// the prov package's JSON tags name them. IDs are the nodes' string IDs
// ("clm_000000000001k"); references name other records by ID. A record may refer only
// to records on earlier lines or already in the store, so writers emit events, actors,
// sources, claims, attributions, relations, then reviews, each in ID order (actors that are
// another actor's affiliation, and sources another source cites, first). Fields that
// are unknown are left out, never written as null. Blank lines are ignored.
//
// Export writes records with a fixed field order, so export → import → export is
// byte-identical.
package ndjson
