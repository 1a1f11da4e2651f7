package io.stagedoor.command.http;

import io.stagedoor.command.identity.ParticipantTokens;
import io.stagedoor.command.identity.TokenKeys;
import io.stagedoor.testsupport.Api;

import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every way credentials can fall short → the right code, and nothing appended.
 */
class AuthorizationMatrixTest extends ApiTest {

    /** What a viewer's own token gets on an endpoint it cannot use. */
    enum Kind {
        SERVICE_ONLY(2013, 403), HOST(2003, 403), SELF_OF_ANOTHER_USER(2013, 403);

        final int viewerCode;
        final int viewerStatus;

        Kind(int viewerCode, int viewerStatus) {
            this.viewerCode = viewerCode;
            this.viewerStatus = viewerStatus;
        }
    }

    record Endpoint(String method, String path, String body, Kind kind) {
    }

    private static Cast cast;
    private static Cast otherMeeting;

    @BeforeAll
    static void cast() {
        cast = newCast();
        otherMeeting = newCast();
    }

    private static List<Endpoint> endpoints() {
        String m = "/v1/meetings/" + cast.meeting();
        return List.of(
                new Endpoint("POST", "/v1/meetings", "{\"meetingId\": \"matrix-new\"}", Kind.SERVICE_ONLY),
                new Endpoint("PATCH", m, "{\"maxOnStage\": 9}", Kind.HOST),
                new Endpoint("POST", m + "/end", null, Kind.HOST),
                new Endpoint("PUT", "/v1/presets/matrix", "{\"stageEnabled\": true, \"stageAccess\": \"ALLOWED\", "
                        + "\"acceptStageRequests\": true, \"canChangeParticipantPermissions\": true}", Kind.SERVICE_ONLY),
                new Endpoint("POST", m + "/participants", "{\"userId\": \"newbie\", \"preset\": \"webinar_host\"}", Kind.HOST),
                new Endpoint("POST", m + "/participants/batch",
                        "{\"participants\": [{\"userId\": \"newbie\", \"preset\": \"webinar_host\"}], \"tokens\": true}", Kind.HOST),
                new Endpoint("POST", m + "/participants/viewer-2/token", null, Kind.SERVICE_ONLY),
                new Endpoint("DELETE", m + "/participants/viewer-2", null, Kind.HOST),
                new Endpoint("PATCH", m + "/participants/viewer-2/permissions", "{\"stageEnabled\": false}", Kind.HOST),
                new Endpoint("POST", m + "/participants/viewer-2/stage/request", null, Kind.SELF_OF_ANOTHER_USER),
                new Endpoint("POST", m + "/participants/viewer-2/stage/cancel-request", null, Kind.SELF_OF_ANOTHER_USER),
                new Endpoint("POST", m + "/participants/host/stage/join", null, Kind.SELF_OF_ANOTHER_USER),
                new Endpoint("POST", m + "/participants/host/stage/leave", null, Kind.SELF_OF_ANOTHER_USER),
                new Endpoint("POST", m + "/stage/grant", "{\"all\": true}", Kind.HOST),
                new Endpoint("POST", m + "/stage/grant", "{\"next\": 1}", Kind.HOST),
                new Endpoint("POST", m + "/stage/deny", "{\"all\": true}", Kind.HOST),
                new Endpoint("POST", m + "/stage/kick", "{\"userIds\": [\"host\"]}", Kind.HOST));
    }

