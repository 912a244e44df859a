package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"claimgraph/prov"
)

// WriteNDJSON writes n claims of New(seed) as a claimgraph import file: each claim with
// its claimant (an actor, with its aliases), its event, and one attribution per quote
// in its source (sources are dated, without text), every record before the first that
// refers to it. It is the store the search benchmarks query through, with the same
// texts as the index-only benchmark. It returns the writer's error.
func WriteNDJSON(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	put := func(rec map[string]any) error { return enc.Encode(rec) }
	if err := put(map[string]any{"format": "claimgraph", "version": 1}); err != nil {
		return err
	}
	g := New(seed)
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	events := map[int]prov.ID{}
	sources := map[int]prov.ID{}
	actors := map[string]prov.ID{} // by folded name
	taken := map[string]bool{}     // folded names and aliases: actors' natural keys
	var nEvents, nSources, nActors, nAttributions uint64
	for i := range n {
		c := g.Claim()
		ev, ok := events[c.Event]
		if !ok {
			nEvents++
			ev = prov.NewID(prov.TypeEvent, nEvents)
			events[c.Event] = ev
			if err := put(map[string]any{"type": "event", "id": ev.String(), "name": fmt.Sprintf("Synthetic event %d", c.Event)}); err != nil {
				return err
			}
		}
		key := prov.FoldName(c.Claimant)
		actor, ok := actors[key]
		if !ok {
			nActors++
			actor = prov.NewID(prov.TypeActor, nActors)
			actors[key] = actor
			taken[key] = true
			rec := map[string]any{"type": "actor", "id": actor.String(), "name": c.Claimant, "kind": string(prov.ActorPerson)}
			var aliases []string
			for _, a := range c.Aliases {
				if k := prov.FoldName(a); !taken[k] {
					taken[k] = true
					aliases = append(aliases, a)
				}
			}
			if len(aliases) > 0 {
				rec["aliases"] = aliases
			}
			if err := put(rec); err != nil {
				return err
			}
		}
		for _, s := range c.Sources {
			if _, ok := sources[s]; ok {
				continue
			}
			nSources++
			id := prov.NewID(prov.TypeSource, nSources)
			sources[s] = id
			if err := put(map[string]any{"type": "source", "id": id.String(), "title": fmt.Sprintf("Synthetic report %d", s),
				"kind": string(prov.SourceArticle), "publishedAt": day0.AddDate(0, 0, s%2000).Format(time.RFC3339)}); err != nil {
				return err
			}
		}
		claim := prov.NewID(prov.TypeClaim, uint64(i+1))
		if err := put(map[string]any{"type": "claim", "id": claim.String(), "text": c.Text, "claimant": actor.String(), "event": ev.String()}); err != nil {
			return err
		}
		for j, q := range c.Quotes {
			nAttributions++
			if err := put(map[string]any{"type": "attribution", "id": prov.NewID(prov.TypeAttribution, nAttributions).String(),
				"claim": claim.String(), "source": sources[c.Sources[j]].String(), "quote": strings.TrimSpace(q), "kind": string(prov.AttributionIndirect)}); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
