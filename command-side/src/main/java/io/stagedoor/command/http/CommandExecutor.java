package io.stagedoor.command.http;

import io.stagedoor.command.engine.IdempotencyKey;
import io.stagedoor.command.engine.IdempotencyStore;
import io.stagedoor.command.engine.StageCommandGateway;
import io.stagedoor.kernel.command.CommandOutcome;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.command.PresetOutcome;
import io.stagedoor.kernel.error.ErrorCode;
import io.stagedoor.platform.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command for an HTTP request: {@code If-Match} becomes the expected version, {@code Idempotency-Key}
 * replays the first answer to a repeated request (2010 for a different one), and the answer carries the
 * meeting's version as {@code ETag}.
 */
@Component
class CommandExecutor {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VERSION_TAG = Pattern.compile("\"(\\d{1,18})\"");

    private final StageCommandGateway gateway;
    private final IdempotencyStore idempotency;

    CommandExecutor(StageCommandGateway gateway, IdempotencyStore idempotency) {
        this.gateway = gateway;
        this.idempotency = idempotency;
    }

    /**
     * @param body    the request as sent (null without a body); a repeated request is recognised by it
     * @param command the command to run
     * @param render  turns the outcome into the answer; used again, identically, when the answer is replayed
     */
    @SuppressWarnings("unchecked")
    <O> ResponseEntity<?> execute(HttpServletRequest request, Object body, Object command,
                                  Function<O, ResponseEntity<?>> render) {
        Long expectedVersion = expectedVersion(request.getHeader(HttpHeaders.IF_MATCH));
        IdempotencyKey key = idempotencyKey(request, body);
        if (key != null) {
            Optional<ResponseEntity<?>> replay = replay(key, render);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        try {
            O outcome = gateway.send(command, expectedVersion, key);
            return withVersion(render.apply(outcome), outcome);
        } catch (IdempotencyStore.IdempotencyKeyTaken raced) {
            // a batch fails whole when one of its keys was taken: its other commands, with or without a key, retry
            if (key == null) {
                throw new RequestRefused(ErrorCode.UNAVAILABLE, "another command of its batch failed; retry");
            }
            return replay(key, render).orElseThrow(() -> new RequestRefused(ErrorCode.UNAVAILABLE,
                    "a concurrent request with this Idempotency-Key did not finish; retry"));
        }
    }

    @SuppressWarnings("unchecked")
    private <O> Optional<ResponseEntity<?>> replay(IdempotencyKey key, Function<O, ResponseEntity<?>> render) {
        return idempotency.find(key.scope(), key.key()).map(remembered -> {
            if (!remembered.fingerprint().equals(key.fingerprint())) {
                throw new RequestRefused(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "this Idempotency-Key was used with a different request in the last 24 hours");
            }
            ResponseEntity<?> answer = withVersion(render.apply((O) remembered.outcome()), remembered.outcome());
            return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                                 .header(REPLAYED, "true").body(answer.getBody());
        });
    }

    private IdempotencyKey idempotencyKey(HttpServletRequest request, Object body) {
        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        String description = request.getMethod() + " " + request.getRequestURI() + "\n" + body
                + "\nIf-Match: " + request.getHeader(HttpHeaders.IF_MATCH)
                + "\n" + Acting.HEADER + ": " + request.getHeader(Acting.HEADER);
        return IdempotencyKey.of(Acting.of(request).idempotencyScope(), key, description);
    }

    /** {@code "12"} → 12; {@code *} or absent → any version. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher tag = VERSION_TAG.matcher(ifMatch.trim());
        if (!tag.matches()) {
            throw new RequestRefused(ErrorCode.MALFORMED_REQUEST,
                    "If-Match must be one version in quotes, as in the ETag: \"12\"");
        }
        return Long.parseLong(tag.group(1));
    }

    private static ResponseEntity<?> withVersion(ResponseEntity<?> answer, Object outcome) {
        Long version = outcome instanceof CommandOutcome command ? Long.valueOf(command.version())
                : outcome instanceof MeetingOutcome meeting ? Long.valueOf(meeting.version())
                : outcome instanceof PresetOutcome preset ? Long.valueOf(preset.version()) : null;
        if (version == null) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                             .eTag("\"" + version + "\"").body(answer.getBody());
    }
}
