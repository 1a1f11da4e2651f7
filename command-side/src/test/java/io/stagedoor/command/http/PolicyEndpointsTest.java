package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage policies of SPEC §8 over HTTP: the meeting settings on create and PATCH, autoAccept, grant next, the
 * request queue's cap (2016) and adding participants in bulk.
 */
class PolicyEndpointsTest extends ApiTest {

    private static final String ALL_POLICIES = "{\"title\": \"Panel\", \"maxOnStage\": 4, \"requestTimeoutSeconds\": 300, "
            + "\"autoAccept\": true, \"acceptTimeoutSeconds\": 60, \"maxPendingRequests\": 500, \"presenceGraceSeconds\": 30}";

    // ---- meeting settings -------------------------------------------------------------------------------

    @Test
    void createsAMeetingWithItsPoliciesAndAnswersEverySetting() {
        Api.Answer created = service.post("/v1/meetings", ALL_POLICIES.replaceFirst("\\{", "{\"meetingId\": \"policies\", "));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().toString()).isEqualTo("{\"meetingId\":\"policies\",\"version\":0,\"changed\":true,"
                + "\"title\":\"Panel\",\"maxOnStage\":4,\"requestTimeoutSeconds\":300,\"autoAccept\":true,"
                + "\"acceptTimeoutSeconds\":60,\"maxPendingRequests\":500,\"presenceGraceSeconds\":30,\"outcomes\":[]}");

