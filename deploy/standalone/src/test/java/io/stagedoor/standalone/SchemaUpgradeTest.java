package io.stagedoor.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.command.engine.IdempotencyStore;
import io.stagedoor.kernel.command.MeetingOutcome;
import io.stagedoor.kernel.event.MeetingCreated;
import io.stagedoor.kernel.event.ParticipantAdded;
import io.stagedoor.kernel.event.StageAccessGranted;
import io.stagedoor.kernel.event.StageAccessRequested;
import io.stagedoor.kernel.id.Actor;
import io.stagedoor.kernel.id.MeetingId;
import io.stagedoor.kernel.id.UserId;
import io.stagedoor.kernel.stage.BuiltInPresets;
import io.stagedoor.kernel.stage.MeetingSettings;
import io.stagedoor.kernel.stage.StageStatus;
import io.stagedoor.platform.AxonJdbcAutoConfiguration;
import io.stagedoor.platform.schema.SchemaMigrator;
import io.stagedoor.query.QuerySideApplication;
import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database created by release 0.1 — every table from one migration history, {@code flyway_schema_history}, run from
 * {@code db/release-0.1}, copies of that release's migrations — is upgraded in place by this build: no manual step,
 * its data is used, the old history is left for that release's nodes, and the schema ends up exactly as a fresh
 * database gets it.
 */
class SchemaUpgradeTest {

    private static final ObjectMapper EVENTS = AxonJdbcAutoConfiguration.eventObjectMapper();
    private static final Instant BEFORE = Instant.parse("2026-11-01T10:00:00Z");
    private static final MeetingSettings SETTINGS = new MeetingSettings("Before the upgrade", null, 60);

    @Test
    void theStandaloneUpgradesARelease01DatabaseInPlaceAndUsesItsData() throws Exception {
        TestDatabase.Credentials database = TestDatabase.fresh();
        release01(database).migrate();
        try (Connection connection = database.connect()) {
            storeMeetingWithHostAndAPendingRequest(connection);
            // release 0.1 kept the request's expiry as an Axon deadline: an opaque row of db-scheduler's
            connection.createStatement().execute("INSERT INTO scheduled_tasks (task_name, task_instance, task_data, "
                    + "execution_time, picked, version) VALUES ('AxonDeadline', 'expiry-of-wes', '\\x00', '"
                    + BEFORE.plusSeconds(60) + "', false, 1)");
            connection.createStatement().execute("INSERT INTO preset (name, stage_enabled, stage_access, "
                    + "accept_stage_requests, can_change_participant_permissions, defined_at) "
                    + "VALUES ('panelist', true, 'ALLOWED', false, false, now())");
            try (PreparedStatement remembered = connection.prepareStatement("INSERT INTO idempotency_key "
                    + "(scope, key, fingerprint, outcome_type, outcome) VALUES ('service:backend', 'create-before', ?, ?, ?)")) {
                remembered.setString(1, "f".repeat(64));
                remembered.setString(2, MeetingOutcome.class.getName());
                remembered.setBytes(3, serialized(createdOutcome()));
                remembered.executeUpdate();
            }
        }

        try (StandaloneServer server = new StandaloneServer(database)) {
            Api api = server.service;
            // the meeting stored before the upgrade: projected into the read models, loaded by the command side
            JsonNode before = api.get("/v1/meetings/before/stage?minVersion=5").body();
            assertThat(before.path("title").asText()).isEqualTo("Before the upgrade");
            assertThat(Api.strings(before.path("accepted"), "userId")).containsExactlyInAnyOrder("host", "pia");
            // the acceptance pia holds is watched by presence, from the upgrade on; the host, resting, is not
            assertThat(count(database, "presence_watch WHERE meeting_id = 'before' AND user_id = 'pia' "
                    + "AND holding_since_version = 5")).isOne();
            assertThat(count(database, "presence_watch WHERE user_id = 'host'")).isZero();

            // the preset defined before the upgrade
            String panelist = server.add("before", "ada", "panelist");
            long joined = api.as(panelist).post("/v1/meetings/before/participants/ada/stage/join", null).version();
            JsonNode after = api.get("/v1/meetings/before/stage?minVersion=" + joined).body();
            assertThat(Api.strings(after.path("onStage"), "userId")).containsExactly("ada");

            // the request pending before the upgrade expires at its due time: its deadline was carried over from the
            // events, the release's Axon deadline row dropped
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Api.strings(
                    api.get("/v1/meetings/before/stage/history").body().path("entries"), "type"))
                    .contains("StageAccessRequestExpired"));
            JsonNode expired = api.get("/v1/meetings/before/participants/wes").body();
            assertThat(expired.path("status").asText()).isEqualTo("OFF_STAGE");
            assertThat(count(database, "scheduled_tasks WHERE task_name = 'AxonDeadline'")).isZero();

