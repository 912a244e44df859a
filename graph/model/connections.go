package model

import (
	"context"
	"encoding/base64"
	"strconv"

	"claimgraph/prov"
	"claimgraph/storage"
)

// Counter counts every item a connection's query matches, across all pages. It is
// called only when a client asks for totalCount.
type Counter func(ctx context.Context) (int, error)

// EncodeCursor returns the opaque cursor of the item with the given ID.
func EncodeCursor(id prov.ID) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c:" + id.String()))
}

// DecodeCursor returns the ID a cursor stands for, the zero ID for a nil cursor, or an
// EINVALID error when the cursor did not come from this API.
func DecodeCursor(cursor *string) (prov.ID, error) {
	if cursor == nil || *cursor == "" {
		return prov.ID{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*cursor)
	if err != nil || len(b) < 2 || string(b[:2]) != "c:" {
		return prov.ID{}, prov.Errorf(prov.EINVALID, "after: %q is not a cursor from this API", *cursor)
	}
	id, err := prov.ParseID(string(b[2:]))
	if err != nil {
		return prov.ID{}, prov.Errorf(prov.EINVALID, "after: %q is not a cursor from this API", *cursor)
	}
	return id, nil
}

func pageInfo(first, last prov.ID, hasNext, hasPrev bool) *PageInfo {
	p := &PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if !first.IsZero() {
		s, e := EncodeCursor(first), EncodeCursor(last)
		p.StartCursor, p.EndCursor = &s, &e
	}
	return p
}

// connect builds the edges and page info of one page of items.
func connect[T prov.Node, E any](items []T, hasNext bool, after prov.ID, edge func(string, T) E) ([]E, *PageInfo) {
	edges := make([]E, len(items))
	var first, last prov.ID
	for i, it := range items {
		edges[i] = edge(EncodeCursor(it.NodeID()), it)
		if i == 0 {
			first = it.NodeID()
		}
		last = it.NodeID()
	}
	return edges, pageInfo(first, last, hasNext, !after.IsZero())
}

// ClaimConnection is a page of claims.
type ClaimConnection struct {
	Edges    []*ClaimEdge
	PageInfo *PageInfo
	count    Counter
}

// ClaimEdge is one claim of a page with its cursor.
type ClaimEdge struct {
	Cursor string
	Node   *prov.Claim
}

// NewClaimConnection returns the connection for one page of claims.
func NewClaimConnection(items []*prov.Claim, hasNext bool, after prov.ID, count Counter) *ClaimConnection {
	edges, info := connect(items, hasNext, after, func(c string, n *prov.Claim) *ClaimEdge { return &ClaimEdge{c, n} })
	return &ClaimConnection{Edges: edges, PageInfo: info, count: count}
}

// Nodes returns the page's claims.
func (c *ClaimConnection) Nodes() []*prov.Claim {
	out := make([]*prov.Claim, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TotalCount returns how many claims match across all pages.
func (c *ClaimConnection) TotalCount(ctx context.Context) (int, error) { return c.count(ctx) }

// ActorConnection is a page of actors.
type ActorConnection struct {
	Edges    []*ActorEdge
	PageInfo *PageInfo
	count    Counter
}

// ActorEdge is one actor of a page with its cursor.
type ActorEdge struct {
	Cursor string
	Node   *prov.Actor
}

// NewActorConnection returns the connection for one page of actors.
func NewActorConnection(items []*prov.Actor, hasNext bool, after prov.ID, count Counter) *ActorConnection {
	edges, info := connect(items, hasNext, after, func(c string, n *prov.Actor) *ActorEdge { return &ActorEdge{c, n} })
	return &ActorConnection{Edges: edges, PageInfo: info, count: count}
}

// Nodes returns the page's actors.
func (c *ActorConnection) Nodes() []*prov.Actor {
	out := make([]*prov.Actor, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TotalCount returns how many actors match across all pages.
func (c *ActorConnection) TotalCount(ctx context.Context) (int, error) { return c.count(ctx) }

// SourceConnection is a page of sources.
type SourceConnection struct {
	Edges    []*SourceEdge
	PageInfo *PageInfo
	count    Counter
}

// SourceEdge is one source of a page with its cursor.
type SourceEdge struct {
	Cursor string
	Node   *prov.Source
}

// NewSourceConnection returns the connection for one page of sources.
func NewSourceConnection(items []*prov.Source, hasNext bool, after prov.ID, count Counter) *SourceConnection {
	edges, info := connect(items, hasNext, after, func(c string, n *prov.Source) *SourceEdge { return &SourceEdge{c, n} })
	return &SourceConnection{Edges: edges, PageInfo: info, count: count}
}

// Nodes returns the page's sources.
func (c *SourceConnection) Nodes() []*prov.Source {
	out := make([]*prov.Source, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TotalCount returns how many sources match across all pages.
func (c *SourceConnection) TotalCount(ctx context.Context) (int, error) { return c.count(ctx) }

// EventConnection is a page of events.
type EventConnection struct {
	Edges    []*EventEdge
	PageInfo *PageInfo
	count    Counter
}

// EventEdge is one event of a page with its cursor.
type EventEdge struct {
	Cursor string
	Node   *prov.Event
}

// NewEventConnection returns the connection for one page of events.
func NewEventConnection(items []*prov.Event, hasNext bool, after prov.ID, count Counter) *EventConnection {
	edges, info := connect(items, hasNext, after, func(c string, n *prov.Event) *EventEdge { return &EventEdge{c, n} })
	return &EventConnection{Edges: edges, PageInfo: info, count: count}
}

// Nodes returns the page's events.
func (c *EventConnection) Nodes() []*prov.Event {
	out := make([]*prov.Event, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// TotalCount returns how many events match across all pages.
func (c *EventConnection) TotalCount(ctx context.Context) (int, error) { return c.count(ctx) }

// AuditEntryConnection is a page of the audit log.
type AuditEntryConnection struct {
	Edges    []*AuditEntryEdge
	PageInfo *PageInfo
}

// AuditEntryEdge is one audit entry of a page with its cursor.
type AuditEntryEdge struct {
	Cursor string
	Node   *storage.AuditEntry
}

// EncodeSeqCursor returns the opaque cursor of the audit entry with sequence seq.
func EncodeSeqCursor(seq uint64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("a:" + strconv.FormatUint(seq, 10)))
}

// DecodeSeqCursor returns the sequence number an audit cursor stands for, 0 for a nil
// cursor, or an EINVALID error when the cursor did not come from this API.
func DecodeSeqCursor(cursor *string) (uint64, error) {
	if cursor == nil || *cursor == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*cursor)
	if err == nil && len(b) > 2 && string(b[:2]) == "a:" {
		if seq, err := strconv.ParseUint(string(b[2:]), 10, 64); err == nil {
			return seq, nil
		}
	}
	return 0, prov.Errorf(prov.EINVALID, "after: %q is not an audit-log cursor from this API", *cursor)
}

// NewAuditEntryConnection returns the connection for one page of audit entries.
func NewAuditEntryConnection(entries []*storage.AuditEntry, hasNext bool, after uint64) *AuditEntryConnection {
	c := &AuditEntryConnection{PageInfo: &PageInfo{HasNextPage: hasNext, HasPreviousPage: after > 0}}
	for _, e := range entries {
		c.Edges = append(c.Edges, &AuditEntryEdge{Cursor: EncodeSeqCursor(e.Seq), Node: e})
	}
	if n := len(c.Edges); n > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &c.Edges[0].Cursor, &c.Edges[n-1].Cursor
	}
	return c
}

// Nodes returns the page's entries.
func (c *AuditEntryConnection) Nodes() []*storage.AuditEntry {
	out := make([]*storage.AuditEntry, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}
