-- Presence (SPEC §8 presenceGraceSeconds), derived from the events in the transaction that stores them
-- (io.stagedoor.command.presence.PresenceWatch) and judged against participant_presence by a recurring task.

-- Every participant that holds something presence can lose: a pending request, an acceptance a host gave, a place on
-- stage. watched_since is when it began to hold (kept while it moves from one to another: requested, accepted, on
-- stage); holding_since_version is the meeting version of its latest event (the judgement names it).
CREATE TABLE presence_watch (
    meeting_id            VARCHAR(128) NOT NULL,
    user_id               VARCHAR(128) NOT NULL,
    watched_since         TIMESTAMPTZ  NOT NULL,
    holding_since_version BIGINT       NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);

-- The meetings with a presence grace, that grace, and since when the meeting has one (nobody is judged absent for
-- the time before: turning presence on judges those already holding from then).
CREATE TABLE presence_grace (
    meeting_id    VARCHAR(128) PRIMARY KEY,
    grace_seconds INTEGER      NOT NULL,
    enabled_at    TIMESTAMPTZ  NOT NULL
);

-- When the presence judge last ran and since when it has observed without a break (io.stagedoor.command.presence
-- WatchRows#absent): after a gap, such as the whole service down, nobody is judged absent for the time nothing could
-- be seen. One row.
CREATE TABLE presence_judge (
    id              INTEGER     PRIMARY KEY CHECK (id = 1),
    judged_at       TIMESTAMPTZ NOT NULL,
    observing_since TIMESTAMPTZ NOT NULL
);

-- A database of release 0.1 has participants holding a place already: they are watched from now, at the version of
-- their latest event (what the stage knows as their `since`), so turning presence on in a meeting judges them too.
INSERT INTO presence_watch (meeting_id, user_id, watched_since, holding_since_version)
SELECT meeting_id, user_id, now(), version
FROM (SELECT DISTINCT ON (e.aggregateIdentifier, p.payload ->> 'userId')
             e.aggregateIdentifier AS meeting_id, p.payload ->> 'userId' AS user_id, e.sequenceNumber AS version,
             e.payloadType AS payload_type, p.payload
      FROM domain_event_entry e
      CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS payload) p
      WHERE e.type = 'Stage' AND p.payload ? 'userId'
      ORDER BY e.aggregateIdentifier, p.payload ->> 'userId', e.sequenceNumber DESC) latest
WHERE payload_type IN ('io.stagedoor.kernel.event.StageAccessRequested', 'io.stagedoor.kernel.event.StageAccessGranted',
                       'io.stagedoor.kernel.event.StageJoined')
   OR payload_type = 'io.stagedoor.kernel.event.ParticipantPermissionsChanged'
      AND (payload ->> 'to' IN ('REQUESTED_TO_JOIN_STAGE', 'ON_STAGE')
           OR payload ->> 'to' = 'ACCEPTED_TO_JOIN_STAGE'
              AND NOT ((payload -> 'permissions' ->> 'stageEnabled')::boolean
                       AND payload -> 'permissions' ->> 'stageAccess' = 'ALLOWED'));
