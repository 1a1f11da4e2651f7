-- When each participant was last seen (io.stagedoor.platform.presence.PresenceRows): query nodes write it for the
-- participants holding a live stream there, command nodes for a heartbeat. The command side judges presence with it
-- (SPEC §8 presenceGraceSeconds). Shared because both sides write it; times are the database's clock.
CREATE TABLE IF NOT EXISTS participant_presence (
    meeting_id   VARCHAR(128) NOT NULL,
    user_id      VARCHAR(128) NOT NULL,
    last_seen_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
