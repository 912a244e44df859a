// Package provexport writes claimgraph's provenance in standard formats: W3C PROV as
// PROV-JSON (WritePROVJSON) and as PROV-O in Turtle (WritePROVO), and schema.org
// ClaimReview as JSON-LD (WriteClaimReview).
//
// The input is a Graph held in memory: the whole store, or the part that Graph.Event
// or Graph.ClaimTrace selects, or a file in the interchange format read by
// FromNDJSON. Sources and claims are prov:Entity, actors prov:Agent, the act of
// stating a claim a prov:Activity; each attribution is a quote entity, quoted from its
// source and derived from the claim it carries; the audit log's versions of a node
// are entities that are revisions of one another. docs/PROV.md has the whole mapping,
// term by term, and how the exports are validated (provexport/js).
//
// Nodes are named {base}/node/{id} (urn:claimgraph:node:{id} by default, see
// DefaultBaseIRI); claimgraph's own terms are in VocabIRI. Every writer emits
// elements in a fixed order, each kind sorted by ID, so the same graph gives the same
// bytes. What the store does not know is left out, never written as an empty string
// or a guessed time.
//
// The package imports only the standard library and claimgraph's prov and ndjson.
package provexport
