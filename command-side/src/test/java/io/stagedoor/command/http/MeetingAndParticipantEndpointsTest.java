package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Meetings, presets and participants over HTTP: happy paths and every code these endpoints answer. */
class MeetingAndParticipantEndpointsTest extends ApiTest {

    @Test
    void createsAMeetingOnceAndAnswersItAsItIsAfterwards() {
        Api.Answer created = service.post("/v1/meetings",
                "{\"meetingId\": \"town-hall\", \"title\": \"Town hall\", \"maxOnStage\": 4, \"requestTimeoutSeconds\": 300}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/meetings/town-hall/stage");
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.body().toString()).isEqualTo("{\"meetingId\":\"town-hall\",\"version\":0,\"changed\":true,"
                + "\"title\":\"Town hall\",\"maxOnStage\":4,\"requestTimeoutSeconds\":300,\"autoAccept\":false,\"outcomes\":[]}");

        Api.Answer again = service.post("/v1/meetings", "{\"meetingId\": \"town-hall\", \"maxOnStage\": 9}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("maxOnStage").asInt()).isEqualTo(4);
        assertThat(storedEvents("town-hall")).isEqualTo(1);

        Api.Answer generated = service.post("/v1/meetings", "{}");
        assertThat(generated.status()).isEqualTo(201);
        assertThat(generated.body().path("meetingId").asText()).hasSize(36);
    }

    @Test
    void refusesMalformedMeetings() {
        assertProblem(service.post("/v1/meetings", "{\"meetingId\": \"bad id\"}"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "{\"meetingId\": \"" + "m".repeat(129) + "\"}"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "{\"maxOnStage\": 0}"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "{\"requestTimeoutSeconds\": 5}"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "{\"title\": \"" + "t".repeat(201) + "\"}"), 2011, 400);
        Api.Answer unknown = service.post("/v1/meetings", "{\"meetingID\": \"x\"}");
        assertProblem(unknown, 2011, 400);
        assertThat(unknown.body().path("detail").asText()).isEqualTo("unknown field 'meetingID'");
        assertProblem(service.post("/v1/meetings", "{\"maxOnStage\": \"many\"}"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "{\"maxOnStage\": 4"), 2011, 400);
        assertProblem(service.post("/v1/meetings", "[]"), 2011, 400);
        assertProblem(service.post("/v1/meetings", null), 2011, 400);
    }

