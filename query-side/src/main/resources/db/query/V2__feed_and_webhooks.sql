-- The change feed and webhooks (io.stagedoor.query.feed, io.stagedoor.query.webhook; docs/integrations.md).

-- Every stored event of every meeting, in the order the single-segment feed processor committed them. A position is
-- assigned when a batch is written and the batch commits before the next begins, so readers only ever see a prefix
-- (a rolled-back batch leaves a gap that nothing fills later; decisions #44).
CREATE TABLE feed_event (
    position     BIGSERIAL    PRIMARY KEY,
    meeting_id   VARCHAR(128) NOT NULL,
    version      BIGINT       NOT NULL,
    type         VARCHAR(64)  NOT NULL,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    actor        VARCHAR(140) NOT NULL,
    user_id      VARCHAR(128),
    from_status  VARCHAR(32),
    to_status    VARCHAR(32),
    UNIQUE (meeting_id, version)
);

CREATE INDEX feed_event_by_meeting ON feed_event (meeting_id, position);
CREATE INDEX feed_event_by_time ON feed_event (occurred_at);

-- Webhook endpoints. Secrets are AES-GCM encrypted under stagedoor.webhooks.secret-key-file (nonce || ciphertext).
CREATE TABLE webhook_endpoint (
    id                    UUID          PRIMARY KEY,
    url                   VARCHAR(2048) NOT NULL,
    event_types           TEXT[],
    meeting_id            VARCHAR(128),
    description           VARCHAR(500),
    enabled               BOOLEAN       NOT NULL,
    disabled_reason       VARCHAR(500),
    secret                BYTEA         NOT NULL,
    previous_secret       BYTEA,
    previous_secret_until TIMESTAMPTZ,
    failing_since         TIMESTAMPTZ,
    created_at            TIMESTAMPTZ   NOT NULL
);

-- One message to one endpoint. A lane is (endpoint, meeting): only its oldest pending delivery may be attempted, so
-- a meeting's events reach an endpoint in order. A lease (lease_until, lease_token) marks the node sending it.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL     PRIMARY KEY,
    endpoint_id     UUID          NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    lane            VARCHAR(128)  NOT NULL,
    feed_position   BIGINT,
    message_id      VARCHAR(64)   NOT NULL,
    type            VARCHAR(64)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    lease_until     TIMESTAMPTZ,
    lease_token     UUID,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      VARCHAR(500),
    last_response   VARCHAR(1000),
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    delivered_at    TIMESTAMPTZ
);

CREATE INDEX webhook_delivery_lanes ON webhook_delivery (endpoint_id, lane, id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id, id);
