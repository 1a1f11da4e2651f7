package io.stagedoor.kernel.stage;

import java.util.Optional;

/**
 * A change to some meeting settings, with JSON merge-patch meaning: a {@code null} component leaves the
 * setting as it is, {@code Optional.empty()} clears it (for {@code autoAccept}: false), a present value sets it.
 * Values are checked against the same bounds as {@link MeetingSettings}.
 */
public record MeetingSettingsPatch(Optional<String> title,
                                   Optional<Integer> maxOnStage,
                                   Optional<Integer> requestTimeoutSeconds,
                                   Optional<Boolean> autoAccept,
                                   Optional<Integer> acceptTimeoutSeconds,
                                   Optional<Integer> maxPendingRequests,
                                   Optional<Integer> presenceGraceSeconds) {

    public MeetingSettingsPatch {
        new MeetingSettings(valueOf(title), valueOf(maxOnStage), valueOf(requestTimeoutSeconds),
                Boolean.TRUE.equals(valueOf(autoAccept)), valueOf(acceptTimeoutSeconds), valueOf(maxPendingRequests),
                valueOf(presenceGraceSeconds));
    }

    /** A change to the settings of release 0.1 only. */
    public MeetingSettingsPatch(Optional<String> title, Optional<Integer> maxOnStage,
                                Optional<Integer> requestTimeoutSeconds) {
        this(title, maxOnStage, requestTimeoutSeconds, null, null, null, null);
    }

    private static <T> T valueOf(Optional<T> change) {
        return change == null ? null : change.orElse(null);
    }
}
