package provexport

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WritePROVO writes g as PROV-O in Turtle, nodes named in the namespaces derived from
// baseIRI (empty for DefaultBaseIRI). Each element is one block of triples, in the
// order events, actors, sources, claims (each followed by its statement),
// attributions, relations, reviews, versions, users, each kind by ID, so the output is
// deterministic. It returns an EINVALID error for a malformed graph or base IRI.
func WritePROVO(w io.Writer, g *Graph, baseIRI string) error {
	d, err := build(g, baseIRI)
	if err != nil {
		return err
	}
	t := turtle{ns: map[string]string{
		"prov":    provNS,
		"xsd":     xsdNS,
		"rdfs":    rdfsNS,
		"dcterms": dctermsNS,
		"cg":      VocabIRI,
		"node":    d.ns.node,
		"user":    d.ns.user,
	}}
	bw := bufio.NewWriter(w)
	for _, p := range []string{"prov", "xsd", "rdfs", "dcterms", "cg", "node", "user"} {
		fmt.Fprintf(bw, "@prefix %s: <%s> .\n", p, t.ns[p])
	}
	for _, e := range d.elems {
		bw.WriteString("\n")
		bw.WriteString(t.block(e))
	}
	return bw.Flush()
}

type turtle struct {
	ns map[string]string
}

// iri writes a qualified name as a prefixed name when its local part is plain, else
// as a full IRI.
func (t turtle) iri(q qname) string {
	if plainLocal(q.local) {
		return q.prefix + ":" + q.local
	}
	return "<" + t.ns[q.prefix] + q.local + ">"
}

// plainLocal reports whether s can be a Turtle PN_LOCAL as written: a letter, digit or
// '_' followed by letters, digits, '_' and '-'.
func plainLocal(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '_':
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return true
}

func (t turtle) value(v value) string {
	switch v.kind {
	case valInt:
		return strconv.Itoa(v.n)
	case valTime:
		return ttlTime(v.t)
	case valURI:
		return quote(v.s) + "^^xsd:anyURI"
	case valName:
		return t.iri(v.q)
	}
	return quote(v.s)
}

func ttlTime(tm time.Time) string { return quote(tm.Format(time.RFC3339Nano)) + "^^xsd:dateTime" }

// quote returns s as a Turtle STRING_LITERAL_QUOTE.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// block returns the triples of one element and the relations it is the subject of.
func (t turtle) block(e *element) string {
	type po struct{ p, o string }
	var pos []po
	types := []string{[...]string{"prov:Entity", "prov:Activity", "prov:Agent"}[e.kind]}
	for _, ty := range e.types {
		types = append(types, t.iri(ty))
	}
	pos = append(pos, po{"a", strings.Join(types, ", ")})
	for _, a := range e.attrs {
		p := t.iri(a.key)
		if a.key == provTerm("label") {
			p = "rdfs:label" // PROV-O's prov:label
		}
		pos = append(pos, po{p, t.value(a.val)})
	}
	if e.start != nil {
		pos = append(pos, po{"prov:startedAtTime", ttlTime(*e.start)})
	}
	if e.end != nil {
		pos = append(pos, po{"prov:endedAtTime", ttlTime(*e.end)})
	}
	if e.location != "" {
		pos = append(pos, po{"prov:atLocation", "[ a prov:Location ; rdfs:label " + quote(e.location) + " ]"})
	}
	for _, r := range e.rels {
		switch {
		case r.kind == relGeneration || r.kind == relInvalidation:
			// An unqualified relation to the activity, the time as PROV-O's shortcut
			// property, and both together as a qualified Generation/Invalidation.
			prop, timeProp, class := "prov:wasGeneratedBy", "prov:generatedAtTime", "Generation"
			if r.kind == relInvalidation {
				prop, timeProp, class = "prov:wasInvalidatedBy", "prov:invalidatedAtTime", "Invalidation"
			}
			if !r.object.isZero() {
				pos = append(pos, po{prop, t.iri(r.object)})
			}
			if r.time != nil {
				pos = append(pos, po{timeProp, ttlTime(*r.time)})
			}
			if !r.object.isZero() && r.time != nil {
				pos = append(pos, po{"prov:qualified" + class, "[ a prov:" + class + " ; prov:activity " + t.iri(r.object) + " ; prov:atTime " + ttlTime(*r.time) + " ]"})
			}
		default:
			pos = append(pos, po{"prov:" + r.name(), t.iri(r.object)})
		}
	}
	var b strings.Builder
	b.WriteString(t.iri(e.id))
	for i, x := range pos {
		if i > 0 {
			b.WriteString(" ;\n   ")
		}
		b.WriteString(" " + x.p + " " + x.o)
	}
	b.WriteString(" .\n")
	return b.String()
}
