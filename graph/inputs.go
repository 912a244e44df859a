package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"claimgraph/graph/model"
	"claimgraph/prov"
	"claimgraph/storage"
)

// set copies an optional input field onto dst: left out keeps dst, null clears it.
func set[T any](dst **T, o graphql.Omittable[*T]) {
	if o.IsSet() {
		*dst = o.Value()
	}
}

// setID is set for a reference, whose "none" is the zero ID.
func setID(dst *prov.ID, o graphql.Omittable[*prov.ID]) {
	if o.IsSet() {
		*dst = deref(o.Value())
	}
}

// setRequired copies an input field that may be left out but not cleared; null is an
// EINVALID error naming field.
func setRequired[T any](field string, dst *T, o graphql.Omittable[*T]) error {
	if !o.IsSet() {
		return nil
	}
	v := o.Value()
	if v == nil {
		return prov.Errorf(prov.EINVALID, "%s: cannot be null", field)
	}
	*dst = *v
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ids(in []*prov.ID) []prov.ID {
	var out []prov.ID
	for _, id := range in {
		if id != nil {
			out = append(out, *id)
		}
	}
	return out
}

// page returns the storage page a connection's arguments ask for: first left out (or
// null) is the default page size, first: 0 an empty page.
func page(first *int, after *string) (storage.Page, error) {
	id, err := model.DecodeCursor(after)
	if err != nil {
		return storage.Page{}, err
	}
	return storage.Page{First: pageSize(first), After: id}, nil
}

// pageSize is first, or storage.DefaultPageSize when it is left out.
func pageSize(first *int) int {
	if first == nil {
		return storage.DefaultPageSize
	}
	return *first
}

func newEvent(in model.CreateEventInput) *prov.Event {
	return &prov.Event{
		Name:        in.Name,
		Description: in.Description.Value(),
		StartTime:   in.StartTime.Value(),
		EndTime:     in.EndTime.Value(),
		Location:    in.Location.Value(),
	}
}

func applyEvent(e *prov.Event, in model.UpdateEventInput) error {
	set(&e.Description, in.Description)
	set(&e.StartTime, in.StartTime)
	set(&e.EndTime, in.EndTime)
	set(&e.Location, in.Location)
	return setRequired("event.name", &e.Name, in.Name)
}

func newActor(in model.CreateActorInput) *prov.Actor {
	return &prov.Actor{
		Name:          in.Name,
		Kind:          in.Kind,
		Role:          in.Role.Value(),
		Aliases:       in.Aliases.Value(),
		AffiliationID: deref(in.Affiliation.Value()),
	}
}

func applyActor(a *prov.Actor, in model.UpdateActorInput) error {
	set(&a.Role, in.Role)
	setID(&a.AffiliationID, in.Affiliation)
	if in.Aliases.IsSet() {
		a.Aliases = in.Aliases.Value()
	}
	if err := setRequired("actor.name", &a.Name, in.Name); err != nil {
		return err
	}
	return setRequired("actor.kind", &a.Kind, in.Kind)
}

func newSource(in model.CreateSourceInput) *prov.Source {
	return &prov.Source{
		Title:       in.Title,
		Kind:        in.Kind,
		PublisherID: deref(in.Publisher.Value()),
		URL:         in.URL.Value(),
		PublishedAt: in.PublishedAt.Value(),
		RetrievedAt: in.RetrievedAt.Value(),
		Text:        in.Text.Value(),
		TextSHA256:  deref(in.TextSha256.Value()),
		CitesIDs:    ids(in.Cites.Value()),
	}
}

func applySource(s *prov.Source, in model.UpdateSourceInput) error {
	setID(&s.PublisherID, in.Publisher)
	set(&s.URL, in.URL)
	set(&s.PublishedAt, in.PublishedAt)
	set(&s.RetrievedAt, in.RetrievedAt)
	if in.TextSha256.IsSet() {
		s.TextSHA256 = deref(in.TextSha256.Value())
	}
	if in.Cites.IsSet() {
		s.CitesIDs = ids(in.Cites.Value())
	}
	if err := setRequired("source.title", &s.Title, in.Title); err != nil {
		return err
	}
	return setRequired("source.kind", &s.Kind, in.Kind)
}

func newClaim(in model.CreateClaimInput) *prov.Claim {
	return &prov.Claim{
		Text:       in.Text,
		ClaimantID: deref(in.Claimant.Value()),
		EventID:    deref(in.Event.Value()),
		StatedAt:   in.StatedAt.Value(),
		Medium:     in.Medium.Value(),
	}
}

func applyClaim(c *prov.Claim, in model.UpdateClaimInput) error {
	setID(&c.ClaimantID, in.Claimant)
	setID(&c.EventID, in.Event)
	set(&c.StatedAt, in.StatedAt)
	set(&c.Medium, in.Medium)
	return setRequired("claim.text", &c.Text, in.Text)
}

func newAttribution(in model.CreateAttributionInput) *prov.Attribution {
	return &prov.Attribution{
		ClaimID:     in.Claim,
		SourceID:    in.Source,
		Quote:       in.Quote,
		Start:       in.Start.Value(),
		End:         in.End.Value(),
		Mention:     in.Mention.Value(),
		Cue:         in.Cue.Value(),
		Kind:        in.Kind,
		Medium:      in.Medium.Value(),
		ViaActorID:  deref(in.ViaActor.Value()),
		ViaSourceID: deref(in.ViaSource.Value()),
	}
}

func applyAttribution(a *prov.Attribution, in model.UpdateAttributionInput) error {
	set(&a.Start, in.Start)
	set(&a.End, in.End)
	set(&a.Mention, in.Mention)
	set(&a.Cue, in.Cue)
	set(&a.Medium, in.Medium)
	setID(&a.ViaActorID, in.ViaActor)
	setID(&a.ViaSourceID, in.ViaSource)
	for _, err := range []error{
		setRequired("attribution.claim", &a.ClaimID, in.Claim),
		setRequired("attribution.source", &a.SourceID, in.Source),
		setRequired("attribution.quote", &a.Quote, in.Quote),
		setRequired("attribution.kind", &a.Kind, in.Kind),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func newRelation(in model.CreateClaimRelationInput) *prov.ClaimRelation {
	return &prov.ClaimRelation{
		Kind:         in.Kind,
		FromID:       in.From,
		ToID:         in.To,
		Note:         in.Note.Value(),
		AssertedByID: deref(in.AssertedBy.Value()),
	}
}

func applyRelation(r *prov.ClaimRelation, in model.UpdateClaimRelationInput) error {
	set(&r.Note, in.Note)
	setID(&r.AssertedByID, in.AssertedBy)
	for _, err := range []error{
		setRequired("relation.kind", &r.Kind, in.Kind),
		setRequired("relation.from", &r.FromID, in.From),
		setRequired("relation.to", &r.ToID, in.To),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

func claimFilter(f *model.ClaimFilter) storage.ClaimFilter {
	if f == nil {
		return storage.ClaimFilter{}
	}
	return storage.ClaimFilter{
		ClaimantID: deref(f.Claimant.Value()),
		EventID:    deref(f.Event.Value()),
		SourceID:   deref(f.Source.Value()),
		Kind:       deref(f.Kind.Value()),
		Text:       deref(f.Text.Value()),
	}
}

func actorFilter(f *model.ActorFilter) storage.ActorFilter {
	if f == nil {
		return storage.ActorFilter{}
	}
	return storage.ActorFilter{
		Kind:          deref(f.Kind.Value()),
		Name:          deref(f.Name.Value()),
		AffiliationID: deref(f.Affiliation.Value()),
	}
}

func sourceFilter(f *model.SourceFilter) storage.SourceFilter {
	if f == nil {
		return storage.SourceFilter{}
	}
	return storage.SourceFilter{
		Kind:            deref(f.Kind.Value()),
		PublisherID:     deref(f.Publisher.Value()),
		Title:           deref(f.Title.Value()),
		PublishedAfter:  f.PublishedAfter.Value(),
		PublishedBefore: f.PublishedBefore.Value(),
	}
}

func eventFilter(f *model.EventFilter) storage.EventFilter {
	if f == nil {
		return storage.EventFilter{}
	}
	return storage.EventFilter{Name: deref(f.Name.Value())}
}

func newReview(in model.CreateReviewInput) *prov.Review {
	return &prov.Review{
		ClaimID:      in.Claim,
		Rating:       in.Rating,
		BestRating:   in.BestRating,
		WorstRating:  in.WorstRating,
		Verdict:      in.Verdict,
		Explanation:  in.Explanation.Value(),
		ReviewerID:   in.Reviewer,
		ReviewedAt:   in.ReviewedAt,
		EvidenceURLs: in.Evidence.Value(),
	}
}

func applyReview(r *prov.Review, in model.UpdateReviewInput) error {
	set(&r.Explanation, in.Explanation)
	if in.Evidence.IsSet() {
		r.EvidenceURLs = in.Evidence.Value()
	}
	for _, err := range []error{
		setRequired("review.rating", &r.Rating, in.Rating),
		setRequired("review.bestRating", &r.BestRating, in.BestRating),
		setRequired("review.worstRating", &r.WorstRating, in.WorstRating),
		setRequired("review.verdict", &r.Verdict, in.Verdict),
		setRequired("review.reviewer", &r.ReviewerID, in.Reviewer),
		setRequired("review.reviewedAt", &r.ReviewedAt, in.ReviewedAt),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
