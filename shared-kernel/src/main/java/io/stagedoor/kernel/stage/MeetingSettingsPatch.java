package io.stagedoor.kernel.stage;

import java.util.Optional;

/**
 * A change to some meeting settings, with JSON merge-patch meaning: a {@code null} component leaves the
 * setting as it is, {@code Optional.empty()} clears it, a present value sets it. Values are checked against
 * the same bounds as {@link MeetingSettings}.
 */
public record MeetingSettingsPatch(Optional<String> title,
                                   Optional<Integer> maxOnStage,
                                   Optional<Integer> requestTimeoutSeconds) {

    public MeetingSettingsPatch {
        new MeetingSettings(valueOf(title), valueOf(maxOnStage), valueOf(requestTimeoutSeconds));
    }

    private static <T> T valueOf(Optional<T> change) {
        return change == null ? null : change.orElse(null);
    }
}
