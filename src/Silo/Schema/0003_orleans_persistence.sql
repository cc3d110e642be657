-- Grain state for ADO.NET grain storage. Payloads are System.Text.Json documents (bytea).
-- A row is identified by service, state name (graintypestring) and grain key; the unique index
-- makes a second insert of the same identity fail instead of creating a twin row.
CREATE TABLE orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL
);

CREATE UNIQUE INDEX ux_orleansstorage_identity ON orleansstorage
    (serviceid, graintypestring, grainidhash, grainidn0, grainidn1, COALESCE(grainidextensionstring, ''));

-- Every query returns exactly one row with NewGrainStateVersion: the new version on success,
-- NULL when the expected version did not match (Orleans then raises InconsistentStateException).
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
SELECT payloadbinary AS "PayloadBinary", version AS "Version"
  FROM orleansstorage
 WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidhash = @GrainIdHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND COALESCE(grainidextensionstring, '''') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''');'),

('WriteToStorageKey', '
WITH inserted AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           CAST(@GrainIdExtensionString AS varchar), @ServiceId, @PayloadBinary, now(), 1
     WHERE CAST(@GrainStateVersion AS integer) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleansstorage
       SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
     WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
       AND serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidhash = @GrainIdHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND COALESCE(grainidextensionstring, '''') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
       AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version
)
SELECT COALESCE((SELECT version FROM inserted), (SELECT version FROM updated)) AS "NewGrainStateVersion";'),

('ClearStorageKey', '
WITH cleared AS (
    UPDATE orleansstorage
       SET payloadbinary = NULL, modifiedon = now(), version = version + 1
     WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidhash = @GrainIdHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND COALESCE(grainidextensionstring, '''') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
       AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";'),

('DeleteStorageKey', '
WITH deleted AS (
    DELETE FROM orleansstorage
     WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString AND grainidhash = @GrainIdHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND COALESCE(grainidextensionstring, '''') = COALESCE(CAST(@GrainIdExtensionString AS varchar), '''')
       AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version + 1 AS version
)
SELECT (SELECT version FROM deleted) AS "NewGrainStateVersion";');
