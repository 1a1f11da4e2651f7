package io.stagedoor.kernel.stage;

import io.stagedoor.kernel.error.InvalidInput;

/**
 * What can be configured about a meeting.
 *
 * @param title                 optional, at most 200 characters
 * @param maxOnStage            optional, 1–10,000; absent means no limit
 * @param requestTimeoutSeconds optional, 10–86,400; a request pending longer expires
 */
public record MeetingSettings(String title, Integer maxOnStage, Integer requestTimeoutSeconds) {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final MeetingSettings NONE = new MeetingSettings(null, null, null);

    public MeetingSettings {
        if (title != null && title.length() > MAX_TITLE_LENGTH) {
            throw new InvalidInput("title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        if (maxOnStage != null && (maxOnStage < 1 || maxOnStage > 10_000)) {
            throw new InvalidInput("maxOnStage must be between 1 and 10000");
        }
        if (requestTimeoutSeconds != null && (requestTimeoutSeconds < 10 || requestTimeoutSeconds > 86_400)) {
            throw new InvalidInput("requestTimeoutSeconds must be between 10 and 86400");
        }
    }

    public boolean stageFullAt(int onStageCount) {
        return maxOnStage != null && onStageCount >= maxOnStage;
    }

    public MeetingSettings with(MeetingSettingsPatch patch) {
        return new MeetingSettings(
                patch.title() != null ? patch.title().orElse(null) : title,
                patch.maxOnStage() != null ? patch.maxOnStage().orElse(null) : maxOnStage,
                patch.requestTimeoutSeconds() != null ? patch.requestTimeoutSeconds().orElse(null)
                        : requestTimeoutSeconds);
    }
}