            // a request under the meeting's timeout stores its expiry in the deadline table, in the same transaction
            String viewer = server.add("before", "vic", "webinar_viewer");
            assertThat(api.as(viewer).post("/v1/meetings/before/participants/vic/stage/request", null).status())
                    .isEqualTo(200);
            assertThat(count(database, "stage_deadline WHERE user_id = 'vic'")).isOne();

            // the answer remembered before the upgrade
            assertThat(server.context.getBean(IdempotencyStore.class).find("service:backend", "create-before"))
                    .hasValue(new IdempotencyStore.Remembered("f".repeat(64), createdOutcome()));
        }

        assertThat(release01(database).migrate().migrationsExecuted)
                .as("a node of release 0.1 restarting finds its own history complete").isZero();
        TestDatabase.Credentials fresh = TestDatabase.fresh();
        new SchemaMigrator(SchemaCatalog.dataSource(fresh),
                List.of(CommandSideApplication.SCHEMA, QuerySideApplication.SCHEMA)).migrate();
        assertThat(SchemaCatalog.describe(database)).isEqualTo(SchemaCatalog.describe(fresh));
    }

    /** @param rows a table, optionally with a WHERE clause */
    private static long count(TestDatabase.Credentials database, String rows) throws SQLException {
        try (Connection connection = database.connect();
             ResultSet counted = connection.createStatement().executeQuery("SELECT count(*) FROM " + rows)) {
            counted.next();
            return counted.getLong(1);
        }
    }

    /** Release 0.1's migrations, run as that release ran them: Flyway's default history table. */
    private static Flyway release01(TestDatabase.Credentials database) {
        return Flyway.configure().dataSource(database.url(), database.username(), database.password())
                     .locations("classpath:db/release-0.1").load();
    }

    private static void storeMeetingWithHostAndAPendingRequest(Connection connection) throws SQLException {
        MeetingId meeting = MeetingId.of("before");
        Actor backend = Actor.service("backend");
        UserId wes = UserId.of("wes");
        store(connection, 0, new MeetingCreated(meeting, SETTINGS, backend, BEFORE));
        store(connection, 1, new ParticipantAdded(meeting, UserId.of("host"), "Host", BuiltInPresets.WEBINAR_HOST.name(),
                BuiltInPresets.WEBINAR_HOST.permissions(), StageStatus.ACCEPTED_TO_JOIN_STAGE, backend, BEFORE));
        store(connection, 2, new ParticipantAdded(meeting, wes, "Wes", BuiltInPresets.WEBINAR_VIEWER.name(),
                BuiltInPresets.WEBINAR_VIEWER.permissions(), StageStatus.OFF_STAGE, backend, BEFORE));
        store(connection, 3, new StageAccessRequested(meeting, wes, Actor.participant(wes), BEFORE, BEFORE.plusSeconds(60)));
        UserId pia = UserId.of("pia");
        store(connection, 4, new ParticipantAdded(meeting, pia, "Pia", BuiltInPresets.WEBINAR_VIEWER.name(),
                BuiltInPresets.WEBINAR_VIEWER.permissions(), StageStatus.OFF_STAGE, backend, BEFORE));
        store(connection, 5, new StageAccessGranted(meeting, pia, StageStatus.OFF_STAGE, backend, BEFORE));
    }

    private static void store(Connection connection, long version, Object event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (eventIdentifier, "
                + "aggregateIdentifier, sequenceNumber, type, timeStamp, payloadType, payload, metaData) "
                + "VALUES (?, 'before', ?, 'Stage', ?, ?, ?, '{}')")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setLong(2, version);
            insert.setString(3, BEFORE.toString());
            insert.setString(4, event.getClass().getName());
            insert.setBytes(5, serialized(event));
            insert.executeUpdate();
        }
    }

    private static byte[] serialized(Object value) {
        try {
            return EVENTS.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MeetingOutcome createdOutcome() {
        return new MeetingOutcome(MeetingId.of("before"), 0, SETTINGS, true);
    }
}
