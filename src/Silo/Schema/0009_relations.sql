-- Institutions (universities, hospitals, research institutes): a light registry of their own.
CREATE TABLE cv_institutions
(
    institution_id text        NOT NULL PRIMARY KEY,
    name           text        NOT NULL,
    kind           text        NOT NULL,
    city           text        NULL,
    version        integer     NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX ix_cv_institutions_name ON cv_institutions (name);

-- Relations: typed, dated edges. Ending one sets "until"; nothing is deleted.
CREATE TABLE cv_relations
(
    relation_id  text        NOT NULL PRIMARY KEY,
    grain_key    text        NOT NULL UNIQUE,
    type         text        NOT NULL,
    from_kind    text        NOT NULL,
    from_id      text        NOT NULL,
    to_kind      text        NOT NULL,
    to_id        text        NOT NULL,
    disclosure   text        NOT NULL,
    supply_kind  text        NULL,
    note         text        NULL,
    since        date        NULL,
    until        date        NULL,
    version      integer     NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX ix_cv_relations_from ON cv_relations (from_kind, from_id);
CREATE INDEX ix_cv_relations_to ON cv_relations (to_kind, to_id);
CREATE INDEX ix_cv_relations_supply ON cv_relations (to_kind, to_id, supply_kind) WHERE type = 'supplier' AND until IS NULL;
