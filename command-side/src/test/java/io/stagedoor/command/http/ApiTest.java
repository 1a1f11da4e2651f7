package io.stagedoor.command.http;

import io.stagedoor.testsupport.Api;

import io.stagedoor.command.CommandSideApplication;
import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side as deployed — a real HTTP server on a random port, a real PostgreSQL (a fresh database per test
 * class) — and a cast: the {@code backend} service, a meeting per test with a host and viewers.
 */
abstract class ApiTest {

    static final String BACKEND_KEY = "backend-secret-0123456789";
    static final String BILLING_KEY = "billing-secret-0123456789";

    static ConfigurableApplicationContext context;
    static TestDatabase.Credentials database;
    static Api service;

    private static int meetings;

    @BeforeAll
    static void startServer() {
        database = TestDatabase.fresh();
        context = TestApplication.start(CommandSideApplication.class, WebApplicationType.SERVLET, database,
                "server.port=0", "stagedoor.api-keys=backend:" + BACKEND_KEY + ",billing:" + BILLING_KEY,
                // some tests send bursts from one participant on purpose; RateLimitTest covers the limits
                "stagedoor.rate-limit.participant-per-second=10000", "stagedoor.rate-limit.participant-burst=10000");
        service = new Api(((WebServerApplicationContext) context).getWebServer().getPort(), BACKEND_KEY);
    }

    @AfterAll
    static void stopServer() {
        context.close();
    }

    /** A meeting with a host, a presenter and three viewers; tokens in hand. */
    static Cast newCast() {
        return newCast("{}");
    }

    static Cast newCast(String settingsJson) {
        String meeting = "m-" + (++meetings) + "-" + System.nanoTime();
        String body = settingsJson.equals("{}") ? "{\"meetingId\": \"" + meeting + "\"}"
                : settingsJson.replaceFirst("\\{", "{\"meetingId\": \"" + meeting + "\", ");
        assertThat(service.post("/v1/meetings", body).status()).isEqualTo(201);
        return new Cast(meeting,
                add(meeting, "host", "webinar_host"),
                add(meeting, "presenter", "webinar_presenter"),
                add(meeting, "viewer", "webinar_viewer"),
                add(meeting, "viewer-2", "webinar_viewer"),
                add(meeting, "viewer-3", "livestream_viewer"));
    }

    static String add(String meeting, String userId, String preset) {
        Api.Answer added = service.post("/v1/meetings/" + meeting + "/participants",
                "{\"userId\": \"" + userId + "\", \"name\": \"" + userId + "\", \"preset\": \"" + preset + "\"}");
        assertThat(added.status()).as(added.body().toString()).isEqualTo(200);
        return added.body().path("token").asText();
    }

    record Cast(String meeting, String hostToken, String presenterToken, String viewerToken, String viewer2Token,
                String viewer3Token) {

        String path(String tail) {
            return "/v1/meetings/" + meeting + tail;
        }

        Api host() {
            return service.as(hostToken);
        }

        Api viewer() {
            return service.as(viewerToken);
        }

        Api viewer2() {
            return service.as(viewer2Token);
        }
    }

    /** Events stored for a meeting, counted in PostgreSQL. */
    static long storedEvents(String meeting) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregateIdentifier = '" + meeting + "'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The participants of the meeting recorded as present (participant_presence). */
    static java.util.List<String> lastSeen(String meeting) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT user_id FROM participant_presence WHERE meeting_id = '" + meeting + "'")) {
            java.util.List<String> users = new java.util.ArrayList<>();
            while (rows.next()) {
                users.add(rows.getString(1));
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(Api.Answer answer, int code, int httpStatus) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(httpStatus);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.code()).as("code of %s", answer.body()).isEqualTo(code);
        assertThat(answer.body().path("type").asText()).startsWith("urn:stagedoor:problem:");
        assertThat(answer.body().path("detail").asText()).isNotBlank();
    }
}
