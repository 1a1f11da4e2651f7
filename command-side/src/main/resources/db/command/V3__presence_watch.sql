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