    @Test
    void everyEndpointRefusesEveryShortfallAndAppendsNothing() {
        TokenKeys keys = context.getBean(TokenKeys.class);
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        String expired = new ParticipantTokens(keys, Duration.ofHours(1), Clock.fixed(twoHoursAgo, ZoneOffset.UTC))
                .issue(MeetingId.of(cast.meeting()), UserId.of("host"), 1).token();
        String forged = new ParticipantTokens(TokenKeys.load(null), Duration.ofHours(1), Clock.systemUTC())
                .issue(MeetingId.of(cast.meeting()), UserId.of("host"), 1).token();
        String tampered = cast.hostToken().substring(0, cast.hostToken().length() - 4) + "AAAA";

        record Shortfall(String name, Api api, String[] headers, int code, int status) {
        }
        List<String> failures = new ArrayList<>();
        long eventsBefore = storedEvents(cast.meeting()) + storedEvents(otherMeeting.meeting());

        for (Endpoint endpoint : endpoints()) {
            List<Shortfall> shortfalls = List.of(
                    new Shortfall("no credentials", service.as(null), new String[0], 2012, 401),
                    new Shortfall("bad key", service.as("not-a-key-0123456789"), new String[0], 2012, 401),
                    new Shortfall("forged token", service.as(forged), new String[0], 2012, 401),
                    new Shortfall("tampered token", service.as(tampered), new String[0], 2012, 401),
                    new Shortfall("expired token", service.as(expired), new String[0], 2012, 401),
                    new Shortfall("token of another meeting", service.as(otherMeeting.hostToken()), new String[0], 2013, 403),
                    new Shortfall("viewer token", cast.viewer(), new String[0], endpoint.kind().viewerCode,
                            endpoint.kind().viewerStatus),
                    new Shortfall("participant acting as another user", cast.host(), new String[]{"X-Acting-User", "presenter"},
                            2013, 403));
            for (Shortfall shortfall : shortfalls) {
                Api.Answer answer = shortfall.api().send(endpoint.method(), endpoint.path(), endpoint.body(), shortfall.headers());
                if (answer.status() != shortfall.status() || answer.code() != shortfall.code()
                        || !answer.contentType().startsWith("application/problem+json")) {
                    failures.add(endpoint.method() + " " + endpoint.path() + " with " + shortfall.name() + ": expected "
                            + shortfall.code() + "/" + shortfall.status() + " but got " + answer.status() + " " + answer.body());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(storedEvents(cast.meeting()) + storedEvents(otherMeeting.meeting())).as("nothing appended")
                                                                                      .isEqualTo(eventsBefore);
        assertThat(storedEvents("matrix-new")).isZero();
        assertThat(service.put("/v1/presets/matrix", "{\"stageEnabled\": true, \"stageAccess\": \"ALLOWED\", "
                + "\"acceptStageRequests\": true, \"canChangeParticipantPermissions\": true}").status())
                .as("the preset was not defined by a refused request").isEqualTo(201);
    }

    @Test
    void aServiceMayActAsAParticipantAndIsThenCheckedAsIt() {
        Cast own = newCast();
        own.viewer2().post(own.path("/participants/viewer-2/stage/request"), null);
        assertProblem(service.post(own.path("/stage/grant"), "{\"all\": true}", "X-Acting-User", "viewer"), 2003, 403);
        Api.Answer asHost = service.post(own.path("/stage/grant"), "{\"all\": true}", "X-Acting-User", "host");
        assertThat(asHost.status()).isEqualTo(200);
        assertProblem(service.post(own.path("/participants/viewer/stage/request"), null, "X-Acting-User", "viewer-2"), 2013, 403);
        assertThat(service.post(own.path("/participants/viewer/stage/request"), null, "X-Acting-User", "viewer").status())
                .isEqualTo(200);
        assertProblem(service.post(own.path("/stage/grant"), "{\"all\": true}", "X-Acting-User", "not a user"), 2011, 400);
    }

    @Test
    void healthApiDescriptionAndKeysAreOpen() {
        Api anonymous = service.as(null);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/.well-known/jwks.json").body().path("keys").get(0).path("kty").asText()).isEqualTo("RSA");
        assertThat(anonymous.get("/.well-known/jwks.json").body().path("keys").get(0).has("d")).as("no private part").isFalse();
        assertProblem(anonymous.get("/actuator/env"), 2012, 401);
    }
}