    @Test
    void changesSettingsWithMergePatchMeaning() {
        Cast cast = newCast("{\"title\": \"Panel\", \"maxOnStage\": 3, \"requestTimeoutSeconds\": 60}");
        Api.Answer changed = service.patch(cast.path(""), "{\"maxOnStage\": null, \"requestTimeoutSeconds\": 120}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().path("changed").asBoolean()).isTrue();
        assertThat(changed.body().path("title").asText()).isEqualTo("Panel");
        assertThat(changed.body().has("maxOnStage")).isFalse();
        assertThat(changed.body().path("requestTimeoutSeconds").asInt()).isEqualTo(120);

        Api.Answer same = cast.host().patch(cast.path(""), "{\"requestTimeoutSeconds\": 120}");
        assertThat(same.body().path("changed").asBoolean()).isFalse();

        cast.host().post(cast.path("/participants/host/stage/join"), null);
        service.as(cast.presenterToken()).post(cast.path("/participants/presenter/stage/join"), null);
        assertProblem(service.patch(cast.path(""), "{\"maxOnStage\": 1}"), 2006, 409);
        assertProblem(cast.viewer().patch(cast.path(""), "{\"maxOnStage\": 10}"), 2003, 403);
        assertProblem(service.patch("/v1/meetings/nowhere", "{\"maxOnStage\": 10}"), 2007, 404);
        assertProblem(service.patch(cast.path(""), "{\"maxOnStage\": 10001}"), 2011, 400);
    }

    @Test
    void endingAMeetingSendsEveryoneOffAndRefusesLaterCommands() {
        Cast cast = newCast();
        cast.host().post(cast.path("/participants/host/stage/join"), null);
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        assertProblem(cast.viewer().post(cast.path("/end"), null), 2003, 403);
        Api.Answer ended = cast.host().post(cast.path("/end"), null);
        assertThat(ended.status()).isEqualTo(200);
        assertThat(Api.strings(ended.body().path("outcomes"), "userId")).containsExactly("host", "presenter", "viewer");
        assertProblem(service.post(cast.path("/end"), null), 2008, 409);
        assertProblem(service.post("/v1/meetings", "{\"meetingId\": \"" + cast.meeting() + "\"}"), 2008, 409);
        assertProblem(service.post(cast.path("/participants"), "{\"userId\": \"late\", \"preset\": \"webinar_viewer\"}"), 2008, 409);
        assertProblem(service.post("/v1/meetings/nowhere/end", null), 2007, 404);
    }

    @Test
    void definesPresetsAndAddsParticipantsWithThem() {
        String moderator = "{\"stageEnabled\": true, \"stageAccess\": \"CAN_REQUEST\", \"acceptStageRequests\": true, "
                + "\"canChangeParticipantPermissions\": false}";
        Api.Answer defined = service.put("/v1/presets/moderator", moderator);
        assertThat(defined.status()).isEqualTo(201);
        assertThat(defined.body().path("acceptStageRequests").asBoolean()).isTrue();
        assertThat(service.put("/v1/presets/moderator", moderator).body().path("changed").asBoolean()).isFalse();
        Api.Answer replaced = service.put("/v1/presets/moderator", moderator.replace("CAN_REQUEST", "ALLOWED"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.body().path("version").asInt()).isEqualTo(1);

        Cast cast = newCast();
        String mod = add(cast.meeting(), "mod", "moderator");
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer granted = service.as(mod).post(cast.path("/stage/grant"), "{\"all\": true}");
        assertThat(granted.status()).isEqualTo(200);

        assertProblem(service.put("/v1/presets/webinar_host", moderator), 2011, 400);
        assertProblem(service.put("/v1/presets/half", "{\"stageEnabled\": true}"), 2011, 400);
        assertProblem(service.put("/v1/presets/bad", moderator.replace("CAN_REQUEST", "SOMETIMES")), 2011, 400);
        assertProblem(service.put("/v1/presets/bad%20name", moderator), 2011, 400);
        assertProblem(cast.host().put("/v1/presets/mine", moderator), 2013, 403);
        assertProblem(service.post(cast.path("/participants"), "{\"userId\": \"x\", \"preset\": \"no_such_preset\"}"), 2011, 400);
    }

    @Test
    void addsParticipantsWithATokenThatWorksAtOnce() {
        Cast cast = newCast();
        Api.Answer added = service.post(cast.path("/participants"), "{\"userId\": \"ada\", \"name\": \"Ada\", \"preset\": \"webinar_viewer\"}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().path("outcomes").get(0).toString()).isEqualTo("{\"userId\":\"ada\",\"to\":\"OFF_STAGE\",\"changed\":true}");
        JsonNode claims = claims(added);
        assertThat(claims.path("sub").asText()).isEqualTo("ada");
        assertThat(claims.path("meeting").asText()).isEqualTo(cast.meeting());
        assertThat(claims.path("version").asLong()).as("the version that added ada").isEqualTo(added.version());
        assertThat(claims.has("exp")).isTrue();
        assertThat(service.as(added.body().path("token").asText())
                          .post(cast.path("/participants/ada/stage/request"), null).status()).isEqualTo(200);

        Api.Answer readded = service.post(cast.path("/participants"), "{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}");
        assertThat(readded.body().path("outcomes").get(0).path("changed").asBoolean()).isFalse();
        assertThat(claims(readded).path("version").asLong()).as("unchanged: ada is in at the current version")
                                                           .isEqualTo(readded.version()).isGreaterThan(added.version());
        Api.Answer asHost = cast.host().post(cast.path("/participants"), "{\"userId\": \"ada\", \"preset\": \"webinar_host\"}");
        assertThat(asHost.body().path("outcomes").get(0).path("to").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");

        assertProblem(cast.viewer().post(cast.path("/participants"), "{\"userId\": \"eve\", \"preset\": \"webinar_host\"}"), 2003, 403);
        assertProblem(service.post(cast.path("/participants"), "{\"preset\": \"webinar_viewer\"}"), 2011, 400);
        assertProblem(service.post(cast.path("/participants"), "{\"userId\": \"service:evil\", \"preset\": \"webinar_viewer\"}"), 2011, 400);
        assertProblem(service.post(cast.path("/participants"), "{\"userId\": \"x\", \"name\": \"" + "n".repeat(201)
                + "\", \"preset\": \"webinar_viewer\"}"), 2011, 400);
        assertProblem(service.post("/v1/meetings/nowhere/participants", "{\"userId\": \"x\", \"preset\": \"webinar_viewer\"}"), 2007, 404);
    }

    @Test
    void aReplayedAddIssuesATokenAtTheRememberedVersion() {
        Cast cast = newCast();
        String body = "{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}";
        Api.Answer added = service.post(cast.path("/participants"), body, "Idempotency-Key", "add-ada");
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer replayed = service.post(cast.path("/participants"), body, "Idempotency-Key", "add-ada");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body().path("token").asText()).as("a fresh token").isNotEqualTo(added.body().path("token").asText());
        assertThat(claims(replayed).path("version").asLong()).isEqualTo(added.version());
    }

    @Test
    void issuesFreshTokensToServicesOnly() {
        Cast cast = newCast();
        long current = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null).version();
        Api.Answer token = service.post(cast.path("/participants/viewer/token"), null);
        assertThat(token.status()).isEqualTo(200);
        assertThat(claims(token).path("version").asLong()).as("the meeting's current version").isEqualTo(current);
        assertThat(service.as(token.body().path("token").asText())
                          .post(cast.path("/participants/viewer/stage/request"), null).status()).isEqualTo(200);
        assertProblem(service.post(cast.path("/participants/ghost/token"), null), 2005, 404);
        assertProblem(service.post("/v1/meetings/nowhere/participants/viewer/token", null), 2007, 404);
        assertProblem(cast.host().post(cast.path("/participants/viewer/token"), null), 2013, 403);
    }

    @Test
    void removesParticipants() {
        Cast cast = newCast();
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer removed = cast.host().delete(cast.path("/participants/viewer"));
        assertThat(removed.body().path("outcomes").get(0).toString())
                .isEqualTo("{\"userId\":\"viewer\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"changed\":true}");
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/request"), null), 2005, 404);
        assertProblem(service.delete(cast.path("/participants/viewer")), 2005, 404);
        assertProblem(cast.viewer2().delete(cast.path("/participants/viewer-3")), 2003, 403);
        assertThat(cast.viewer2().delete(cast.path("/participants/viewer-2")).status()).as("leaving by itself").isEqualTo(200);
    }

    @Test
    void changesPermissions() {
        Cast cast = newCast();
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer barred = cast.host().patch(cast.path("/participants/viewer/permissions"), "{\"stageAccess\": \"NOT_ALLOWED\"}");
        assertThat(barred.body().path("outcomes").get(0).path("to").asText()).isEqualTo("OFF_STAGE");
        Api.Answer same = cast.host().patch(cast.path("/participants/viewer/permissions"), "{\"stageAccess\": \"NOT_ALLOWED\"}");
        assertThat(same.body().path("outcomes").get(0).path("reason").asText()).isEqualTo("permissions unchanged");
        assertProblem(cast.viewer2().patch(cast.path("/participants/viewer/permissions"), "{\"stageEnabled\": false}"), 2003, 403);
        assertProblem(cast.host().patch(cast.path("/participants/ghost/permissions"), "{\"stageEnabled\": false}"), 2005, 404);
        assertProblem(cast.host().patch(cast.path("/participants/viewer/permissions"), "{}"), 2011, 400);
        assertProblem(cast.host().patch(cast.path("/participants/viewer/permissions"), "{\"stageAccess\": \"MAYBE\"}"), 2011, 400);
    }

    private static JsonNode claims(Api.Answer withToken) {
        return Api.parse(new String(Base64.getUrlDecoder().decode(withToken.body().path("token").asText().split("\\.")[1])));
    }
}
