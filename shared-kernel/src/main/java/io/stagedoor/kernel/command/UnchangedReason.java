package io.stagedoor.kernel.command;

import java.util.Arrays;

/**
 * Why a command left a participant as it was. Each reason is written as its text, a short stable phrase
 * (docs/decisions.md, entry 14) that clients may show or match: never change one.
 */
public enum UnchangedReason {

    ALREADY_REQUESTED("already requested"),
    ALREADY_ACCEPTED("already accepted"),
    ALREADY_ON_STAGE("already on stage"),
    NO_PENDING_REQUEST("no pending request"),
    NOT_ON_STAGE("not on stage"),
    ON_STAGE_USE_KICK("on stage, use kick"),
    REQUEST_PENDING_USE_DENY("request pending, use deny"),
    JOINS_DIRECTLY("joins the stage directly, stays accepted"),
    STAGE_DISABLED("the stage is disabled for this participant"),
    PERMISSIONS_UNCHANGED("permissions unchanged"),
    ALREADY_A_PARTICIPANT("already a participant with this preset"),
    /** The stage has no room for another acceptance (grant next; any grant while autoAccept is on). */
    STAGE_FULL("stage full");

    private final String text;

    UnchangedReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** The reason written as {@code text}. */
    public static UnchangedReason ofText(String text) {
        return Arrays.stream(values()).filter(reason -> reason.text.equals(text)).findFirst()
                     .orElseThrow(() -> new IllegalArgumentException("no unchanged reason reads '" + text + "'"));
    }
}
