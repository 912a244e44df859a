package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"claimgraph/graph/model"
	"claimgraph/prov"
)

// The fields the direct executor answers, type by type, each as gqlgen's generated
// code resolves it (the same resolver or struct field; see direct.go). A field not
// listed here sends the request to gqlgen's executor.

func (x *dexec) query(sel ast.SelectionSet) error {
	q := x.r.Query()
	return x.object("Query", queryImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "node":
			args, err := x.args(f, x.ec.field_Query_node_args)
			if err != nil {
				return err
			}
			n, err := q.Node(x.ctx, args["id"].(prov.ID))
			if err != nil {
				return err
			}
			return x.node(n, f.Selections)
		case "claim", "actor", "source", "event", "attribution", "claimRelation", "review":
			return x.byID(f)
		case "actorByName":
			args, err := x.args(f, x.ec.field_Query_actorByName_args)
			if err != nil {
				return err
			}
			a, err := q.ActorByName(x.ctx, args["name"].(string))
			if err != nil {
				return err
			}
			return x.actor(a, f.Selections, false)
		case "claims":
			args, err := x.args(f, x.ec.field_Query_claims_args)
			if err != nil {
				return err
			}
			c, err := q.Claims(x.ctx, args["filter"].(*model.ClaimFilter), args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.claimConnection(c, f.Selections)
		case "actors":
			args, err := x.args(f, x.ec.field_Query_actors_args)
			if err != nil {
				return err
			}
			c, err := q.Actors(x.ctx, args["filter"].(*model.ActorFilter), args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.actorConnection(c, f.Selections)
		case "sources":
			args, err := x.args(f, x.ec.field_Query_sources_args)
			if err != nil {
				return err
			}
			c, err := q.Sources(x.ctx, args["filter"].(*model.SourceFilter), args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.sourceConnection(c, f.Selections)
		case "events":
			args, err := x.args(f, x.ec.field_Query_events_args)
			if err != nil {
				return err
			}
			c, err := q.Events(x.ctx, args["filter"].(*model.EventFilter), args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.eventConnection(c, f.Selections)
		}
		return errIndirect
	})
}

// byID answers the by-ID queries, whose arguments are all one id.
func (x *dexec) byID(f graphql.CollectedField) error {
	var parse func(context.Context, map[string]any) (map[string]any, error)
	switch f.Name {
	case "claim":
		parse = x.ec.field_Query_claim_args
	case "actor":
		parse = x.ec.field_Query_actor_args
	case "source":
		parse = x.ec.field_Query_source_args
	case "event":
		parse = x.ec.field_Query_event_args
	case "attribution":
		parse = x.ec.field_Query_attribution_args
	case "claimRelation":
		parse = x.ec.field_Query_claimRelation_args
	case "review":
		parse = x.ec.field_Query_review_args
	default:
		return errIndirect
	}
	args, err := x.args(f, parse)
	if err != nil {
		return err
	}
	id := args["id"].(prov.ID)
	q := x.r.Query()
	switch f.Name {
	case "claim":
		c, err := q.Claim(x.ctx, id)
		if err != nil {
			return err
		}
		return x.claim(c, f.Selections, false)
	case "actor":
		a, err := q.Actor(x.ctx, id)
		if err != nil {
			return err
		}
		return x.actor(a, f.Selections, false)
	case "source":
		s, err := q.Source(x.ctx, id)
		if err != nil {
			return err
		}
		return x.source(s, f.Selections, false)
	case "event":
		e, err := q.Event(x.ctx, id)
		if err != nil {
			return err
		}
		return x.event(e, f.Selections, false)
	case "attribution":
		a, err := q.Attribution(x.ctx, id)
		if err != nil {
			return err
		}
		return x.attribution(a, f.Selections, false)
	case "claimRelation":
		r, err := q.ClaimRelation(x.ctx, id)
		if err != nil {
			return err
		}
		return x.relation(r, f.Selections, false)
	case "review":
		r, err := q.Review(x.ctx, id)
		if err != nil {
			return err
		}
		return x.review(r, f.Selections, false)
	}
	return errIndirect
}

// node writes a value of the Node interface as its concrete type.
func (x *dexec) node(n prov.Node, sel ast.SelectionSet) error {
	switch n := n.(type) {
	case nil:
		x.null()
		return nil
	case *prov.Claim:
		return x.claim(n, sel, false)
	case *prov.Actor:
		return x.actor(n, sel, false)
	case *prov.Source:
		return x.source(n, sel, false)
	case *prov.Event:
		return x.event(n, sel, false)
	case *prov.Attribution:
		return x.attribution(n, sel, false)
	case *prov.ClaimRelation:
		return x.relation(n, sel, false)
	case *prov.Review:
		return x.review(n, sel, false)
	}
	return errIndirect
}

// absent writes null for a nil object, or returns errIndirect when the schema does
// not allow null there (gqlgen reports that as an error). It reports whether the
// object was nil.
func (x *dexec) absent(isNil, required bool) (bool, error) {
	if !isNil {
		return false, nil
	}
	if required {
		return true, errIndirect
	}
	x.null()
	return true, nil
}

func (x *dexec) claim(c *prov.Claim, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(c == nil, required); nilObj {
		return err
	}
	r := x.r.Claim()
	return x.object("Claim", claimImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(c.ID)
		case "text":
			x.str(c.Text)
		case "claimant":
			a, err := r.Claimant(x.ctx, c)
			if err != nil {
				return err
			}
			return x.actor(a, f.Selections, false)
		case "event":
			e, err := r.Event(x.ctx, c)
			if err != nil {
				return err
			}
			return x.event(e, f.Selections, false)
		case "statedAt":
			return x.timePtr(c.StatedAt)
		case "medium":
			x.strPtr(c.Medium)
		case "attributions":
			atts, err := r.Attributions(x.ctx, c)
			if err != nil {
				return err
			}
			return x.attributions(atts, f.Selections)
		case "related":
			rel, err := r.Related(x.ctx, c)
			if err != nil {
				return err
			}
			return x.list(len(rel), func(i int) error { return x.relatedClaim(rel[i], f.Selections) })
		case "trace":
			t, err := r.Trace(x.ctx, c)
			if err != nil {
				return err
			}
			return x.trace(t, f.Selections)
		case "reviews":
			rs, err := r.Reviews(x.ctx, c)
			if err != nil {
				return err
			}
			return x.list(len(rs), func(i int) error { return x.review(rs[i], f.Selections, true) })
		case "extraction":
			return x.extraction(c.Extraction, f.Selections)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) claims(cs []*prov.Claim, sel ast.SelectionSet) error {
	return x.list(len(cs), func(i int) error { return x.claim(cs[i], sel, true) })
}

func (x *dexec) attribution(a *prov.Attribution, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(a == nil, required); nilObj {
		return err
	}
	r := x.r.Attribution()
	return x.object("Attribution", attributionImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(a.ID)
		case "claim":
			c, err := r.Claim(x.ctx, a)
			if err != nil {
				return err
			}
			return x.claim(c, f.Selections, true)
		case "source":
			s, err := r.Source(x.ctx, a)
			if err != nil {
				return err
			}
			return x.source(s, f.Selections, true)
		case "quote":
			x.str(a.Quote)
		case "start":
			x.intPtr(a.Start)
		case "end":
			x.intPtr(a.End)
		case "mention":
			x.strPtr(a.Mention)
		case "cue":
			x.strPtr(a.Cue)
		case "kind":
			x.str(string(a.Kind))
		case "medium":
			x.strPtr(a.Medium)
		case "viaActor":
			v, err := r.ViaActor(x.ctx, a)
			if err != nil {
				return err
			}
			return x.actor(v, f.Selections, false)
		case "viaSource":
			v, err := r.ViaSource(x.ctx, a)
			if err != nil {
				return err
			}
			return x.source(v, f.Selections, false)
		case "drift":
			d, err := r.Drift(x.ctx, a)
			if err != nil {
				return err
			}
			if d == nil {
				return errIndirect
			}
			return x.drift(d, f.Selections)
		case "extraction":
			return x.extraction(a.Extraction, f.Selections)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) attributions(as []*prov.Attribution, sel ast.SelectionSet) error {
	return x.list(len(as), func(i int) error { return x.attribution(as[i], sel, true) })
}

func (x *dexec) source(s *prov.Source, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(s == nil, required); nilObj {
		return err
	}
	r := x.r.Source()
	return x.object("Source", sourceImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(s.ID)
		case "title":
			x.str(s.Title)
		case "kind":
			x.str(string(s.Kind))
		case "publisher":
			a, err := r.Publisher(x.ctx, s)
			if err != nil {
				return err
			}
			return x.actor(a, f.Selections, false)
		case "url":
			x.strPtr(s.URL)
		case "publishedAt":
			return x.timePtr(s.PublishedAt)
		case "retrievedAt":
			return x.timePtr(s.RetrievedAt)
		case "textSha256":
			x.strPtr(s.KnownTextSHA256())
		case "hasText":
			x.bool(s.HasText)
		case "text":
			t, err := r.Text(x.ctx, s)
			if err != nil {
				return err
			}
			x.strPtr(t)
		case "cites":
			ss, err := r.Cites(x.ctx, s)
			if err != nil {
				return err
			}
			return x.sources(ss, f.Selections)
		case "citedBy":
			ss, err := r.CitedBy(x.ctx, s)
			if err != nil {
				return err
			}
			return x.sources(ss, f.Selections)
		case "attributions":
			atts, err := r.Attributions(x.ctx, s)
			if err != nil {
				return err
			}
			return x.attributions(atts, f.Selections)
		case "claims":
			args, err := x.args(f, x.ec.field_Source_claims_args)
			if err != nil {
				return err
			}
			c, err := r.Claims(x.ctx, s, args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.claimConnection(c, f.Selections)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) sources(ss []*prov.Source, sel ast.SelectionSet) error {
	return x.list(len(ss), func(i int) error { return x.source(ss[i], sel, true) })
}

func (x *dexec) actor(a *prov.Actor, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(a == nil, required); nilObj {
		return err
	}
	r := x.r.Actor()
	return x.object("Actor", actorImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(a.ID)
		case "name":
			x.str(a.Name)
		case "kind":
			x.str(string(a.Kind))
		case "role":
			x.strPtr(a.Role)
		case "aliases":
			x.strings(a.Aliases)
		case "affiliation":
			v, err := r.Affiliation(x.ctx, a)
			if err != nil {
				return err
			}
			return x.actor(v, f.Selections, false)
		case "members":
			ms, err := r.Members(x.ctx, a)
			if err != nil {
				return err
			}
			return x.actors(ms, f.Selections)
		case "claims":
			args, err := x.args(f, x.ec.field_Actor_claims_args)
			if err != nil {
				return err
			}
			c, err := r.Claims(x.ctx, a, args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.claimConnection(c, f.Selections)
		case "published":
			args, err := x.args(f, x.ec.field_Actor_published_args)
			if err != nil {
				return err
			}
			c, err := r.Published(x.ctx, a, args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.sourceConnection(c, f.Selections)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) actors(as []*prov.Actor, sel ast.SelectionSet) error {
	return x.list(len(as), func(i int) error { return x.actor(as[i], sel, true) })
}

func (x *dexec) event(e *prov.Event, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(e == nil, required); nilObj {
		return err
	}
	r := x.r.Event()
	return x.object("Event", eventImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(e.ID)
		case "name":
			x.str(e.Name)
		case "description":
			x.strPtr(e.Description)
		case "startTime":
			return x.timePtr(e.StartTime)
		case "endTime":
			return x.timePtr(e.EndTime)
		case "location":
			x.strPtr(e.Location)
		case "claims":
			args, err := x.args(f, x.ec.field_Event_claims_args)
			if err != nil {
				return err
			}
			c, err := r.Claims(x.ctx, e, args["first"].(*int), args["after"].(*string))
			if err != nil {
				return err
			}
			return x.claimConnection(c, f.Selections)
		case "sources":
			ss, err := r.Sources(x.ctx, e)
			if err != nil {
				return err
			}
			return x.sources(ss, f.Selections)
		case "actors":
			as, err := r.Actors(x.ctx, e)
			if err != nil {
				return err
			}
			return x.actors(as, f.Selections)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) relation(rel *prov.ClaimRelation, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(rel == nil, required); nilObj {
		return err
	}
	r := x.r.ClaimRelation()
	return x.object("ClaimRelation", claimRelationImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(rel.ID)
		case "kind":
			x.str(string(rel.Kind))
		case "from":
			c, err := r.From(x.ctx, rel)
			if err != nil {
				return err
			}
			return x.claim(c, f.Selections, true)
		case "to":
			c, err := r.To(x.ctx, rel)
			if err != nil {
				return err
			}
			return x.claim(c, f.Selections, true)
		case "note":
			x.strPtr(rel.Note)
		case "assertedBy":
			a, err := r.AssertedBy(x.ctx, rel)
			if err != nil {
				return err
			}
			return x.actor(a, f.Selections, false)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) relatedClaim(rc *model.RelatedClaim, sel ast.SelectionSet) error {
	if rc == nil {
		return errIndirect
	}
	return x.object("RelatedClaim", relatedClaimImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "relation":
			return x.relation(rc.Relation, f.Selections, true)
		case "claim":
			return x.claim(rc.Claim, f.Selections, true)
		case "outgoing":
			x.bool(rc.Outgoing)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) review(rv *prov.Review, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(rv == nil, required); nilObj {
		return err
	}
	r := x.r.Review()
	return x.object("Review", reviewImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "id":
			x.id(rv.ID)
		case "claim":
			c, err := r.Claim(x.ctx, rv)
			if err != nil {
				return err
			}
			return x.claim(c, f.Selections, true)
		case "rating":
			x.int(rv.Rating)
		case "bestRating":
			x.int(rv.BestRating)
		case "worstRating":
			x.int(rv.WorstRating)
		case "verdict":
			x.str(rv.Verdict)
		case "explanation":
			x.strPtr(rv.Explanation)
		case "reviewer":
			a, err := r.Reviewer(x.ctx, rv)
			if err != nil {
				return err
			}
			return x.actor(a, f.Selections, true)
		case "reviewedAt":
			return x.time(rv.ReviewedAt, true)
		case "evidence":
			ev, err := r.Evidence(x.ctx, rv)
			if err != nil {
				return err
			}
			x.strings(ev)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) extraction(e *prov.Extraction, sel ast.SelectionSet) error {
	if e == nil {
		x.null()
		return nil
	}
	return x.object("Extraction", extractionImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "confidence":
			return x.float(e.Confidence)
		case "status":
			x.str(string(e.Status))
		case "extractor":
			x.str(e.Extractor)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) trace(t *prov.Trace, sel ast.SelectionSet) error {
	if t == nil {
		return errIndirect
	}
	return x.object("ClaimTrace", claimTraceImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "claim":
			return x.claim(t.Claim, f.Selections, true)
		case "claimant":
			return x.actor(t.Claimant, f.Selections, false)
		case "affiliationChain":
			return x.actors(t.AffiliationChain, f.Selections)
		case "event":
			return x.event(t.Event, f.Selections, false)
		case "appearances":
			return x.list(len(t.Appearances), func(i int) error { return x.appearance(t.Appearances[i], f.Selections, true) })
		case "earliest":
			return x.appearance(t.Earliest, f.Selections, false)
		default:
			return errIndirect
		}
	})
}

func (x *dexec) appearance(a *prov.Appearance, sel ast.SelectionSet, required bool) error {
	if nilObj, err := x.absent(a == nil, required); nilObj {
		return err
	}
	return x.object("Appearance", appearanceImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "attribution":
			return x.attribution(a.Attribution, f.Selections, true)
		case "source":
			return x.source(a.Source, f.Selections, true)
		case "publisher":
			return x.actor(a.Publisher, f.Selections, false)
		case "chain":
			return x.list(len(a.Chain), func(i int) error { return x.chainLink(&a.Chain[i], f.Selections) })
		case "drift":
			d := a.Drift()
			return x.drift(&d, f.Selections)
		default:
			return errIndirect
		}
	})
}

func (x *dexec) chainLink(l *prov.ChainLink, sel ast.SelectionSet) error {
	return x.object("ChainLink", chainLinkImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "relation":
			x.str(l.Relation)
		case "depth":
			x.int(l.Depth)
		case "actor":
			return x.actor(l.Actor, f.Selections, false)
		case "source":
			return x.source(l.Source, f.Selections, false)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) drift(d *prov.Drift, sel ast.SelectionSet) error {
	return x.object("WordingDrift", wordingDriftImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "similarity":
			return x.float(d.Similarity)
		case "removed":
			x.strings(d.Removed)
		case "added":
			x.strings(d.Added)
		case "substitutions":
			return x.list(len(d.Substitutions), func(i int) error {
				s := &d.Substitutions[i]
				return x.object("Substitution", substitutionImplementors, f.Selections, func(g graphql.CollectedField) error {
					switch g.Name {
					case "from":
						x.str(s.From)
					case "to":
						x.str(s.To)
					default:
						return errIndirect
					}
					return nil
				})
			})
		case "segments":
			return x.list(len(d.Segments), func(i int) error {
				s := &d.Segments[i]
				return x.object("DiffSegment", diffSegmentImplementors, f.Selections, func(g graphql.CollectedField) error {
					switch g.Name {
					case "op":
						x.str(string(s.Op))
					case "text":
						x.str(s.Text)
					default:
						return errIndirect
					}
					return nil
				})
			})
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) pageInfo(p *model.PageInfo, sel ast.SelectionSet) error {
	if p == nil {
		return errIndirect
	}
	return x.object("PageInfo", pageInfoImplementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "hasNextPage":
			x.bool(p.HasNextPage)
		case "hasPreviousPage":
			x.bool(p.HasPreviousPage)
		case "startCursor":
			x.strPtr(p.StartCursor)
		case "endCursor":
			x.strPtr(p.EndCursor)
		default:
			return errIndirect
		}
		return nil
	})
}

// connection writes a connection of n nodes; edge writes the i-th edge's fields
// (cursor and node), node the i-th node.
func (x *dexec) connection(typ string, implementors []string, sel ast.SelectionSet, n int, info *model.PageInfo,
	total func() (int, error), edgeTyp string, edgeImplementors []string, cursor func(i int) string, node func(i int, sel ast.SelectionSet) error) error {
	return x.object(typ, implementors, sel, func(f graphql.CollectedField) error {
		switch f.Name {
		case "edges":
			return x.list(n, func(i int) error {
				return x.object(edgeTyp, edgeImplementors, f.Selections, func(g graphql.CollectedField) error {
					switch g.Name {
					case "cursor":
						x.str(cursor(i))
					case "node":
						return node(i, g.Selections)
					default:
						return errIndirect
					}
					return nil
				})
			})
		case "nodes":
			return x.list(n, func(i int) error { return node(i, f.Selections) })
		case "pageInfo":
			return x.pageInfo(info, f.Selections)
		case "totalCount":
			c, err := total()
			if err != nil {
				return err
			}
			x.int(c)
		default:
			return errIndirect
		}
		return nil
	})
}

func (x *dexec) claimConnection(c *model.ClaimConnection, sel ast.SelectionSet) error {
	if c == nil {
		return errIndirect
	}
	return x.connection("ClaimConnection", claimConnectionImplementors, sel, len(c.Edges), c.PageInfo,
		func() (int, error) { return c.TotalCount(x.ctx) }, "ClaimEdge", claimEdgeImplementors,
		func(i int) string { return c.Edges[i].Cursor },
		func(i int, sel ast.SelectionSet) error { return x.claim(c.Edges[i].Node, sel, true) })
}

func (x *dexec) actorConnection(c *model.ActorConnection, sel ast.SelectionSet) error {
	if c == nil {
		return errIndirect
	}
	return x.connection("ActorConnection", actorConnectionImplementors, sel, len(c.Edges), c.PageInfo,
		func() (int, error) { return c.TotalCount(x.ctx) }, "ActorEdge", actorEdgeImplementors,
		func(i int) string { return c.Edges[i].Cursor },
		func(i int, sel ast.SelectionSet) error { return x.actor(c.Edges[i].Node, sel, true) })
}

func (x *dexec) sourceConnection(c *model.SourceConnection, sel ast.SelectionSet) error {
	if c == nil {
		return errIndirect
	}
	return x.connection("SourceConnection", sourceConnectionImplementors, sel, len(c.Edges), c.PageInfo,
		func() (int, error) { return c.TotalCount(x.ctx) }, "SourceEdge", sourceEdgeImplementors,
		func(i int) string { return c.Edges[i].Cursor },
		func(i int, sel ast.SelectionSet) error { return x.source(c.Edges[i].Node, sel, true) })
}

func (x *dexec) eventConnection(c *model.EventConnection, sel ast.SelectionSet) error {
	if c == nil {
		return errIndirect
	}
	return x.connection("EventConnection", eventConnectionImplementors, sel, len(c.Edges), c.PageInfo,
		func() (int, error) { return c.TotalCount(x.ctx) }, "EventEdge", eventEdgeImplementors,
		func(i int) string { return c.Edges[i].Cursor },
		func(i int, sel ast.SelectionSet) error { return x.event(c.Edges[i].Node, sel, true) })
}
