-- Stage policies (SPEC §8, issue 14): the meeting's new settings in its read model, and why the engine itself
-- (service:stagedoor) decided — the event's reason — in the audit trail and the change feed; the expiry a request or
-- an acceptance was given, in the change feed. Adding nullable columns, or one with a constant default, only changes
-- the catalogue: no table is rewritten, however long the history or the feed.

ALTER TABLE rm_meeting
    ADD COLUMN auto_accept            BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN accept_timeout_seconds INTEGER,
    ADD COLUMN max_pending_requests   INTEGER,
    ADD COLUMN presence_grace_seconds INTEGER;

-- One of io.stagedoor.kernel.event.EngineReasons when the engine decided; NULL when a participant, host or service did.
ALTER TABLE rm_history
    ADD COLUMN reason TEXT;

ALTER TABLE feed_event
    ADD COLUMN reason     TEXT,
    ADD COLUMN expires_at TIMESTAMPTZ;
