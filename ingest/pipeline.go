package ingest

import (
	"context"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"claimgraph/prov"
	"claimgraph/storage"
)

// ExtractorName names this extractor and its version on what it proposes.
const ExtractorName = "ingest/1"

// Input is one article to ingest.
type Input struct {
	Text string
	// Title defaults to the text's first line (cut at 120 characters).
	Title string
	// EventID, when set, is the event the article's claims are about.
	EventID prov.ID
	// Publisher names the outlet that published the article; it is found among the
	// actors by name or alias, or created as a MEDIA_OUTLET. Empty: unknown.
	Publisher   string
	URL         *string
	PublishedAt *time.Time
	// DryRun proposes without storing anything.
	DryRun bool
}

// Result is what Ingest created or matched.
type Result struct {
	Source *prov.Source
	// AlreadyIngested is set when a source with the same text was stored before; then
	// nothing changed and Items is empty.
	AlreadyIngested bool
	DryRun          bool
	Items           []Item
	// NewActors are the speakers, affiliations, intermediaries and publisher ingest
	// created; all but the publisher (which the caller named) carry an extraction mark
	// with status PROPOSED, for review like the claims.
	NewActors []*prov.Actor
}

// Item is one extracted attribution and where it went.
type Item struct {
	Extracted   Attribution
	Speaker     *prov.Actor
	Claim       *prov.Claim
	Attribution *prov.Attribution
	// NewClaim is set when no existing claim of the speaker said the same; otherwise
	// Similarity is how close the statement is to the claim it joined.
	NewClaim   bool
	Similarity float64
}

