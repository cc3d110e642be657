-- Durable reminders for ADO.NET reminder service (the 10.x row shape, cron and priority included).
CREATE TABLE orleansreminderstable
(
    serviceid      varchar(150)   NOT NULL,
    grainid        varchar(150)   NOT NULL,
    remindername   varchar(150)   NOT NULL,
    starttime      timestamptz(3) NOT NULL,
    period         bigint         NOT NULL,
    cronexpression varchar(200)   NULL,
    nextdueutc     timestamptz(3) NULL,
    lastfireutc    timestamptz(3) NULL,
    priority       smallint       NOT NULL DEFAULT 0,
    action         smallint       NOT NULL DEFAULT 0,
    grainhash      integer        NOT NULL,
    version        integer        NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminders_range ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
   SET starttime = excluded.starttime, period = excluded.period, grainhash = excluded.grainhash,
       version = orleansreminderstable.version + 1
RETURNING version AS "Version";'),

('ReadReminderRowsKey', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId;'),

('ReadReminderRowKey', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;'),

('ReadRangeRows1Key', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;'),

('ReadRangeRows2Key', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);'),

('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
       AND version = CAST(@Version AS integer)
    RETURNING 1
)
SELECT count(*)::integer FROM deleted;'),

('DeleteReminderRowsKey', '
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;');
