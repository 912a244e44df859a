package graph

import (
	"claimgraph/graph/model"
	"claimgraph/ingest"
)

func ingestInput(in model.IngestSourceInput) ingest.Input {
	return ingest.Input{
		Text:        in.Text,
		Title:       deref(in.Title.Value()),
		EventID:     deref(in.Event.Value()),
		Publisher:   deref(in.Publisher.Value()),
		URL:         in.URL.Value(),
		PublishedAt: in.PublishedAt.Value(),
		DryRun:      deref(in.DryRun.Value()),
	}
}

func ingestResult(res *ingest.Result) *model.IngestResult {
	out := &model.IngestResult{AlreadyIngested: res.AlreadyIngested, DryRun: res.DryRun, Items: []*model.IngestItem{}, NewActors: []string{}}
	if !res.DryRun {
		out.Source = res.Source
	}
	for _, a := range res.NewActors {
		out.NewActors = append(out.NewActors, a.Name)
	}
	for _, it := range res.Items {
		x := it.Extracted
		item := &model.IngestItem{
			Speaker: it.Speaker.Name, KnownSpeaker: x.Known, Kind: x.Kind, Quote: x.Content,
			Start: x.Start, End: x.End, Medium: x.Medium, Via: x.Via, Confidence: x.Confidence,
			ClaimText: it.Claim.Text, ClaimID: it.Claim.ID, NewClaim: it.NewClaim, Similarity: it.Similarity,
		}
		if x.Mention != "" {
			item.Mention = &x.Mention
		}
		if x.Cue != "" {
			item.Cue = &x.Cue
		}
		if !res.DryRun {
			item.Attribution = it.Attribution
		}
		out.Items = append(out.Items, item)
	}
	return out
}
