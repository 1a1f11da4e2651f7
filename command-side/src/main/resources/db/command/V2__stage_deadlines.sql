-- The stage's deadlines (io.stagedoor.command.deadline.StageDeadlines): derived from the events in the transaction that
-- stores them, fired by a recurring db-scheduler task. Today one kind: a pending request's expiry.
CREATE TABLE stage_deadline (
    meeting_id    VARCHAR(128) NOT NULL,
    user_id       VARCHAR(128) NOT NULL,
    kind          VARCHAR(32)  NOT NULL,
    due_at        TIMESTAMPTZ  NOT NULL,
    since_version BIGINT       NOT NULL,
    PRIMARY KEY (meeting_id, user_id, kind)
);

CREATE INDEX stage_deadline_due ON stage_deadline (due_at);

-- Until now request expiries were Axon deadlines in db-scheduler's table, one opaque (Java-serialized) row each. The
-- pending ones are carried over from the stored events: a participant whose latest event is a request with an expiry.
INSERT INTO stage_deadline (meeting_id, user_id, kind, due_at, since_version)
SELECT meeting_id, user_id, 'request-expiry', (payload ->> 'expiresAt')::timestamptz, version
FROM (SELECT DISTINCT ON (e.aggregateIdentifier, p.payload ->> 'userId')
             e.aggregateIdentifier AS meeting_id, p.payload ->> 'userId' AS user_id, e.sequenceNumber AS version,
             e.payloadType AS payload_type, p.payload
      FROM domain_event_entry e
      CROSS JOIN LATERAL (SELECT convert_from(e.payload, 'UTF8')::jsonb AS payload) p
      WHERE e.type = 'Stage' AND p.payload ? 'userId'
      ORDER BY e.aggregateIdentifier, p.payload ->> 'userId', e.sequenceNumber DESC) latest
WHERE payload_type = 'io.stagedoor.kernel.event.StageAccessRequested' AND payload ->> 'expiresAt' IS NOT NULL;

DELETE FROM scheduled_tasks WHERE task_name = 'AxonDeadline';
