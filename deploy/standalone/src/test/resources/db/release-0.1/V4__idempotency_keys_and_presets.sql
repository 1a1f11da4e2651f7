-- Answers to commands sent with an Idempotency-Key: written in the same transaction as the command's events,
-- replayed for 24 hours to the same caller with the same request (io.stagedoor.command.engine.IdempotencyStore).
CREATE TABLE idempotency_key (
    scope        VARCHAR(300) NOT NULL,
    key          VARCHAR(255) NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,
    outcome_type VARCHAR(255) NOT NULL,
    outcome      BYTEA        NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

-- Presets defined through the API, as the PresetDefined events left them (io.stagedoor.command.engine.PresetCatalog).
CREATE TABLE preset (
    name                               VARCHAR(128) PRIMARY KEY,
    stage_enabled                      BOOLEAN      NOT NULL,
    stage_access                       VARCHAR(16)  NOT NULL,
    accept_stage_requests              BOOLEAN      NOT NULL,
    can_change_participant_permissions BOOLEAN      NOT NULL,
    defined_at                         TIMESTAMPTZ  NOT NULL
);
