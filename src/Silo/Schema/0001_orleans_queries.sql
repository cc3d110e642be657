-- The Orleans ADO.NET providers read their SQL from this table at start-up, keyed by purpose.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
