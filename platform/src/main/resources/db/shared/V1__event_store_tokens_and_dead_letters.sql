-- The tables both sides use: Axon's event store, token store and dead-letter queue (history: schema_history_shared).
-- Idempotent, so a database created by release 0.1 (these tables already there, recorded in flyway_schema_history)
-- is adopted as it stands; a fresh database gets exactly the same schema.

-- Axon's JDBC event store (JdbcEventStorageEngine with io.stagedoor.platform.AxonJdbcAutoConfiguration#eventSchema).
-- Table names are chosen there; column names are Axon's defaults (unquoted, so PostgreSQL folds them to lower case
-- exactly as Axon's unquoted queries do).

CREATE TABLE IF NOT EXISTS domain_event_entry (
    globalIndex         BIGSERIAL    NOT NULL,
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    eventIdentifier     VARCHAR(255) NOT NULL,
    metaData            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadRevision     VARCHAR(255),
    payloadType         VARCHAR(255) NOT NULL,
    timeStamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (globalIndex),
    UNIQUE (aggregateIdentifier, sequenceNumber),
    UNIQUE (eventIdentifier)
);

CREATE TABLE IF NOT EXISTS snapshot_event_entry (
    aggregateIdentifier VARCHAR(255) NOT NULL,
    sequenceNumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventIdentifier     VARCHAR(255) NOT NULL,
    metaData            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadRevision     VARCHAR(255),
    payloadType         VARCHAR(255) NOT NULL,
    timeStamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregateIdentifier, sequenceNumber),
    UNIQUE (eventIdentifier)
);

-- Events are the audit record: never updated, never deleted.
CREATE OR REPLACE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'stored events are immutable: % on domain_event_entry refused', TG_OP;
END;
$$;

-- Created only where missing: creating a trigger locks the table against appends, which nodes of the previous
-- release may be making while this runs.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgrelid = 'domain_event_entry'::regclass AND tgname = 'domain_event_entry_immutable') THEN
        CREATE TRIGGER domain_event_entry_immutable
            BEFORE UPDATE OR DELETE ON domain_event_entry
            FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgrelid = 'domain_event_entry'::regclass AND tgname = 'domain_event_entry_no_truncate') THEN
        CREATE TRIGGER domain_event_entry_no_truncate
            BEFORE TRUNCATE ON domain_event_entry
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
    END IF;
END;
$$;

-- Axon's JdbcTokenStore (tokenSchema) and JdbcSequencedDeadLetterQueue (deadLetterSchema), default columns.

CREATE TABLE IF NOT EXISTS token_entry (
    processorName VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokenType     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorName, segment)
);

CREATE TABLE IF NOT EXISTS dead_letter_entry (
    deadLetterIdentifier VARCHAR(255)  NOT NULL,
    processingGroup      VARCHAR(255)  NOT NULL,
    sequenceIdentifier   VARCHAR(255)  NOT NULL,
    sequenceIndex        BIGINT        NOT NULL,
    messageType          VARCHAR(255)  NOT NULL,
    eventIdentifier      VARCHAR(255)  NOT NULL,
    timestamp            VARCHAR(255)  NOT NULL,
    payloadType          VARCHAR(255)  NOT NULL,
    payloadRevision      VARCHAR(255),
    payload              BYTEA         NOT NULL,
    metaData             BYTEA,
    type                 VARCHAR(255),
    aggregateIdentifier  VARCHAR(255),
    sequenceNumber       BIGINT,
    tokenType            VARCHAR(255),
    token                BYTEA,
    enqueuedAt           VARCHAR(255)  NOT NULL,
    lastTouched          VARCHAR(255),
    processingStarted    VARCHAR(255),
    causeType            VARCHAR(255),
    causeMessage         VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_entry_pk PRIMARY KEY (deadLetterIdentifier),
    CONSTRAINT dead_letter_entry_sequence UNIQUE (processingGroup, sequenceIdentifier, sequenceIndex)
);

CREATE INDEX IF NOT EXISTS dead_letter_entry_processing_group ON dead_letter_entry (processingGroup);
CREATE INDEX IF NOT EXISTS dead_letter_entry_sequence_identifier ON dead_letter_entry (processingGroup, sequenceIdentifier);
