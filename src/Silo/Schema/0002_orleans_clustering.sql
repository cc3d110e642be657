-- Silo membership for ADO.NET clustering. One version row per deployment is bumped on every
-- membership change; Orleans uses it as an optimistic lock across silos.
CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL PRIMARY KEY,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Inserts a silo row and bumps the table version in one statement; returns 1 only when both
-- happened (the row was new and the caller's version was current), else 0.
CREATE FUNCTION cv_membership_insert(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer,
    p_silo_name varchar, p_host_name varchar, p_status integer, p_proxy_port integer,
    p_start timestamptz, p_alive timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS
$$
DECLARE
    inserted integer;
    bumped integer;
BEGIN
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment AND version = p_version;
    GET DIAGNOSTICS bumped = ROW_COUNT;
    IF bumped = 0 THEN
        -- Someone else changed membership first: undo the insert so the caller can retry.
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'cv_membership_version_conflict';
    END IF;
    RETURN 1;
EXCEPTION
    WHEN raise_exception THEN
        RETURN 0;
END
$$;

-- Updates a silo row and bumps the table version, only if the caller's version is current.
CREATE FUNCTION cv_membership_update(
    p_deployment varchar, p_address varchar, p_port integer, p_generation integer,
    p_status integer, p_suspect_times varchar, p_alive timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS
$$
DECLARE
    bumped integer;
    changed integer;
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment AND version = p_version;
    GET DIAGNOSTICS bumped = ROW_COUNT;
    IF bumped = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = p_alive
     WHERE deploymentid = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'cv_membership_row_missing';
    END IF;
    RETURN 1;
EXCEPTION
    WHEN raise_exception THEN
        RETURN 0;
END
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', '
UPDATE orleansmembershiptable
   SET iamalivetime = @IAmAliveTime
 WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;'),

('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM inserted;'),

('InsertMembershipKey', '
SELECT cv_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                            @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'),

('UpdateMembershipKey', '
SELECT cv_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                            @IAmAliveTime, @Version);'),

('MembershipReadRowKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m
    ON m.deploymentid = v.deploymentid
   AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deploymentid = @DeploymentId;'),

('MembershipReadAllKey', '
SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
       m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable v
  LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;'),

('GatewaysQueryKey', '
SELECT address, proxyport, generation
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;'),

('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3;'),

-- Orleans has already decided the row is defunct (dead and silent past the cutoff); 6 = Dead.
('CleanupDefunctSiloEntryKey', '
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6;');