// Ingest extracts the attributions of an article and stores them in one transaction:
// the article as a source with its archived text, a speaker for each (an existing
// actor by name or alias, else a new one), and for each statement an attribution of the
// speaker's existing claim that says the same thing (Similarity ≥ MatchThreshold), or
// of a new claim. Everything it proposes is marked as machine-extracted with the
// extractor's confidence and status PROPOSED, for review. Ingesting a text already
// stored changes nothing. It returns EINVALID for an empty text or a missing event.
func Ingest(ctx context.Context, store *storage.Store, in Input) (*Result, error) {
	text := norm.NFC.String(in.Text)
	if strings.TrimSpace(text) == "" {
		return nil, prov.Errorf(prov.EINVALID, "text: empty")
	}
	title := in.Title
	if strings.TrimSpace(title) == "" {
		title = firstLine(text)
	}
	var res *Result
	err := store.Batch(ctx, "ingestSource", in.DryRun, func(b *storage.Batch) error {
		res = &Result{DryRun: in.DryRun}
		if src, err := b.SourceByHash(prov.TextHash(text)); err != nil || src != nil {
			res.Source, res.AlreadyIngested = src, src != nil
			return err
		}
		if !in.EventID.IsZero() {
			if _, err := b.Get(in.EventID); err != nil {
				return prov.Errorf(prov.EINVALID, "event: %s", prov.ErrorMessage(err))
			}
		}
		actors, err := b.Actors()
		if err != nil {
			return err
		}
		w := &writer{b: b, res: res, anonymous: map[string]*prov.Actor{}}
		src := &prov.Source{Title: title, Kind: prov.SourceArticle, URL: in.URL, PublishedAt: in.PublishedAt, Text: &text}
		now := time.Now().UTC()
		src.RetrievedAt = &now
		if in.Publisher != "" {
			pub, err := w.namedActor(in.Publisher, prov.ActorMediaOutlet, nil) // named by the caller, not extracted
			if err != nil {
				return err
			}
			src.PublisherID = pub.ID
		}
		n, err := b.Create(src)
		if err != nil {
			return err
		}
		res.Source = n.(*prov.Source)
		for _, att := range Extract(text, NewActorDirectory(actors)) {
			item, err := w.item(att, res.Source.ID, in.EventID)
			if err != nil {
				return err
			}
			res.Items = append(res.Items, item)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// writer turns extracted attributions into stored nodes within one batch.
type writer struct {
	b   *storage.Batch
	res *Result
	// anonymous maps an anonymous speaker's canonical name to the actor created for
	// it in this article: "the official" twice in one article is one person, in two
	// articles perhaps two.
	anonymous map[string]*prov.Actor
}

func (w *writer) item(att Attribution, source, event prov.ID) (Item, error) {
	it := Item{Extracted: att}
	speaker, err := w.speaker(att)
	if err != nil {
		return it, err
	}
	it.Speaker = speaker
	mark := &prov.Extraction{Confidence: att.Confidence, Status: prov.StatusProposed, Extractor: ExtractorName}
	claim, sim, err := w.matchClaim(speaker.ID, event, att.Content)
	if err != nil {
		return it, err
	}
	if claim == nil {
		c := &prov.Claim{Text: att.Content, ClaimantID: speaker.ID, EventID: event, Medium: att.Medium, Extraction: mark}
		n, err := w.b.Create(c)
		if err != nil {
			return it, err
		}
		claim, it.NewClaim = n.(*prov.Claim), true
	}
	it.Claim, it.Similarity = claim, sim
	a := att.Prov()
	a.ClaimID, a.SourceID = claim.ID, source
	m := *mark
	a.Extraction = &m
	if att.Via != nil && isProperName(*att.Via) {
		via, err := w.namedActor(*att.Via, prov.ActorUnknown, w.mark(att))
		if err != nil {
			return it, err
		}
		a.ViaActorID = via.ID
	}
	n, err := w.b.Create(&a)
	if err != nil {
		return it, err
	}
	it.Attribution = n.(*prov.Attribution)
	return it, nil
}

// speaker returns the actor an extracted speaker names: a known actor; for an unnamed
// person or group ("US official", "Labour MP", "the 45-year-old", "Prosecutors") the
// anonymous actor already created for the same description in this article, or a new
// one affiliated with the body the description names; for a body described in lower
// case ("Syrian government", "foreign ministry") the organisation of that name across
// articles; else the actor of that name, found or created.
func (w *writer) speaker(att Attribution) (*prov.Actor, error) {
	if att.Known {
		if a, err := w.b.ActorByName(att.Speaker); err != nil || a != nil {
			return a, err
		}
	}
	switch speakerKind(att.Speaker) {
	case prov.ActorAnonymous:
		return w.anonymousActor(att.Speaker, w.mark(att))
	case prov.ActorGovernment:
		return w.namedActor(att.Speaker, prov.ActorGovernment, w.mark(att))
	case prov.ActorOrganization:
		return w.namedActor(att.Speaker, prov.ActorOrganization, w.mark(att))
	}
	return w.namedActor(att.Speaker, prov.ActorUnknown, w.mark(att))
}

// speakerKind classifies an extracted speaker's name: ANONYMOUS for a description of
// unnamed people, GOVERNMENT or ORGANIZATION for a body described in lower case, and
// UNKNOWN for a name (its kind is for review to say).
func speakerKind(name string) prov.ActorKind {
	head := strings.ToLower(lastWord(name))
	words := strings.Fields(name)
	switch {
	case anonHeads[head] || anonAcronyms[head] || strings.HasSuffix(head, "-year-old") || anonymousHead(name):
		return prov.ActorAnonymous
	case len(words) == 1 && (nounWords[head] || personNouns[strings.TrimSuffix(head, "s")] || groupPlural(head)):
		return prov.ActorAnonymous // "Prosecutors", "Meteorologists"
	case isProperName(name):
		return prov.ActorUnknown
	case governmentHeads[head]:
		return prov.ActorGovernment
	case orgHeadNouns[head] || publicBodies[head] || genericOrgHeads[head] || orgWords[head] || businessHeads[head]:
		return prov.ActorOrganization
	case personNouns[head] || personNouns[strings.TrimSuffix(head, "s")] || groupPlural(head):
		return prov.ActorAnonymous
	}
	return prov.ActorUnknown
}

// governmentHeads head descriptions of a state's bodies.
var governmentHeads = set("government", "administration", "ministry", "military", "army",
	"navy", "police", "cabinet", "presidency", "regime", "junta", "embassy")

// groupPlural reports whether a word is a plural noun for people by occupation or
// stance ("meteorologists", "researchers", "prosecutors", "critics").
func groupPlural(w string) bool {
	for _, suf := range []string{"ists", "ers", "ors", "ians", "ants", "ents", "ics"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// anonymousActor returns the anonymous actor created for the description in this
// article, or creates it, affiliated with the body the description names when that
// body is known or named as one ("Pentagon official", "Northern Gas & Electric
// spokeswoman"); an affiliation the text does not support is never invented.
func (w *writer) anonymousActor(desc string, mark *prov.Extraction) (*prov.Actor, error) {
	if a := w.anonymous[desc]; a != nil {
		return a, nil
	}
	a := &prov.Actor{Name: desc, Kind: prov.ActorAnonymous, Extraction: mark}
	if org := strings.TrimSpace(strings.TrimSuffix(desc, lastWord(desc))); org != "" {
		aff, err := w.b.ActorByName(org)
		if err != nil {
			return nil, err
		}
		if aff == nil && isProperName(org) && strings.Contains(org, " ") && (hasOrgWord(strings.ToLower(org)) || !nameLike(org)) {
			if aff, err = w.namedActor(org, prov.ActorOrganization, mark); err != nil {
				return nil, err
			}
		}
		if aff != nil {
			a.AffiliationID = aff.ID
		}
	}
	n, err := w.b.Create(a)
	if err != nil {
		return nil, err
	}
	w.anonymous[desc] = n.(*prov.Actor)
	w.res.NewActors = append(w.res.NewActors, n.(*prov.Actor))
	return n.(*prov.Actor), nil
}

// namedActor returns the actor with the given name or alias, creating it with kind
// and the extraction mark (nil for an actor the caller named) when there is none.
func (w *writer) namedActor(name string, kind prov.ActorKind, mark *prov.Extraction) (*prov.Actor, error) {
	if a, err := w.b.ActorByName(name); err != nil || a != nil {
		return a, err
	}
	n, err := w.b.Create(&prov.Actor{Name: name, Kind: kind, Extraction: mark})
	if err != nil {
		return nil, err
	}
	w.res.NewActors = append(w.res.NewActors, n.(*prov.Actor))
	return n.(*prov.Actor), nil
}

// mark returns a fresh extraction mark for what ingest creates for att: a proposal
// with the attribution's confidence, for review like the claim and attribution.
func (w *writer) mark(att Attribution) *prov.Extraction {
	return &prov.Extraction{Confidence: att.Confidence, Status: prov.StatusProposed, Extractor: ExtractorName}
}

// matchClaim returns the claimant's claim on the event that is most similar to content
// (its text or any of its quotes) when that similarity reaches MatchThreshold.
func (w *writer) matchClaim(claimant, event prov.ID, content string) (*prov.Claim, float64, error) {
	claims, err := w.b.ClaimsOf(claimant)
	if err != nil {
		return nil, 0, err
	}
	var best *prov.Claim
	bestSim := 0.0
	for _, c := range claims {
		if c.EventID != event {
			continue
		}
		sim := Similarity(content, c.Text)
		atts, err := w.b.ClaimAttributions(c.ID)
		if err != nil {
			return nil, 0, err
		}
		for _, a := range atts {
			sim = max(sim, Similarity(content, a.Quote))
		}
		if sim > bestSim {
			best, bestSim = c, sim
		}
	}
	if bestSim < MatchThreshold {
		return nil, bestSim, nil
	}
	return best, bestSim, nil
}

// isProperName reports whether every word of s that is not a short function word is
// capitalised ("NBC News", "The National"), unlike "reporters" or "media reports".
func isProperName(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		r := []rune(w)
		if unicode.IsLower(r[0]) && !stopWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// anonymousHead reports whether a speaker's description ends in a common noun for an
// unnamed person or group ("US official", "Pentagon officials").
func anonymousHead(s string) bool {
	switch strings.ToLower(lastWord(s)) {
	case "official", "officials", "spokesperson", "spokesman", "spokeswoman", "source", "sources", "aide", "aides", "diplomat", "diplomats", "reports":
		return true
	}
	return false
}

func firstLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > 120 {
			line = strings.TrimSpace(string(r[:120])) + "…"
		}
		return line
	}
	return "untitled"
}
