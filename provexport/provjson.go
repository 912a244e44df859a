package provexport

import (
	"bufio"
	"encoding/json"
	"io"
	"time"
)

// WritePROVJSON writes g as a W3C PROV-JSON document (W3C Member Submission
// "PROV-JSON", 2013), nodes named in the namespaces derived from baseIRI (empty for
// DefaultBaseIRI). wasQuotedFrom, hadPrimarySource and wasRevisionOf, which PROV-JSON
// has no keys for, are wasDerivedFrom records with prov:type prov:Quotation,
// prov:PrimarySource or prov:Revision. Object keys are sorted, so the output is
// deterministic. It returns an EINVALID error for a malformed graph or base IRI.
func WritePROVJSON(w io.Writer, g *Graph, baseIRI string) error {
	d, err := build(g, baseIRI)
	if err != nil {
		return err
	}
	doc := map[string]any{
		"prefix": map[string]string{
			"cg":      VocabIRI,
			"dcterms": dctermsNS,
			"node":    d.ns.node,
			"user":    d.ns.user,
		},
	}
	section := func(name string) map[string]any {
		m, _ := doc[name].(map[string]any)
		if m == nil {
			m = map[string]any{}
			doc[name] = m
		}
		return m
	}
	for _, e := range d.elems {
		section([...]string{"entity", "activity", "agent"}[e.kind])[e.id.String()] = jsonAttrs(e)
		for _, r := range e.rels {
			name, rec := jsonRelation(r)
			section(name)[r.key()] = rec
		}
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return bw.Flush()
}

func jsonAttrs(e *element) map[string]any {
	m := map[string]any{}
	multi := func(k string, v any) {
		switch old := m[k].(type) {
		case nil:
			m[k] = v
		case []any:
			m[k] = append(old, v)
		default:
			m[k] = []any{old, v}
		}
	}
	for _, t := range e.types {
		multi("prov:type", jsonValue(value{kind: valName, q: t}))
	}
	for _, a := range e.attrs {
		multi(a.key.String(), jsonValue(a.val))
	}
	if e.start != nil {
		m["prov:startTime"] = jsonTime(*e.start)
	}
	if e.end != nil {
		m["prov:endTime"] = jsonTime(*e.end)
	}
	if e.location != "" {
		m["prov:location"] = e.location
	}
	return m
}

type typedLiteral struct {
	Value string `json:"$"`
	Type  string `json:"type"`
}

func jsonValue(v value) any {
	switch v.kind {
	case valInt:
		return v.n
	case valTime:
		return typedLiteral{jsonTime(v.t), "xsd:dateTime"}
	case valURI:
		return typedLiteral{v.s, "xsd:anyURI"}
	case valName:
		return typedLiteral{v.q.String(), "prov:QUALIFIED_NAME"}
	}
	return v.s
}

func jsonTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// jsonRelation returns the PROV-JSON section and record of a relation.
func jsonRelation(r *relation) (string, map[string]any) {
	rec := map[string]any{}
	set := func(k string, q qname) {
		if !q.isZero() {
			rec[k] = q.String()
		}
	}
	switch r.kind {
	case relGeneration:
		set("prov:entity", r.subject)
		set("prov:activity", r.object)
		if r.time != nil {
			rec["prov:time"] = jsonTime(*r.time)
		}
		return "wasGeneratedBy", rec
	case relDerivation:
		set("prov:generatedEntity", r.subject)
		set("prov:usedEntity", r.object)
		if r.subtype != derivPlain {
			rec["prov:type"] = jsonValue(value{kind: valName, q: provTerm(r.subtype)})
		}
		return "wasDerivedFrom", rec
	case relAttribution:
		set("prov:entity", r.subject)
		set("prov:agent", r.object)
		return "wasAttributedTo", rec
	case relAssociation:
		set("prov:activity", r.subject)
		set("prov:agent", r.object)
		return "wasAssociatedWith", rec
	case relDelegation:
		set("prov:delegate", r.subject)
		set("prov:responsible", r.object)
		return "actedOnBehalfOf", rec
	case relInfluence:
		set("prov:influencee", r.subject)
		set("prov:influencer", r.object)
		return "wasInfluencedBy", rec
	case relSpecialization:
		set("prov:specificEntity", r.subject)
		set("prov:generalEntity", r.object)
		return "specializationOf", rec
	case relInvalidation:
		set("prov:entity", r.subject)
		set("prov:activity", r.object)
		if r.time != nil {
			rec["prov:time"] = jsonTime(*r.time)
		}
		return "wasInvalidatedBy", rec
	}
	panic("provexport: unknown relation kind")
}
