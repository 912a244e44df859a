-- Keys, foreign keys and indexes, added after COPY (see schema.sql).
ALTER TABLE event ADD PRIMARY KEY (id);
ALTER TABLE actor ADD PRIMARY KEY (id);
ALTER TABLE source ADD PRIMARY KEY (id);
ALTER TABLE claim ADD PRIMARY KEY (id);
ALTER TABLE attribution ADD PRIMARY KEY (id);
ALTER TABLE claim_relation ADD PRIMARY KEY (id);
ALTER TABLE review ADD PRIMARY KEY (id);
ALTER TABLE source_cite ADD PRIMARY KEY (source_id, cited_id);

ALTER TABLE actor ADD FOREIGN KEY (affiliation_id) REFERENCES actor (id);
ALTER TABLE source ADD FOREIGN KEY (publisher_id) REFERENCES actor (id);
ALTER TABLE source_cite ADD FOREIGN KEY (source_id) REFERENCES source (id);
ALTER TABLE source_cite ADD FOREIGN KEY (cited_id) REFERENCES source (id);
ALTER TABLE claim ADD FOREIGN KEY (claimant_id) REFERENCES actor (id);
ALTER TABLE claim ADD FOREIGN KEY (event_id) REFERENCES event (id);
ALTER TABLE attribution ADD FOREIGN KEY (claim_id) REFERENCES claim (id);
ALTER TABLE attribution ADD FOREIGN KEY (source_id) REFERENCES source (id);
ALTER TABLE attribution ADD FOREIGN KEY (via_actor_id) REFERENCES actor (id);
ALTER TABLE attribution ADD FOREIGN KEY (via_source_id) REFERENCES source (id);
ALTER TABLE claim_relation ADD FOREIGN KEY (from_id) REFERENCES claim (id);
ALTER TABLE claim_relation ADD FOREIGN KEY (to_id) REFERENCES claim (id);
ALTER TABLE claim_relation ADD FOREIGN KEY (asserted_by_id) REFERENCES actor (id);
ALTER TABLE review ADD FOREIGN KEY (claim_id) REFERENCES claim (id);
ALTER TABLE review ADD FOREIGN KEY (reviewer_id) REFERENCES actor (id);

-- claimgraph's reverse edges.
CREATE INDEX ON actor (affiliation_id, id);
CREATE INDEX ON source (publisher_id, id);
CREATE INDEX ON source_cite (cited_id, source_id);
CREATE INDEX ON claim (claimant_id, id);
CREATE INDEX ON claim (event_id, id);
CREATE INDEX ON attribution (claim_id, id);
CREATE INDEX ON attribution (source_id, id);
CREATE INDEX ON attribution (via_actor_id);
CREATE INDEX ON attribution (via_source_id);
CREATE INDEX ON claim_relation (from_id, id);
CREATE INDEX ON claim_relation (to_id, id);
CREATE INDEX ON claim_relation (asserted_by_id);
CREATE INDEX ON review (claim_id, id);
CREATE INDEX ON review (reviewer_id, id);

-- claimgraph's unique keys: the names of actors that are not anonymous, and a
-- source's URL and text hash.
CREATE UNIQUE INDEX ON actor (lower(name)) WHERE kind <> 'ANONYMOUS';
CREATE UNIQUE INDEX ON source (url);
CREATE UNIQUE INDEX ON source (text_sha256);

-- Search: PostgreSQL's full-text search over claim texts, exposed by PostGraphile as
-- the searchClaims query field.
CREATE INDEX claim_text_search ON claim USING gin (to_tsvector('english', text));
CREATE FUNCTION search_claims(q text) RETURNS SETOF claim
  LANGUAGE sql STABLE
  AS $$ SELECT * FROM claim WHERE to_tsvector('english', text) @@ plainto_tsquery('english', q) ORDER BY id $$;

ANALYZE;
