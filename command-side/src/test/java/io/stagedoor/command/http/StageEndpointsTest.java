package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The stage commands over HTTP: every endpoint's happy path and each code it can answer. */
class StageEndpointsTest extends ApiTest {

    @Test
    void aViewerRequestsTheHostGrantsTheViewerJoinsAndLeaves() {
        Cast cast = newCast();
        Api.Answer requested = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        assertThat(requested.status()).isEqualTo(200);
        assertThat(requested.body().path("meetingId").asText()).isEqualTo(cast.meeting());
        assertThat(requested.version()).isEqualTo(6);
        assertThat(requested.header("ETag")).isEqualTo("\"6\"");
        assertThat(requested.body().path("outcomes").get(0).toString())
                .isEqualTo("{\"userId\":\"viewer\",\"from\":\"OFF_STAGE\",\"to\":\"REQUESTED_TO_JOIN_STAGE\",\"changed\":true}");

        Api.Answer granted = cast.host().post(cast.path("/stage/grant"), "{\"userIds\": [\"viewer\"]}");
        assertThat(granted.body().path("outcomes").get(0).path("to").asText()).isEqualTo("ACCEPTED_TO_JOIN_STAGE");

        Api.Answer joined = cast.viewer().post(cast.path("/participants/viewer/stage/join"), null);
        assertThat(joined.body().path("outcomes").get(0).path("to").asText()).isEqualTo("ON_STAGE");

        Api.Answer left = cast.viewer().post(cast.path("/participants/viewer/stage/leave"), null);
        assertThat(left.body().path("outcomes").get(0).path("to").asText()).isEqualTo("OFF_STAGE");
        assertThat(left.version()).isEqualTo(9);
        assertThat(storedEvents(cast.meeting())).isEqualTo(10);
    }

    @Test
    void unchangedOutcomesAppendNothingAndSayWhy() {
        Cast cast = newCast();
        Api.Answer again = cast.host().post(cast.path("/participants/host/stage/request"), null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("outcomes").get(0).toString()).isEqualTo(
                "{\"userId\":\"host\",\"from\":\"ACCEPTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":false,\"reason\":\"already accepted\"}");
        assertThat(storedEvents(cast.meeting())).isEqualTo(6);
    }

    @Test
    void aCancelledRequestLeavesTheQueue() {
        Cast cast = newCast();
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer cancelled = cast.viewer().post(cast.path("/participants/viewer/stage/cancel-request"), null);
        assertThat(cancelled.body().path("outcomes").get(0).path("to").asText()).isEqualTo("OFF_STAGE");
        Api.Answer grantAll = cast.host().post(cast.path("/stage/grant"), "{\"all\": true}");
        assertThat(grantAll.body().path("outcomes")).isEmpty();
    }

    @Test
    void denyAllLowersEveryHandAndKickTakesPeopleOffStage() {
        Cast cast = newCast();
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        cast.viewer2().post(cast.path("/participants/viewer-2/stage/request"), null);
        Api.Answer denied = cast.host().post(cast.path("/stage/deny"), "{\"all\": true}");
        assertThat(Api.strings(denied.body().path("outcomes"), "userId")).containsExactly("viewer", "viewer-2");

        cast.host().post(cast.path("/participants/host/stage/join"), null);
        Api.Answer kicked = service.post(cast.path("/stage/kick"), "{\"userIds\": [\"host\", \"viewer\"]}");
        assertThat(Api.strings(kicked.body().path("outcomes"), "to")).containsExactly("ACCEPTED_TO_JOIN_STAGE", "OFF_STAGE");
        assertThat(Api.strings(kicked.body().path("outcomes"), "reason")).containsExactly(null, "not on stage");
    }

    @Test
    void selfCommandsAnswerTheirCodes() {
        Cast cast = newCast("{\"maxOnStage\": 1}");
        String group = add(cast.meeting(), "group", "group_call_participant");
        assertProblem(service.as(group).post(cast.path("/participants/group/stage/request"), null), 2001, 403);
        assertProblem(service.as(group).post(cast.path("/participants/group/stage/join"), null), 2001, 403);
        service.put("/v1/presets/barred", "{\"stageEnabled\": true, \"stageAccess\": \"NOT_ALLOWED\", "
                + "\"acceptStageRequests\": false, \"canChangeParticipantPermissions\": false}");
        String barred = add(cast.meeting(), "barred", "barred");
        assertProblem(service.as(barred).post(cast.path("/participants/barred/stage/request"), null), 2002, 403);
        assertProblem(service.as(barred).post(cast.path("/participants/barred/stage/join"), null), 2002, 403);
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/join"), null), 2004, 409);
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/leave"), null), 2004, 409);
        assertProblem(service.post(cast.path("/participants/nobody/stage/request"), null), 2005, 404);
        cast.host().post(cast.path("/participants/host/stage/join"), null);
        assertProblem(service.as(cast.presenterToken()).post(cast.path("/participants/presenter/stage/join"), null), 2006, 409);
        assertProblem(service.post("/v1/meetings/no-such-meeting/participants/host/stage/join", null), 2007, 404);
    }