        Api.Answer plain = service.post("/v1/meetings", "{\"meetingId\": \"no-policies\"}");
        assertThat(plain.body().toString()).as("autoAccept is always there")
                .isEqualTo("{\"meetingId\":\"no-policies\",\"version\":0,\"changed\":true,\"autoAccept\":false,\"outcomes\":[]}");
        assertThat(service.post("/v1/meetings", "{\"autoAccept\": null}").body().path("autoAccept").asBoolean()).isFalse();
    }

    @Test
    void refusesPoliciesOutOfRangeNamingTheSetting() {
        List<String[]> refused = List.of(
                new String[]{"{\"acceptTimeoutSeconds\": 9}", "acceptTimeoutSeconds must be between 10 and 86400"},
                new String[]{"{\"acceptTimeoutSeconds\": 86401}", "acceptTimeoutSeconds must be between 10 and 86400"},
                new String[]{"{\"maxPendingRequests\": 0}", "maxPendingRequests must be between 1 and 10000"},
                new String[]{"{\"maxPendingRequests\": 10001}", "maxPendingRequests must be between 1 and 10000"},
                new String[]{"{\"presenceGraceSeconds\": 4}", "presenceGraceSeconds must be between 5 and 3600"},
                new String[]{"{\"presenceGraceSeconds\": 3601}", "presenceGraceSeconds must be between 5 and 3600"});
        Cast cast = newCast();
        long before = storedEvents(cast.meeting());
        for (String[] body : refused) {
            Api.Answer created = service.post("/v1/meetings", body[0]);
            assertProblem(created, 2011, 400);
            assertThat(created.body().path("detail").asText()).isEqualTo(body[1]);
            Api.Answer patched = service.patch(cast.path(""), body[0]);
            assertProblem(patched, 2011, 400);
            assertThat(patched.body().path("detail").asText()).isEqualTo(body[1]);
        }
        assertProblem(service.post("/v1/meetings", "{\"autoAccept\": \"yes\"}"), 2011, 400);
        Api.Answer notBoolean = service.patch(cast.path(""), "{\"autoAccept\": \"yes\"}");
        assertProblem(notBoolean, 2011, 400);
        assertThat(notBoolean.body().path("detail").asText()).isEqualTo("field 'autoAccept' must be true, false or null");
        assertProblem(service.patch(cast.path(""), "{\"autoAccept\": 1}"), 2011, 400);
        assertProblem(service.patch(cast.path(""), "{\"maxPendingRequests\": \"many\"}"), 2011, 400);
        assertThat(storedEvents(cast.meeting())).as("nothing applied").isEqualTo(before);
    }

    @Test
    void patchesEachPolicyAndClearsItWithNull() {
        Cast cast = newCast();
        List<String[]> settings = List.of(new String[]{"autoAccept", "true"}, new String[]{"acceptTimeoutSeconds", "45"},
                new String[]{"maxPendingRequests", "20"}, new String[]{"presenceGraceSeconds", "15"});
        for (String[] setting : settings) {
            Api.Answer set = service.patch(cast.path(""), "{\"" + setting[0] + "\": " + setting[1] + "}");
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.body().path("changed").asBoolean()).isTrue();
            assertThat(set.body().path(setting[0]).toString()).isEqualTo(setting[1]);
            Api.Answer same = cast.host().patch(cast.path(""), "{\"" + setting[0] + "\": " + setting[1] + "}");
            assertThat(same.body().path("changed").asBoolean()).as("%s again", setting[0]).isFalse();
            assertThat(same.version()).isEqualTo(set.version());
        }
        Api.Answer all = service.patch(cast.path(""), "{\"title\": \"Kept\"}");
        assertThat(all.body().toString()).as("the others are kept").contains("\"autoAccept\":true,\"acceptTimeoutSeconds\":45,"
                + "\"maxPendingRequests\":20,\"presenceGraceSeconds\":15");

        for (String[] setting : settings) {
            Api.Answer cleared = service.patch(cast.path(""), "{\"" + setting[0] + "\": null}");
            assertThat(cleared.body().path("changed").asBoolean()).isTrue();
            if (setting[0].equals("autoAccept")) {
                assertThat(cleared.body().path("autoAccept").asBoolean()).as("autoAccept null is false").isFalse();
            } else {
                assertThat(cleared.body().has(setting[0])).as("%s cleared", setting[0]).isFalse();
            }
        }
        assertThat(service.patch(cast.path(""), "{\"autoAccept\": false}").body().path("changed").asBoolean()).isFalse();
        assertProblem(cast.viewer().patch(cast.path(""), "{\"autoAccept\": true}"), 2003, 403);
    }

    // ---- autoAccept -------------------------------------------------------------------------------------

    @Test
    void withAutoAcceptARequestIsAcceptedInItsOwnAnswer() {
        Cast cast = newCast("{\"autoAccept\": true}");
        Api.Answer requested = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        assertThat(requested.status()).isEqualTo(200);
        assertThat(requested.body().path("outcomes").toString())
                .isEqualTo("[{\"userId\":\"viewer\",\"from\":\"OFF_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":true}]");
        assertThat(cast.viewer().post(cast.path("/participants/viewer/stage/join"), null)
                       .body().path("outcomes").get(0).path("to").asText()).isEqualTo("ON_STAGE");
    }

    @Test
    void turningAutoAcceptOnAdmitsTheQueueAsFarAsThereIsRoom() {
        Cast cast = newCast("{\"maxOnStage\": 2}");
        for (String viewer : List.of("viewer", "viewer-2", "viewer-3")) {
            service.post(cast.path("/participants/" + viewer + "/stage/request"), null);
        }
        long before = storedEvents(cast.meeting());
        Api.Answer on = cast.host().patch(cast.path(""), "{\"autoAccept\": true}");
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.body().path("autoAccept").asBoolean()).isTrue();
        assertThat(on.body().path("outcomes").toString()).as("two seats: the two oldest requests").isEqualTo(
                "[{\"userId\":\"viewer\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":true},"
                        + "{\"userId\":\"viewer-2\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":true}]");
        assertThat(on.version()).isEqualTo(before + 2);
        assertThat(storedEvents(cast.meeting())).as("the change and two grants").isEqualTo(before + 3);

        Api.Answer raised = service.patch(cast.path(""), "{\"maxOnStage\": 5}");
        assertThat(Api.strings(raised.body().path("outcomes"), "userId")).as("a raised maxOnStage admits the rest")
                                                                        .containsExactly("viewer-3");
        Api.Answer same = service.patch(cast.path(""), "{\"maxOnStage\": 5}");
        assertThat(same.body().path("outcomes")).isEmpty();
    }

    // ---- grant next -------------------------------------------------------------------------------------

    @Test
    void grantNextGrantsTheOldestRequests() {
        Cast cast = newCast();
        for (String viewer : List.of("viewer-2", "viewer", "viewer-3")) {
            service.post(cast.path("/participants/" + viewer + "/stage/request"), null);
        }
        Api.Answer two = cast.host().post(cast.path("/stage/grant"), "{\"next\": 2}");
        assertThat(two.status()).isEqualTo(200);
        assertThat(two.header("ETag")).isEqualTo("\"" + two.version() + "\"");
        assertThat(Api.strings(two.body().path("outcomes"), "userId")).containsExactly("viewer-2", "viewer");
        assertThat(Api.strings(two.body().path("outcomes"), "to"))
                .containsExactly("ACCEPTED_TO_JOIN_STAGE", "ACCEPTED_TO_JOIN_STAGE");

        Api.Answer more = cast.host().post(cast.path("/stage/grant"), "{\"next\": 5}");
        assertThat(Api.strings(more.body().path("outcomes"), "userId")).as("a queue shorter than next").containsExactly("viewer-3");
        Api.Answer none = cast.host().post(cast.path("/stage/grant"), "{\"next\": 1}");
        assertThat(none.body().path("outcomes")).as("an empty queue").isEmpty();
        assertThat(none.version()).isEqualTo(more.version());
    }

    @Test
    void grantNextStopsAtTheRoomAndSaysStageFull() {
        Cast cast = newCast("{\"maxOnStage\": 1}");
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        cast.viewer2().post(cast.path("/participants/viewer-2/stage/request"), null);
        Api.Answer granted = cast.host().post(cast.path("/stage/grant"), "{\"next\": 2}");
        assertThat(granted.body().path("outcomes").toString()).isEqualTo(
                "[{\"userId\":\"viewer\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":true},"
                        + "{\"userId\":\"viewer-2\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"REQUESTED_TO_JOIN_STAGE\","
                        + "\"changed\":false,\"reason\":\"stage full\"}]");
        Api.Answer full = cast.host().post(cast.path("/stage/grant"), "{\"next\": 1}");
        assertThat(full.body().path("outcomes").get(0).path("reason").asText()).isEqualTo("stage full");
        assertThat(full.version()).as("nothing appended").isEqualTo(granted.version());
    }

    @Test
    void grantTakesExactlyOneForm() {
        Cast cast = newCast();
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        long before = storedEvents(cast.meeting());
        for (String body : List.of("{\"next\": 0}", "{\"next\": 1001}", "{\"next\": -1}", "{\"next\": \"two\"}",
                "{\"next\": null}", "{\"next\": 1, \"userIds\": [\"viewer\"]}", "{\"next\": 1, \"all\": true}",
                "{\"userIds\": [\"viewer\"], \"all\": true}", "{\"all\": false}", "{}")) {
            assertProblem(cast.host().post(cast.path("/stage/grant"), body), 2011, 400);
        }
        Api.Answer outOfRange = cast.host().post(cast.path("/stage/grant"), "{\"next\": 1001}");
        assertThat(outOfRange.body().path("detail").asText()).isEqualTo("next must be between 1 and 1000");
        Api.Answer both = cast.host().post(cast.path("/stage/grant"), "{\"next\": 1, \"userIds\": [\"viewer\"]}");
        assertThat(both.body().path("detail").asText()).contains("exactly one of them");
        Api.Answer denyNext = cast.host().post(cast.path("/stage/deny"), "{\"next\": 1}");
        assertProblem(denyNext, 2011, 400);
        assertThat(denyNext.body().path("detail").asText()).as("next is for grant only").isEqualTo("unknown field 'next'");
        assertProblem(cast.viewer().post(cast.path("/stage/grant"), "{\"next\": 1}"), 2003, 403);
        assertThat(storedEvents(cast.meeting())).as("nothing applied").isEqualTo(before);
    }

    // ---- the request queue's cap ------------------------------------------------------------------------

    @Test
    void aRequestBeyondTheQueueCapIsRefusedWith2016() {
        Cast cast = newCast("{\"maxPendingRequests\": 1}");
        assertThat(cast.viewer().post(cast.path("/participants/viewer/stage/request"), null).status()).isEqualTo(200);
        long before = storedEvents(cast.meeting());
        Api.Answer refused = cast.viewer2().post(cast.path("/participants/viewer-2/stage/request"), null);
        assertProblem(refused, 2016, 409);
        assertThat(refused.body().path("type").asText()).isEqualTo("urn:stagedoor:problem:request-queue-full");
        assertThat(refused.body().path("title").asText()).isEqualTo("Request queue full");
        assertThat(refused.body().path("detail").asText()).isEqualTo("the request queue is full (maxPendingRequests 1)");
        assertThat(storedEvents(cast.meeting())).isEqualTo(before);

        cast.viewer().post(cast.path("/participants/viewer/stage/cancel-request"), null);
        assertThat(cast.viewer2().post(cast.path("/participants/viewer-2/stage/request"), null).status())
                .as("room again in the queue").isEqualTo(200);
    }

    // ---- bulk add ---------------------------------------------------------------------------------------

    @Test
    void addsABatchWithAnOutcomePerParticipantInOrder() {
        Cast cast = newCast();
        long before = cast.viewer().post(cast.path("/participants/viewer/stage/request"), null).version();
        Api.Answer added = service.post(cast.path("/participants/batch"), "{\"participants\": ["
                + "{\"userId\": \"ada\", \"name\": \"Ada\", \"preset\": \"webinar_viewer\"}, "
                + "{\"userId\": \"viewer-2\", \"preset\": \"webinar_viewer\"}, "
                + "{\"userId\": \"viewer\", \"preset\": \"webinar_host\"}]}");
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body().has("tokens")).as("no tokens unless asked").isFalse();
        assertThat(added.body().path("meetingId").asText()).isEqualTo(cast.meeting());
        assertThat(added.header("ETag")).isEqualTo("\"" + added.version() + "\"");
        assertThat(added.body().path("outcomes").toString()).isEqualTo("["
                + "{\"userId\":\"ada\",\"to\":\"OFF_STAGE\",\"changed\":true},"
                + "{\"userId\":\"viewer-2\",\"from\":\"OFF_STAGE\",\"to\":\"OFF_STAGE\",\"changed\":false,"
                + "\"reason\":\"already a participant with this preset\"},"
                + "{\"userId\":\"viewer\",\"from\":\"REQUESTED_TO_JOIN_STAGE\",\"to\":\"ACCEPTED_TO_JOIN_STAGE\",\"changed\":true}]");
        assertThat(added.version()).as("one event per changed participant").isEqualTo(before + 2);

        Api.Answer withoutTokens = service.post(cast.path("/participants/batch"),
                "{\"participants\": [{\"userId\": \"bob\", \"preset\": \"webinar_viewer\"}], \"tokens\": false}");
        assertThat(withoutTokens.body().has("tokens")).isFalse();
        assertThat(cast.host().post(cast.path("/participants/batch"),
                "{\"participants\": [{\"userId\": \"cy\", \"preset\": \"webinar_viewer\"}]}").status())
                .as("a host may add, as for one participant").isEqualTo(200);
    }

    @Test
    void issuesATokenForEveryParticipantOfTheBatchWhenAsked() {
        Cast cast = newCast();
        Api.Answer added = service.post(cast.path("/participants/batch"), "{\"participants\": ["
                + "{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}, {\"userId\": \"viewer\", \"preset\": \"webinar_viewer\"}],"
                + " \"tokens\": true}");
        assertThat(added.status()).isEqualTo(200);
        JsonNode tokens = added.body().path("tokens");
        assertThat(Api.strings(tokens, "userId")).as("unchanged ones too, in order").containsExactly("ada", "viewer");
        for (JsonNode token : tokens) {
            JsonNode claims = claims(token.path("token").asText());
            assertThat(claims.path("sub").asText()).isEqualTo(token.path("userId").asText());
            assertThat(claims.path("meeting").asText()).isEqualTo(cast.meeting());
            assertThat(claims.path("version").asLong()).as("the version that added the batch").isEqualTo(added.version());
            assertThat(claims.path("exp").asLong()).isEqualTo(java.time.Instant.parse(token.path("expiresAt").asText())
                                                                                .getEpochSecond());
        }
        Api.Answer requested = service.as(tokens.get(0).path("token").asText())
                                      .post(cast.path("/participants/ada/stage/request"), null);
        assertThat(requested.status()).as("ada's token works at once").isEqualTo(200);
        assertProblem(service.as(tokens.get(0).path("token").asText())
                             .post(cast.path("/participants/viewer/stage/request"), null), 2013, 403);
    }

    /** Decisions #53: a participant that adds people gets tokens only for those it added, never for someone already in. */
    @Test
    void aHostThatAddsPeopleGetsTokensOnlyForThoseItAdded() {
        Cast cast = newCast();
        Api.Answer readded = cast.host().post(cast.path("/participants"), "{\"userId\": \"viewer\", \"preset\": \"webinar_viewer\"}");
        assertThat(readded.status()).isEqualTo(200);
        assertThat(readded.body().has("token")).as("no token of a participant already in: %s", readded.body()).isFalse();
        Api.Answer added = cast.host().post(cast.path("/participants"), "{\"userId\": \"newcomer\", \"preset\": \"webinar_viewer\"}");
        assertThat(added.body().path("token").asText()).isNotEmpty();
        Api.Answer batch = cast.host().post(cast.path("/participants/batch"), "{\"tokens\": true, \"participants\": ["
                + "{\"userId\": \"viewer-2\", \"preset\": \"webinar_viewer\"}, {\"userId\": \"presenter\", \"preset\": \"webinar_viewer\"}, "
                + "{\"userId\": \"late\", \"preset\": \"webinar_viewer\"}]}");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(Api.strings(batch.body().path("tokens"), "userId")).containsExactly("late");
        Api.Answer byService = service.post(cast.path("/participants"), "{\"userId\": \"viewer\", \"preset\": \"webinar_viewer\"}");
        assertThat(byService.body().path("token").asText()).as("a service gets any participant's token").isNotEmpty();
    }

    /** Decisions #64: a heartbeat is the participant's own (or a service's for it) and records when it was seen. */
    @Test
    void aHeartbeatRecordsThatTheParticipantIsPresentAndOnlyItsOwn() {
        Cast cast = newCast();
        long before = storedEvents(cast.meeting());
        assertThat(cast.viewer().post(cast.path("/participants/viewer/presence"), null).status()).isEqualTo(204);
        assertThat(service.post(cast.path("/participants/viewer-2/presence"), null).status()).as("a service, for it")
                                                                                        .isEqualTo(204);
        assertThat(lastSeen(cast.meeting())).containsExactlyInAnyOrder("viewer", "viewer-2");
        assertProblem(cast.viewer().post(cast.path("/participants/viewer-2/presence"), null), 2013, 403);
        assertProblem(service.post(cast.path("/participants/nobody/presence"), null), 2005, 404);
        assertProblem(service.post("/v1/meetings/no-such-meeting/participants/viewer/presence", null), 2007, 404);
        assertThat(storedEvents(cast.meeting())).as("a heartbeat is not an event").isEqualTo(before);
        assertThat(lastSeen(cast.meeting())).containsExactlyInAnyOrder("viewer", "viewer-2");
    }

    /** Decisions #29: a value of the wrong type is refused, never converted. */
    @Test
    void refusesValuesOfTheWrongTypeInsteadOfConvertingThem() {
        Cast cast = newCast();
        long before = storedEvents(cast.meeting());
        for (String body : List.of("{\"autoAccept\": \"true\"}", "{\"autoAccept\": 1}", "{\"maxOnStage\": \"3\"}",
                "{\"maxOnStage\": 3.5}", "{\"presenceGraceSeconds\": \"30\"}")) {
            assertProblem(service.post("/v1/meetings", body.replaceFirst("\\{", "{\"meetingId\": \"typed\", ")), 2011, 400);
        }
        assertProblem(service.post(cast.path("/stage/grant"), "{\"next\": 1.5}"), 2011, 400);
        assertProblem(service.post(cast.path("/stage/grant"), "{\"next\": \"2\"}"), 2011, 400);
        assertProblem(service.post(cast.path("/participants/batch"),
                "{\"tokens\": 1, \"participants\": [{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}]}"), 2011, 400);
        assertThat(storedEvents(cast.meeting())).as("nothing applied").isEqualTo(before);
        assertThat(service.get("/v1/meetings/typed").status()).as("no meeting created").isNotEqualTo(200);
    }

    @Test
    void refusesABadBatchWholeAndAppliesNothing() {
        Cast cast = newCast();
        long before = storedEvents(cast.meeting());
        String tooMany = IntStream.rangeClosed(0, 1000).mapToObj(i -> "{\"userId\": \"u" + i + "\", \"preset\": \"webinar_viewer\"}")
                                  .collect(Collectors.joining(",", "{\"participants\": [", "]}"));
        List<String[]> refused = List.of(
                new String[]{tooMany, "participants may name at most 1000"},
                new String[]{batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}",
                        "{\"userId\": \"ada\", \"preset\": \"webinar_host\"}"), "participants names 'ada' twice"},
                new String[]{batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}",
                        "{\"userId\": \"bob\", \"preset\": \"no_such_preset\"}"),
                        "participants[1] ('bob'): unknown preset 'no_such_preset'"},
                new String[]{batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}", "{\"userId\": \"bob\"}"),
                        "participants[1] needs a userId and a preset"},
                new String[]{batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}", "null"),
                        "participants[1] needs a userId and a preset"},
                new String[]{batch("{\"userId\": \"bad id\", \"preset\": \"webinar_viewer\"}"),
                        "participants[0]: userId must be 1-128 characters of [A-Za-z0-9._:@-]"},
                new String[]{batch("{\"userId\": \"ada\", \"name\": \"" + "n".repeat(201) + "\", \"preset\": \"webinar_viewer\"}"),
                        "participants[0] ('ada'): name of 'ada' is longer than 200 characters"},
                new String[]{"{\"participants\": []}", "participants must name at least one participant"},
                new String[]{"{}", "participants must name at least one participant"});
        for (String[] body : refused) {
            Api.Answer answer = service.post(cast.path("/participants/batch"), body[0]);
            assertProblem(answer, 2011, 400);
            assertThat(answer.body().path("detail").asText()).isEqualTo(body[1]);
        }
        for (String body : List.of(batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\", \"role\": \"x\"}"),
                "{\"participants\": [], \"extra\": 1}", "{\"participants\": {}}", "{\"tokens\": \"yes\", \"participants\": [{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}]}",
                "[]")) {
            assertProblem(service.post(cast.path("/participants/batch"), body), 2011, 400);
        }
        assertThat(storedEvents(cast.meeting())).as("nothing applied").isEqualTo(before);
        assertThat(service.post(cast.path("/participants"), "{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}")
                          .body().path("outcomes").get(0).path("changed").asBoolean()).as("ada was not added").isTrue();
    }

    @Test
    void aParticipantWithoutThePermissionCannotAddABatch() {
        Cast cast = newCast();
        long before = storedEvents(cast.meeting());
        Api.Answer refused = cast.viewer().post(cast.path("/participants/batch"),
                batch("{\"userId\": \"eve\", \"preset\": \"webinar_host\"}"));
        assertProblem(refused, 2003, 403);
        assertProblem(service.post("/v1/meetings/nowhere/participants/batch",
                batch("{\"userId\": \"eve\", \"preset\": \"webinar_viewer\"}")), 2007, 404);
        assertThat(storedEvents(cast.meeting())).isEqualTo(before);
        service.post(cast.path("/end"), null);
        assertProblem(service.post(cast.path("/participants/batch"), batch("{\"userId\": \"late\", \"preset\": \"webinar_viewer\"}")),
                2008, 409);
    }

    @Test
    void aThousandParticipantsWithNamesFitInOneRequest() {
        Cast cast = newCast();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            entries.add("{\"userId\": \"" + String.format("attendee-%08d-0000-0000-0000-000000000000", i) + "\", \"name\": \""
                    + "Attendee number " + i + " of the town hall meeting" + "\", \"preset\": \"webinar_viewer\"}");
        }
        String body = "{\"participants\": [" + String.join(", ", entries) + "], \"tokens\": true}";
        assertThat(body.length()).as("more than the default limit of 64 KiB").isGreaterThan(64 * 1024);
        long before = storedEvents(cast.meeting());
        Api.Answer added = service.post(cast.path("/participants/batch"), body);
        assertThat(added.status()).as(added.body().path("detail").asText()).isEqualTo(200);
        assertThat(added.body().path("outcomes").size()).isEqualTo(1000);
        assertThat(added.body().path("tokens").size()).isEqualTo(1000);
        assertThat(storedEvents(cast.meeting())).isEqualTo(before + 1000);

        String huge = "{\"participants\": [{\"userId\": \"x\", \"name\": \"" + "n".repeat(1024 * 1024) + "\", \"preset\": \"webinar_viewer\"}]}";
        Api.Answer tooLarge = service.post(cast.path("/participants/batch"), huge);
        assertProblem(tooLarge, 2011, 400);
        assertThat(tooLarge.body().path("detail").asText()).isEqualTo("the request body is larger than 1048576 bytes");
        assertProblem(service.post(cast.path("/participants"), "{\"userId\": \"x\", \"name\": \"" + "n".repeat(70_000)
                + "\", \"preset\": \"webinar_viewer\"}"), 2011, 400);
    }

    @Test
    void aReplayedBatchAnswersAsFirstWithFreshTokensAtTheRememberedVersion() {
        Cast cast = newCast();
        String body = batch("{\"userId\": \"ada\", \"preset\": \"webinar_viewer\"}").replace("]}", "], \"tokens\": true}");
        Api.Answer first = service.post(cast.path("/participants/batch"), body, "Idempotency-Key", "batch-1");
        cast.viewer().post(cast.path("/participants/viewer/stage/request"), null);
        Api.Answer replayed = service.post(cast.path("/participants/batch"), body, "Idempotency-Key", "batch-1");
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body().path("outcomes")).isEqualTo(first.body().path("outcomes"));
        assertThat(replayed.header("ETag")).isEqualTo(first.header("ETag"));
        String token = replayed.body().path("tokens").get(0).path("token").asText();
        assertThat(token).isNotEqualTo(first.body().path("tokens").get(0).path("token").asText());
        assertThat(claims(token).path("version").asLong()).isEqualTo(first.version());

        assertProblem(service.post(cast.path("/participants/batch"), body.replace("true", "false"), "Idempotency-Key", "batch-1"),
                2010, 422);
        assertProblem(service.post(cast.path("/participants/batch"), batch("{\"userId\": \"bob\", \"preset\": \"webinar_viewer\"}"),
                "If-Match", "\"" + first.version() + "\""), 2009, 412);
    }

    private static String batch(String... entries) {
        return "{\"participants\": [" + String.join(", ", entries) + "]}";
    }

    private static JsonNode claims(String token) {
        return Api.parse(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])));
    }
}
