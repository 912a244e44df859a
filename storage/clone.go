package storage

import (
	"slices"
	"time"

	"claimgraph/prov"
)

// cloneNode returns a deep copy of n: an update function that edits a slice element or
// the target of a pointer field in place must not change the old node that put compares
// against to maintain reverse edges and unique keys.
func cloneNode[P node](n P) P {
	var out node
	switch n := any(n).(type) {
	case *prov.Event:
		c := *n
		c.Description = cloneStr(n.Description)
		c.StartTime = cloneTime(n.StartTime)
		c.EndTime = cloneTime(n.EndTime)
		c.Location = cloneStr(n.Location)
		out = &c
	case *prov.Actor:
		c := *n
		c.Role = cloneStr(n.Role)
		c.Aliases = slices.Clone(n.Aliases)
		c.Extraction = clonePtr(n.Extraction)
		out = &c
	case *prov.Source:
		c := *n
		c.URL = cloneStr(n.URL)
		c.PublishedAt = cloneTime(n.PublishedAt)
		c.RetrievedAt = cloneTime(n.RetrievedAt)
		c.Text = cloneStr(n.Text)
		c.CitesIDs = slices.Clone(n.CitesIDs)
		out = &c
	case *prov.Claim:
		c := *n
		c.StatedAt = cloneTime(n.StatedAt)
		c.Medium = cloneStr(n.Medium)
		c.Extraction = clonePtr(n.Extraction)
		out = &c
	case *prov.Attribution:
		c := *n
		c.Start = clonePtr(n.Start)
		c.End = clonePtr(n.End)
		c.Mention = cloneStr(n.Mention)
		c.Cue = cloneStr(n.Cue)
		c.Medium = cloneStr(n.Medium)
		c.Extraction = clonePtr(n.Extraction)
		out = &c
	case *prov.ClaimRelation:
		c := *n
		c.Note = cloneStr(n.Note)
		out = &c
	case *prov.Review:
		c := *n
		c.Explanation = cloneStr(n.Explanation)
		c.EvidenceURLs = slices.Clone(n.EvidenceURLs)
		out = &c
	case *prov.Dismissal:
		c := *n
		out = &c
	case *prov.Token:
		c := *n
		c.RevokedAt = cloneTime(n.RevokedAt)
		out = &c
	default:
		panic("storage: cannot clone a node of unknown type")
	}
	return out.(P)
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneStr(p *string) *string { return clonePtr(p) }

func cloneTime(p *time.Time) *time.Time { return clonePtr(p) }
