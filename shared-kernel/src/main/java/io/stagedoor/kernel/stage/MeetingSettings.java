package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.error.InvalidInput;

/**
 * What can be configured about a meeting: its title and stage size (SPEC §3) and the stage policies of SPEC §8.
 *
 * @param title                 optional, at most 200 characters
 * @param maxOnStage            optional, 1–10,000; absent means no limit
 * @param requestTimeoutSeconds optional, 10–86,400; a request pending longer expires
 * @param autoAccept            requests are granted by the engine while the stage has room, oldest first
 * @param acceptTimeoutSeconds  optional, 10–86,400; an acceptance not used to join within it expires
 * @param maxPendingRequests    optional, 1–10,000; a request beyond it is refused (2016)
 * @param presenceGraceSeconds  optional, 5–3,600; a participant absent longer loses its request and its seat
 */
public record MeetingSettings(String title, Integer maxOnStage, Integer requestTimeoutSeconds, boolean autoAccept,
                              Integer acceptTimeoutSeconds, Integer maxPendingRequests, Integer presenceGraceSeconds) {

    public static final int MAX_TITLE_LENGTH = 200;
    /** The bounds of the settings (inclusive), which the API description states too. */
    public static final int MIN_ON_STAGE = 1, MAX_ON_STAGE = 10_000;
    public static final int MIN_TIMEOUT_SECONDS = 10, MAX_TIMEOUT_SECONDS = 86_400;
    public static final int MIN_PENDING_REQUESTS = 1, MAX_PENDING_REQUESTS = 10_000;
    public static final int MIN_PRESENCE_GRACE_SECONDS = 5, MAX_PRESENCE_GRACE_SECONDS = 3_600;
    public static final MeetingSettings NONE = new MeetingSettings(null, null, null);

    public MeetingSettings {
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw new InvalidInput("title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        requireWithin("maxOnStage", maxOnStage, MIN_ON_STAGE, MAX_ON_STAGE);
        requireWithin("requestTimeoutSeconds", requestTimeoutSeconds, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        requireWithin("acceptTimeoutSeconds", acceptTimeoutSeconds, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        requireWithin("maxPendingRequests", maxPendingRequests, MIN_PENDING_REQUESTS, MAX_PENDING_REQUESTS);
        requireWithin("presenceGraceSeconds", presenceGraceSeconds, MIN_PRESENCE_GRACE_SECONDS,
                MAX_PRESENCE_GRACE_SECONDS);
    }

    /** The settings of release 0.1: no policy. */
    public MeetingSettings(String title, Integer maxOnStage, Integer requestTimeoutSeconds) {
        this(title, maxOnStage, requestTimeoutSeconds, false, null, null, null);
    }

    /** Whether nobody more may join: {@code onStageCount} is at {@code maxOnStage}. */
    public boolean stageFullAt(int onStageCount) {
        return maxOnStage != null && onStageCount >= maxOnStage;
    }

    /** How many seats are free when {@code taken} are on stage or hold an acceptance (no limit: unbounded). */
    public int freeSeats(int taken) {
        return maxOnStage == null ? Integer.MAX_VALUE : Math.max(0, maxOnStage - taken);
    }

    public MeetingSettings with(MeetingSettingsPatch patch) {
        return new MeetingSettings(
                patched(patch.title(), title),
                patched(patch.maxOnStage(), maxOnStage),
                patched(patch.requestTimeoutSeconds(), requestTimeoutSeconds),
                Boolean.TRUE.equals(patched(patch.autoAccept(), autoAccept)),
                patched(patch.acceptTimeoutSeconds(), acceptTimeoutSeconds),
                patched(patch.maxPendingRequests(), maxPendingRequests),
                patched(patch.presenceGraceSeconds(), presenceGraceSeconds));
    }

    private static <T> T patched(java.util.Optional<T> change, T current) {
        return change != null ? change.orElse(null) : current;
    }

    private static void requireWithin(String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InvalidInput(name + " must be between " + min + " and " + max);
        }
    }
}
