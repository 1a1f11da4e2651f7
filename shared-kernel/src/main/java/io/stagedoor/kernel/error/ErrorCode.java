package io.stagedoor.kernel.error;

/**
 * The error codes of the product contract (SPEC §6). RealtimeKit reserves 20xx for Stage.
 * Each code has a fixed HTTP status and a stable problem type slug.
 */
public enum ErrorCode {
    STAGE_DISABLED(2001, 403, "stage-disabled", "Stage is disabled for this participant"),
    STAGE_ACCESS_NOT_ALLOWED(2002, 403, "stage-access-not-allowed", "Stage access is NOT_ALLOWED"),
    PERMISSION_DENIED(2003, 403, "permission-denied", "Actor lacks the permission"),
    TRANSITION_NOT_ALLOWED(2004, 409, "transition-not-allowed", "Transition not allowed from the current status"),
    PARTICIPANT_NOT_FOUND(2005, 404, "participant-not-found", "Participant not in this meeting"),
    STAGE_FULL(2006, 409, "stage-full", "Stage is full"),
    MEETING_NOT_FOUND(2007, 404, "meeting-not-found", "Meeting not found"),
    MEETING_ENDED(2008, 409, "meeting-ended", "Meeting ended"),
    VERSION_MISMATCH(2009, 412, "version-mismatch", "If-Match version mismatch"),
    IDEMPOTENCY_KEY_REUSED(2010, 422, "idempotency-key-reused", "Idempotency-Key reused with a different request"),
    MALFORMED_REQUEST(2011, 400, "malformed-request", "Malformed request"),
    UNAUTHENTICATED(2012, 401, "unauthenticated", "Missing or invalid credentials"),
    FORBIDDEN_SCOPE(2013, 403, "forbidden-scope", "Credentials do not cover this meeting or this user"),
    RATE_LIMITED(2014, 429, "rate-limited", "Rate limited"),
    UNAVAILABLE(2015, 503, "unavailable", "Temporarily unavailable, retry later"),
    /** SPEC §8: a request beyond the meeting's maxPendingRequests. */
    REQUEST_QUEUE_FULL(2016, 409, "request-queue-full", "Request queue full"),
    /** Not in SPEC §6: an unknown webhook endpoint or delivery (docs/decisions.md). */
    WEBHOOK_NOT_FOUND(2017, 404, "webhook-not-found", "Webhook endpoint or delivery not found");

    private final int code;
    private final int httpStatus;
    private final String slug;
    private final String title;

    ErrorCode(int code, int httpStatus, String slug, String title) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.slug = slug;
        this.title = title;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Stable problem type, relative to the API's problem namespace: {@code /problems/<slug>}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
