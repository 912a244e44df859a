-- The PostgreSQL copy of a claimgraph corpus that bench/run.sh serves with PostGraphile:
-- one table per node type, the same IDs as primary keys, a foreign key for every
-- reference, and an index for every reverse edge claimgraph keeps (each led by the
-- referring column and ending with the ID, so a page of a list in ID order after a
-- cursor is an index range scan, as in claimgraph). Tables are created bare; COPY
-- fills them; keys.sql then adds the keys and indexes, which is faster than loading
-- into indexed tables.

CREATE TABLE event (
  id          text COLLATE "C" NOT NULL,
  name        text NOT NULL,
  description text,
  start_time  timestamptz,
  end_time    timestamptz,
  location    text
);

CREATE TABLE actor (
  id             text COLLATE "C" NOT NULL,
  name           text NOT NULL,
  kind           text NOT NULL,
  role           text,
  aliases        text[],
  affiliation_id text COLLATE "C"
);

CREATE TABLE source (
  id           text COLLATE "C" NOT NULL,
  title        text NOT NULL,
  kind         text NOT NULL,
  publisher_id text COLLATE "C",
  url          text,
  published_at timestamptz,
  retrieved_at timestamptz,
  text_sha256  text,
  text         text
);

CREATE TABLE source_cite (
  source_id text COLLATE "C" NOT NULL,
  cited_id  text COLLATE "C" NOT NULL
);

CREATE TABLE claim (
  id          text COLLATE "C" NOT NULL,
  text        text NOT NULL,
  claimant_id text COLLATE "C",
  event_id    text COLLATE "C",
  stated_at   timestamptz,
  medium      text
);

CREATE TABLE attribution (
  id            text COLLATE "C" NOT NULL,
  claim_id      text COLLATE "C" NOT NULL,
  source_id     text COLLATE "C" NOT NULL,
  quote         text NOT NULL,
  start_offset  integer,
  end_offset    integer,
  mention       text,
  cue           text,
  kind          text NOT NULL,
  medium        text,
  via_actor_id  text COLLATE "C",
  via_source_id text COLLATE "C"
);

CREATE TABLE claim_relation (
  id             text COLLATE "C" NOT NULL,
  kind           text NOT NULL,
  from_id        text COLLATE "C" NOT NULL,
  to_id          text COLLATE "C" NOT NULL,
  note           text,
  asserted_by_id text COLLATE "C"
);

CREATE TABLE review (
  id           text COLLATE "C" NOT NULL,
  claim_id     text COLLATE "C" NOT NULL,
  rating       integer NOT NULL,
  best_rating  integer NOT NULL,
  worst_rating integer NOT NULL,
  verdict      text NOT NULL,
  explanation  text,
  reviewer_id  text COLLATE "C" NOT NULL,
  reviewed_at  timestamptz NOT NULL,
  evidence     text[]
);
