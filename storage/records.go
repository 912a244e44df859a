package storage

import (
	"fmt"

	"claimgraph/prov"
)

// node is any record the store keeps.
type node interface{ NodeID() prov.ID }

// Field numbers of each record type. They are part of the record format: add new ones,
// never renumber or reuse.

func encodeNode(n node) []byte {
	var e encoder
	switch n := n.(type) {
	case *prov.Event:
		e.str(1, n.Name)
		e.optStr(2, n.Description)
		e.time(3, n.StartTime)
		e.time(4, n.EndTime)
		e.optStr(5, n.Location)
	case *prov.Actor:
		e.str(1, n.Name)
		e.str(2, string(n.Kind))
		e.optStr(3, n.Role)
		for _, a := range n.Aliases {
			e.bytes(4, []byte(a))
		}
		e.id(5, n.AffiliationID)
		e.extraction(6, n.Extraction)
	case *prov.Source:
		e.str(1, n.Title)
		e.str(2, string(n.Kind))
		e.id(3, n.PublisherID)
		e.optStr(4, n.URL)
		e.time(5, n.PublishedAt)
		e.time(6, n.RetrievedAt)
		e.str(7, n.TextSHA256)
		if n.HasText {
			e.uint(8, 1)
		}
		for _, c := range n.CitesIDs {
			e.bytes(9, putID(nil, c))
		}
	case *prov.Claim:
		e.str(1, n.Text)
		e.id(2, n.ClaimantID)
		e.id(3, n.EventID)
		e.time(4, n.StatedAt)
		e.optStr(5, n.Medium)
		e.extraction(6, n.Extraction)
	case *prov.Attribution:
		e.id(1, n.ClaimID)
		e.id(2, n.SourceID)
		e.str(3, n.Quote)
		e.optInt(4, n.Start)
		e.optInt(5, n.End)
		e.optStr(6, n.Mention)
		e.optStr(7, n.Cue)
		e.str(8, string(n.Kind))
		e.optStr(9, n.Medium)
		e.id(10, n.ViaActorID)
		e.id(11, n.ViaSourceID)
		e.extraction(12, n.Extraction)
	case *prov.Review:
		e.id(1, n.ClaimID)
		e.uint(2, zigzag(n.Rating))
		e.uint(3, zigzag(n.BestRating))
		e.uint(4, zigzag(n.WorstRating))
		e.str(5, n.Verdict)
		e.optStr(6, n.Explanation)
		e.id(7, n.ReviewerID)
		e.time(8, &n.ReviewedAt)
		for _, u := range n.EvidenceURLs {
			e.bytes(9, []byte(u))
		}
	case *prov.Dismissal:
		e.str(1, n.Key)
		e.id(2, n.EventID)
		e.time(3, &n.DismissedAt)
	case *prov.Token:
		e.str(1, n.Name)
		e.str(2, string(n.Role))
		e.bytes(3, n.SecretHash[:])
		e.time(4, &n.CreatedAt)
		e.time(5, n.RevokedAt)
	case *prov.ClaimRelation:
		e.str(1, string(n.Kind))
		e.id(2, n.FromID)
		e.id(3, n.ToID)
		e.optStr(4, n.Note)
		e.id(5, n.AssertedByID)
	default:
		panic(fmt.Sprintf("storage: cannot encode %T", n))
	}
	return seal(e.b)
}

