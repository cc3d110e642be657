-- Parks, buildings, units and leases, projected from park grains.
CREATE TABLE cv_parks
(
    park_id           text          NOT NULL PRIMARY KEY,
    name              text          NOT NULL,
    zone              text          NOT NULL,
    address           text          NULL,
    occupancy_target  numeric(5, 4) NOT NULL,
    operator          text          NULL,
    version           integer       NOT NULL,
    updated_at        timestamptz   NOT NULL
);

CREATE TABLE cv_buildings
(
    park_id      text    NOT NULL,
    building_id  text    NOT NULL,
    name         text    NOT NULL,
    floors       integer NULL,
    PRIMARY KEY (park_id, building_id)
);

CREATE TABLE cv_units
(
    park_id          text           NOT NULL,
    unit_id          text           NOT NULL,
    building_id      text           NOT NULL,
    floor            integer        NULL,
    area_sqm         numeric(12, 2) NOT NULL,
    gmp_grade        text           NULL,
    lab_drains       boolean        NOT NULL,
    exhaust          boolean        NOT NULL,
    cold_storage     boolean        NOT NULL,
    clean_room       boolean        NOT NULL,
    available_since  date           NOT NULL,
    PRIMARY KEY (park_id, unit_id)
);

-- Lease periods are half-open: [starts_on, ends_on), ends_on being the move-out day.
CREATE TABLE cv_leases
(
    lease_id       text           NOT NULL PRIMARY KEY,
    park_id        text           NOT NULL,
    unit_id        text           NOT NULL,
    tenant_code    char(18)       NOT NULL,
    area_sqm       numeric(12, 2) NOT NULL,
    starts_on      date           NOT NULL,
    ends_on        date           NOT NULL,
    signed_on      date           NOT NULL,
    terminated_on  date           NULL,
    lead_id        text           NULL,
    CHECK (ends_on > starts_on)
);
CREATE INDEX ix_cv_leases_unit ON cv_leases (park_id, unit_id, starts_on);
CREATE INDEX ix_cv_leases_tenant ON cv_leases (tenant_code);
CREATE INDEX ix_cv_leases_ends ON cv_leases (ends_on);

-- Public service platforms and their dated status history.
CREATE TABLE cv_platforms
(
    platform_id   text        NOT NULL PRIMARY KEY,
    name          text        NOT NULL,
    kind          text        NOT NULL,
    status        text        NOT NULL,
    status_since  date        NOT NULL,
    operator      text        NULL,
    park_id       text        NULL,
    services      text[]      NOT NULL,
    version       integer     NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX ix_cv_platforms_filters ON cv_platforms (kind, status, park_id);

CREATE TABLE cv_platform_statuses
(
    platform_id  text    NOT NULL,
    seq          integer NOT NULL,
    status       text    NOT NULL,
    since        date    NOT NULL,
    PRIMARY KEY (platform_id, seq)
);
