-- The command side's own tables (history: schema_history_command). Idempotent, so a database created by release 0.1
-- (these tables already there, recorded in flyway_schema_history) is adopted as it stands; a fresh database gets
-- exactly the same schema.

-- db-scheduler's table, behind Axon's DbSchedulerDeadlineManager: stage request expiries survive restarts.
CREATE TABLE IF NOT EXISTS scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX IF NOT EXISTS scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX IF NOT EXISTS scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX IF NOT EXISTS scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);

-- Answers to commands sent with an Idempotency-Key: written in the same transaction as the command's events,
-- replayed for 24 hours to the same caller with the same request (io.stagedoor.command.engine.IdempotencyStore).
CREATE TABLE IF NOT EXISTS idempotency_key (
    scope        VARCHAR(300) NOT NULL,
    key          VARCHAR(255) NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,
    outcome_type VARCHAR(255) NOT NULL,
    outcome      BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

CREATE INDEX IF NOT EXISTS idempotency_key_created_at ON idempotency_key (created_at);

-- Presets defined through the API, as the PresetDefined events left them (io.stagedoor.command.engine.PresetCatalog).
CREATE TABLE IF NOT EXISTS preset (
    name                               VARCHAR(128) PRIMARY KEY,
    stage_enabled                      BOOLEAN      NOT NULL,
    stage_access                       VARCHAR(16)  NOT NULL,
    accept_stage_requests              BOOLEAN      NOT NULL,
    can_change_participant_permissions BOOLEAN      NOT NULL,
    defined_at                         TIMESTAMPTZ  NOT NULL
);