    @Test
    void hostCommandsAnswerTheirCodes() {
        Cast cast = newCast();
        assertProblem(cast.viewer().post(cast.path("/stage/grant"), "{\"userIds\": [\"viewer-2\"]}"), 2003, 403);
        long before = storedEvents(cast.meeting());
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"userIds\": [\"viewer\", \"ghost\"]}"), 2005, 404);
        assertThat(storedEvents(cast.meeting())).as("nothing applied").isEqualTo(before + 1);
        assertProblem(cast.host().post(cast.path("/stage/deny"), "{\"userIds\": [\"ghost\"]}"), 2005, 404);
        assertProblem(cast.host().post(cast.path("/stage/kick"), "{\"userIds\": [\"ghost\"]}"), 2005, 404);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"userIds\": []}"), 2011, 400);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"userIds\": [\"viewer\"], \"all\": true}"), 2011, 400);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{}"), 2011, 400);
        assertProblem(cast.host().post(cast.path("/stage/kick"), "{\"all\": true}"), 2011, 400);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"userIds\": [\"bad id\"]}"), 2011, 400);
        String tooMany = "{\"userIds\": [" + "\"u\",".repeat(1000) + "\"u\"]}";
        assertProblem(cast.host().post(cast.path("/stage/grant"), tooMany), 2011, 400);

        service.post(cast.path("/end"), null);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"all\": true}"), 2008, 409);
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/request"), null), 2008, 409);
    }

    @Test
    void ifMatchAppliesOnlyAtTheExpectedVersion() {
        Cast cast = newCast();
        Api.Answer matching = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null, "If-Match", "\"5\"");
        assertThat(matching.status()).isEqualTo(200);
        assertThat(matching.header("ETag")).isEqualTo("\"6\"");

        Api.Answer stale = cast.host().post(cast.path("/stage/grant"), "{\"all\": true}", "If-Match", "\"5\"");
        assertProblem(stale, 2009, 412);
        Api.Answer ahead = cast.host().post(cast.path("/stage/grant"), "{\"all\": true}", "If-Match", "\"60\"");
        assertProblem(ahead, 2009, 412);
        assertThat(storedEvents(cast.meeting())).as("a mismatch appends nothing").isEqualTo(7);
        assertProblem(cast.host().post(cast.path("/stage/grant"), "{\"all\": true}", "If-Match", "6"), 2011, 400);

        assertThat(cast.host().post(cast.path("/stage/grant"), "{\"all\": true}", "If-Match", "\"6\"").status()).isEqualTo(200);
        assertThat(cast.host().post(cast.path("/stage/grant"), "{\"all\": true}", "If-Match", "*").status()).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherRequest() {
        Cast cast = newCast();
        Api.Answer first = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null, "Idempotency-Key", "req-1");
        cast.host().post(cast.path("/stage/grant"), "{\"all\": true}");
        Api.Answer replayed = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null, "Idempotency-Key", "req-1");
        assertThat(replayed.status()).isEqualTo(first.status());
        assertThat(replayed.body()).isEqualTo(first.body());
        assertThat(replayed.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(storedEvents(cast.meeting())).as("the replay appended nothing").isEqualTo(8);

        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/join"), null, "Idempotency-Key", "req-1"), 2010, 422);
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/request"), null, "Idempotency-Key", "req-1",
                "If-Match", "\"5\""), 2010, 422);

        Api.Answer otherCaller = cast.viewer2().post(cast.path("/participants/viewer-2/stage/request"), null, "Idempotency-Key", "req-1");
        assertThat(otherCaller.status()).as("keys belong to their caller").isEqualTo(200);
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/leave"), null, "Idempotency-Key", "bad key"), 2011, 400);
    }

    @Test
    void aRefusedCommandIsNotRememberedUnderItsKey() {
        Cast cast = newCast();
        assertProblem(cast.viewer().post(cast.path("/participants/viewer/stage/join"), null, "Idempotency-Key", "j-1"), 2004, 409);
        cast.host().post(cast.path("/stage/grant"), "{\"userIds\": [\"viewer\"]}");
        Api.Answer retried = cast.viewer().post(cast.path("/participants/viewer/stage/join"), null, "Idempotency-Key", "j-1");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body().path("outcomes").get(0).path("to").asText()).isEqualTo("ON_STAGE");
    }
}
