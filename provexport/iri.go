package provexport

import (
	"net/url"
	"strconv"
	"strings"

	"claimgraph/prov"
)

// DefaultBaseIRI is the base of node IRIs when a writer is given an empty base: nodes
// are then named urn:claimgraph:node:{id} (clm_000000000000b →
// urn:claimgraph:node:clm_000000000000b), which identifies them without pretending
// they can be fetched.
const DefaultBaseIRI = "urn:claimgraph:"

// VocabIRI is the namespace of claimgraph's own terms (prefix cg:), for what PROV and
// schema.org have no term for: cg:Claim, cg:Quote, cg:corroborates, cg:cue… It does
// not depend on the base IRI, so the terms mean the same in every export.
const VocabIRI = "urn:claimgraph:vocab:"

// Well-known namespaces.
const (
	provNS    = "http://www.w3.org/ns/prov#"
	xsdNS     = "http://www.w3.org/2001/XMLSchema#"
	rdfsNS    = "http://www.w3.org/2000/01/rdf-schema#"
	dctermsNS = "http://purl.org/dc/terms/"
	schemaNS  = "http://schema.org/"
)

// namespaces holds the IRIs that an export's prefixes stand for.
type namespaces struct {
	node string // nodes: {base}/node/{id}
	user string // the audit log's users: {base}/user/{name}
}

// CheckBaseIRI returns the EINVALID error the writers would return for base, or nil
// when they accept it ("" means DefaultBaseIRI), so that a caller can refuse it before
// building a graph.
func CheckBaseIRI(base string) error {
	_, err := newNamespaces(base)
	return err
}

// newNamespaces derives the node and user namespaces from a base IRI. The base must be
// an absolute IRI without query or fragment and without the characters Turtle forbids
// in an IRI (space, <>"{}|^`\). A base ending in ':' (a URN) is extended with
// "node:"; one ending in '/' with "node/"; any other with "/node/". Users likewise.
func newNamespaces(base string) (namespaces, error) {
	if base == "" {
		base = DefaultBaseIRI
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		return namespaces{}, prov.Errorf(prov.EINVALID, "base IRI %q: want an absolute IRI such as %q or \"https://example.org/claimgraph\"", base, DefaultBaseIRI)
	}
	if strings.ContainsAny(base, "?#") {
		return namespaces{}, prov.Errorf(prov.EINVALID, "base IRI %q: must not have a query or fragment", base)
	}
	if i := strings.IndexFunc(base, badIRIRune); i >= 0 {
		return namespaces{}, prov.Errorf(prov.EINVALID, "base IRI %q: character %q is not allowed in an IRI", base, base[i])
	}
	join := func(seg string) string {
		switch {
		case strings.HasSuffix(base, ":"):
			return base + seg + ":"
		case strings.HasSuffix(base, "/"):
			return base + seg + "/"
		}
		return base + "/" + seg + "/"
	}
	return namespaces{node: join("node"), user: join("user")}, nil
}

// badIRIRune reports the runes Turtle's IRIREF does not allow.
func badIRIRune(r rune) bool {
	return r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r)
}

// qname is a qualified name: a prefix of the export and a local part.
type qname struct {
	prefix, local string
}

func (q qname) isZero() bool { return q.prefix == "" && q.local == "" }

// String returns the PROV-JSON form, "prefix:local".
func (q qname) String() string { return q.prefix + ":" + q.local }

// Terms used by the mapping.
func provTerm(local string) qname { return qname{"prov", local} }
func cgTerm(local string) qname   { return qname{"cg", local} }

// nodeName returns the qualified name of a node, "node:clm_000000000000b".
func nodeName(id prov.ID) qname { return qname{"node", id.String()} }

// statementName returns the qualified name of the activity of stating a claim,
// "node:clm_000000000000b/statement".
func statementName(claim prov.ID) qname { return qname{"node", claim.String() + "/statement"} }

// versionName returns the qualified name of one version of a node,
// "node:clm_000000000000b/v3".
func versionName(id prov.ID, seq uint64) qname {
	return qname{"node", id.String() + "/v" + strconv.FormatUint(seq, 10)}
}

// userName returns the qualified name of an audit-log user, its name's UTF-8 bytes
// percent-encoded except for ASCII letters, digits and "-._~".
func userName(who string) qname {
	var b strings.Builder
	for i := 0; i < len(who); i++ {
		c := who[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return qname{"user", b.String()}
}
