package graph

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"maps"
	"slices"
	"strings"

	"claimgraph/graph/model"
	"claimgraph/prov"
	"claimgraph/provexport"
	"claimgraph/storage"
)

// Export formats, as the export command and the API name them.
const (
	FormatNDJSON      = "ndjson"
	FormatPROVJSON    = "prov-json"
	FormatPROVO       = "prov-o"
	FormatClaimReview = "claimreview"
)

// ExportFormats lists the formats ExportDocument writes.
var ExportFormats = []string{FormatNDJSON, FormatPROVJSON, FormatPROVO, FormatClaimReview}

// ExportDocument writes the store, one event (event set) or one claim's trace (claim
// set) in format: the interchange format (whole store only), PROV-JSON, PROV-O Turtle
// or schema.org ClaimReview JSON-LD. The PROV documents carry the audit history of the
// nodes they describe as revisions; the whole store's also that of every node the
// audit log names that has since been deleted, ending in the write that deleted it.
// It returns EINVALID for an unknown format, an event and a claim together or a bad
// base IRI, ENOTFOUND when the event or claim does not exist.
func ExportDocument(ctx context.Context, store *storage.Store, w io.Writer, format string, event, claim prov.ID, baseIRI string) error {
	if !slices.Contains(ExportFormats, format) {
		return prov.Errorf(prov.EINVALID, "format: %q is not one of %v", format, ExportFormats)
	}
	if !event.IsZero() && !claim.IsZero() {
		return prov.Errorf(prov.EINVALID, "give an event or a claim, not both")
	}
	if format == FormatNDJSON && baseIRI != "" {
		return prov.Errorf(prov.EINVALID, "base IRI: the ndjson format names nodes by ID; a base IRI is for the PROV and ClaimReview formats")
	}
	if err := provexport.CheckBaseIRI(baseIRI); err != nil {
		return err
	}
	if format == FormatNDJSON {
		if !event.IsZero() || !claim.IsZero() {
			return prov.Errorf(prov.EINVALID, "the ndjson format exports the whole store; use a PROV or ClaimReview format for one event or claim")
		}
		return store.Export(ctx, w)
	}
	if !event.IsZero() && event.Type != prov.TypeEvent {
		return prov.Errorf(prov.EINVALID, "event: %s is not an event ID", event)
	}
	if !claim.IsZero() && claim.Type != prov.TypeClaim {
		return prov.Errorf(prov.EINVALID, "claim: %s is not a claim ID", claim)
	}
	g, err := exportGraph(ctx, store, event, claim)
	if err != nil {
		return err
	}
	if format != FormatClaimReview {
		if err := addRevisions(ctx, store, g, event.IsZero() && claim.IsZero()); err != nil {
			return err
		}
	}
	switch format {
	case FormatPROVJSON:
		return provexport.WritePROVJSON(w, g, baseIRI)
	case FormatPROVO:
		return provexport.WritePROVO(w, g, baseIRI)
	}
	return provexport.WriteClaimReview(w, g, baseIRI)
}

// exportGraph reads the graph of the whole store, or of one event or one claim's trace
// (reading only the nodes they are made of: storage.ExportAround).
func exportGraph(ctx context.Context, store *storage.Store, event, claim prov.ID) (*provexport.Graph, error) {
	var nd bytes.Buffer
	var err error
	switch root := cmp.Or(event, claim); {
	case root.IsZero():
		err = store.Export(ctx, &nd)
	default:
		err = store.ExportAround(ctx, &nd, root)
		if prov.ErrorCode(err) == prov.ENOTFOUND {
			err = prov.Errorf(prov.ENOTFOUND, "%s %s not found", strings.ToLower(root.Type.String()), root)
		}
	}
	if err != nil {
		return nil, err
	}
	g, err := provexport.FromNDJSON(&nd)
	switch {
	case err != nil:
		return nil, err
	case !event.IsZero():
		return g.Event(event)
	case !claim.IsZero():
		return g.ClaimTrace(claim)
	}
	return g, nil
}

// addRevisions adds the audit history of every node of g to it, and when g is the
// whole store, of the deleted nodes too.
func addRevisions(ctx context.Context, store *storage.Store, g *provexport.Graph, whole bool) error {
	var ids []prov.ID
	ids = slices.AppendSeq(ids, maps.Keys(g.Events))
	ids = slices.AppendSeq(ids, maps.Keys(g.Actors))
	ids = slices.AppendSeq(ids, maps.Keys(g.Sources))
	ids = slices.AppendSeq(ids, maps.Keys(g.Claims))
	ids = slices.AppendSeq(ids, maps.Keys(g.Attributions))
	ids = slices.AppendSeq(ids, maps.Keys(g.Relations))
	ids = slices.AppendSeq(ids, maps.Keys(g.Reviews))
	if whole {
		deleted, err := deletedNodes(ctx, store, g)
		if err != nil {
			return err
		}
		ids = append(ids, deleted...)
	}
	return store.Revisions(ctx, ids, func(id prov.ID, revs []storage.Revision) error {
		var prev uint64
		for _, r := range revs {
			g.Revisions = append(g.Revisions, provexport.Revision{
				Node: id, Seq: r.Seq, At: r.At, Who: r.Who,
				Operation: r.Operation, PrevSeq: prev, Deleted: r.Deleted,
			})
			prev = r.Seq
		}
		return nil
	})
}

// deletedNodes returns the nodes the audit log names that g, the whole store, does
// not hold: the deleted ones. A deleted node is named only there (the store keeps
// no index of them), so the log is read through, a page at a time.
func deletedNodes(ctx context.Context, store *storage.Store, g *provexport.Graph) ([]prov.ID, error) {
	seen := map[prov.ID]bool{}
	var out []prov.ID
	for after := uint64(0); ; {
		entries, more, err := store.AuditLog(ctx, prov.ID{}, after, storage.MaxPageSize)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			for _, c := range e.Changes {
				if !seen[c.ID] && !g.Has(c.ID) {
					seen[c.ID] = true
					out = append(out, c.ID)
				}
			}
			after = e.Seq
		}
		if !more || len(entries) == 0 {
			return out, nil
		}
	}
}

// exportFormat maps the API's enum to ExportDocument's format names.
func exportFormat(f model.ExportFormat) string {
	switch f {
	case model.ExportFormatProvJSON:
		return FormatPROVJSON
	case model.ExportFormatProvO:
		return FormatPROVO
	case model.ExportFormatClaimreview:
		return FormatClaimReview
	}
	return FormatNDJSON
}
