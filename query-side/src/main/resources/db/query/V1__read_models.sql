-- The query side's own tables (history: schema_history_query): read models of
-- io.stagedoor.query.projection.StageReadModelProjector, rebuilt from the events. Idempotent, so a database created
-- by release 0.1 (these tables already there, recorded in flyway_schema_history) is adopted as it stands; a fresh
-- database gets exactly the same schema.

CREATE TABLE IF NOT EXISTS rm_meeting (
    meeting_id              VARCHAR(128) PRIMARY KEY,
    version                 BIGINT       NOT NULL,
    title                   VARCHAR(200),
    max_on_stage            INTEGER,
    request_timeout_seconds INTEGER,
    ended                   BOOLEAN      NOT NULL DEFAULT false,
    created_at              TIMESTAMPTZ  NOT NULL,
    ended_at                TIMESTAMPTZ,
    participant_count       INTEGER      NOT NULL DEFAULT 0,
    on_stage_count          INTEGER      NOT NULL DEFAULT 0,
    accepted_count          INTEGER      NOT NULL DEFAULT 0,
    requested_count         INTEGER      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS rm_participant (
    meeting_id                         VARCHAR(128) NOT NULL,
    user_id                            VARCHAR(128) NOT NULL,
    name                               VARCHAR(200),
    preset                             VARCHAR(128) NOT NULL,
    stage_enabled                      BOOLEAN      NOT NULL,
    stage_access                       VARCHAR(16)  NOT NULL,
    accept_stage_requests              BOOLEAN      NOT NULL,
    can_change_participant_permissions BOOLEAN      NOT NULL,
    status                             VARCHAR(32)  NOT NULL,
    since                              TIMESTAMPTZ  NOT NULL,
    requested_version                  BIGINT,
    requested_at                       TIMESTAMPTZ,
    PRIMARY KEY (meeting_id, user_id)
);

CREATE INDEX IF NOT EXISTS rm_participant_by_status ON rm_participant (meeting_id, status, user_id);
CREATE INDEX IF NOT EXISTS rm_participant_queue ON rm_participant (meeting_id, requested_version)
    WHERE status = 'REQUESTED_TO_JOIN_STAGE';

-- The audit trail: one row per decision, in version order.
CREATE TABLE IF NOT EXISTS rm_history (
    meeting_id  VARCHAR(128) NOT NULL,
    version     BIGINT       NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    type        VARCHAR(64)  NOT NULL,
    actor       VARCHAR(140) NOT NULL,
    user_id     VARCHAR(128),
    from_status VARCHAR(32),
    to_status   VARCHAR(32),
    PRIMARY KEY (meeting_id, version)
);