// decodeNode decodes the record stored under key for id. It returns an error wrapping
// ErrCorrupt, naming the key, when the value fails its checks.
func decodeNode(key []byte, id prov.ID, v []byte) (node, error) {
	payload, err := unseal(key, v)
	if err != nil {
		return nil, err
	}
	d := decoder{b: payload}
	var n node
	switch id.Type {
	case prov.TypeEvent:
		x := &prov.Event{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Name = d.str()
			case 2:
				x.Description = d.optStr()
			case 3:
				x.StartTime = d.time()
			case 4:
				x.EndTime = d.time()
			case 5:
				x.Location = d.optStr()
			}
		}
		n = x
	case prov.TypeActor:
		x := &prov.Actor{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Name = d.str()
			case 2:
				x.Kind = prov.ActorKind(d.str())
			case 3:
				x.Role = d.optStr()
			case 4:
				x.Aliases = append(x.Aliases, d.str())
			case 5:
				x.AffiliationID = d.id()
			case 6:
				x.Extraction = d.extraction()
			}
		}
		n = x
	case prov.TypeSource:
		x := &prov.Source{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Title = d.str()
			case 2:
				x.Kind = prov.SourceKind(d.str())
			case 3:
				x.PublisherID = d.id()
			case 4:
				x.URL = d.optStr()
			case 5:
				x.PublishedAt = d.time()
			case 6:
				x.RetrievedAt = d.time()
			case 7:
				x.TextSHA256 = d.str()
			case 8:
				x.HasText = d.flag()
			case 9:
				x.CitesIDs = append(x.CitesIDs, d.id())
			}
		}
		n = x
	case prov.TypeClaim:
		x := &prov.Claim{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Text = d.str()
			case 2:
				x.ClaimantID = d.id()
			case 3:
				x.EventID = d.id()
			case 4:
				x.StatedAt = d.time()
			case 5:
				x.Medium = d.optStr()
			case 6:
				x.Extraction = d.extraction()
			}
		}
		n = x
	case prov.TypeAttribution:
		x := &prov.Attribution{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.ClaimID = d.id()
			case 2:
				x.SourceID = d.id()
			case 3:
				x.Quote = d.str()
			case 4:
				x.Start = d.optInt()
			case 5:
				x.End = d.optInt()
			case 6:
				x.Mention = d.optStr()
			case 7:
				x.Cue = d.optStr()
			case 8:
				x.Kind = prov.AttributionKind(d.str())
			case 9:
				x.Medium = d.optStr()
			case 10:
				x.ViaActorID = d.id()
			case 11:
				x.ViaSourceID = d.id()
			case 12:
				x.Extraction = d.extraction()
			}
		}
		n = x
	case prov.TypeReview:
		x := &prov.Review{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.ClaimID = d.id()
			case 2:
				x.Rating = d.zigzag()
			case 3:
				x.BestRating = d.zigzag()
			case 4:
				x.WorstRating = d.zigzag()
			case 5:
				x.Verdict = d.str()
			case 6:
				x.Explanation = d.optStr()
			case 7:
				x.ReviewerID = d.id()
			case 8:
				if t := d.time(); t != nil {
					x.ReviewedAt = *t
				}
			case 9:
				x.EvidenceURLs = append(x.EvidenceURLs, d.str())
			}
		}
		n = x
	case prov.TypeDismissal:
		x := &prov.Dismissal{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Key = d.str()
			case 2:
				x.EventID = d.id()
			case 3:
				if t := d.time(); t != nil {
					x.DismissedAt = *t
				}
			}
		}
		n = x
	case prov.TypeToken:
		x := &prov.Token{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Name = d.str()
			case 2:
				x.Role = prov.Role(d.str())
			case 3:
				if d.bytesField() && len(d.raw) == len(x.SecretHash) {
					copy(x.SecretHash[:], d.raw)
				} else {
					d.fail("secret hash of the wrong length")
				}
			case 4:
				if t := d.time(); t != nil {
					x.CreatedAt = *t
				}
			case 5:
				x.RevokedAt = d.time()
			}
		}
		n = x
	case prov.TypeRelation:
		x := &prov.ClaimRelation{ID: id}
		for d.next() {
			switch d.field {
			case 1:
				x.Kind = prov.RelationKind(d.str())
			case 2:
				x.FromID = d.id()
			case 3:
				x.ToID = d.id()
			case 4:
				x.Note = d.optStr()
			case 5:
				x.AssertedByID = d.id()
			}
		}
		n = x
	default:
		return nil, fmt.Errorf("%w: key %x: unknown node type %d", ErrCorrupt, key, id.Type)
	}
	if d.err != nil {
		return nil, fmt.Errorf("key %x: %w", key, d.err)
	}
	return n, nil
}
