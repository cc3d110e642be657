-- Events about one part of an entity (a product, a funding entry) name it as their subject.
ALTER TABLE cv_events ADD COLUMN subject text NULL;
CREATE INDEX ix_cv_events_subject ON cv_events (entity_type, entity_id, subject) WHERE subject IS NOT NULL;

-- Products (产品管线): one row per product, projected from its enterprise's grain.
CREATE TABLE cv_products
(
    product_id          text        NOT NULL PRIMARY KEY,
    credit_code         char(18)    NOT NULL,
    name                text        NOT NULL,
    kind                text        NOT NULL,
    registration_class  text        NULL,
    indication          text        NULL,
    innovative_device   boolean     NOT NULL,
    class_one           boolean     NOT NULL,
    stage               text        NOT NULL,
    stage_rank          integer     NOT NULL,
    stage_date          date        NOT NULL,
    version             integer     NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX ix_cv_products_enterprise ON cv_products (credit_code);
CREATE INDEX ix_cv_products_filters ON cv_products (kind, stage);

-- Every dated stage change of every product, for history and "as of" questions.
CREATE TABLE cv_product_stages
(
    product_id  text        NOT NULL,
    seq         integer     NOT NULL,
    stage       text        NOT NULL,
    stage_rank  integer     NOT NULL,
    entered_on  date        NOT NULL,
    skipped     text[]      NOT NULL,
    correction  boolean     NOT NULL,
    reason      text        NULL,
    PRIMARY KEY (product_id, seq)
);
