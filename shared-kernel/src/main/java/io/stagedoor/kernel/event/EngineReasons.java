package io.stagedoor.kernel.event;

/**
 * Why the engine itself ({@code service:stagedoor}) changed a participant, as written in the event's {@code reason},
 * the history and the live notifications: a short stable phrase clients may show or match. Never change one.
 */
public final class EngineReasons {

    /** The meeting admits requests by itself (autoAccept) and a seat was free. */
    public static final String AUTO_ACCEPT = "auto-accept";
    /** An acceptance was not used to join within the meeting's acceptTimeoutSeconds. */
    public static final String ACCEPTANCE_EXPIRED = "acceptance expired";
    /** The participant had no live stream and sent no heartbeat for longer than presenceGraceSeconds. */
    public static final String PRESENCE_LOST = "presence lost";

    private EngineReasons() {
    }
}
