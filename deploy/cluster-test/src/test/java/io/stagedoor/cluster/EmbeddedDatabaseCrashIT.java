package io.stagedoor.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone with its own PostgreSQL, crashed (SIGKILL): its database does not outlive it, a restart right away
 * finds every meeting, also when the database was left running (its watchdog killed too), and a second Stagedoor on
 * the same data directory refuses to start, saying why. Afterwards nothing of any of them runs.
 */
class EmbeddedDatabaseCrashIT {

    private static final String MEETING = "{\"meetingId\": \"kept\", \"title\": \"Kept\"}";

    @TempDir
    Path home;

    @AfterEach
    void nothingIsLeftRunningOnTheHome() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Standalone.runningOn(home)).isEmpty());
    }

    @Test
    void aMeetingCreatedBeforeASigkillIsThereAfterARestartWithinOneSecond() throws Exception {
        Instant killed;
        try (Standalone first = Standalone.start("crash-restart-first", home).awaitReady()) {
            assertThat(first.api().post("/v1/meetings", MEETING).status()).isEqualTo(201);
            first.kill();
            killed = Instant.now();
        }
        try (Standalone second = Standalone.start("crash-restart-second", home)) {
            assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(1));
            second.awaitReady();
            assertThat(second.api().get("/v1/meetings/kept/stage?minVersion=0").body().path("title").asText()).isEqualTo("Kept");
        }
    }

    @Test
    void aDatabaseLeftRunningByAKilledStandaloneIsStoppedByTheNextStart() throws Exception {
        long leftBehind;
        try (Standalone first = Standalone.start("left-behind-first", home).awaitReady()) {
            assertThat(first.api().post("/v1/meetings", MEETING).status()).isEqualTo(201);
            leftBehind = first.postmasterPid();
            ProcessHandle watchdog = first.watchdog();
            watchdog.destroyForcibly();
            watchdog.onExit().join();
            first.kill();
        }
        assertThat(ProcessHandle.of(leftBehind).filter(ProcessHandle::isAlive)).as("left running").isPresent();
        try (Standalone second = Standalone.start("left-behind-second", home).awaitReady()) {
            assertThat(second.api().get("/v1/meetings/kept/stage?minVersion=0").body().path("title").asText()).isEqualTo("Kept");
            assertThat(second.output()).contains("A PostgreSQL (PID " + leftBehind + ") left behind by a Stagedoor that died");
            assertThat(second.postmasterPid()).isNotEqualTo(leftBehind);
        }
    }

    @Test
    void theDatabaseStopsWhenTheStandaloneIsKilled() throws Exception {
        try (Standalone standalone = Standalone.start("killed-alone", home).awaitReady()) {
            assertThat(Standalone.runningOn(home)).as("the standalone, its PostgreSQL and the watchdog").hasSize(3);
            standalone.kill();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Standalone.runningOn(home)).isEmpty());
    }

    @Test
    void aSecondStagedoorOnTheSameDataDirectoryRefusesToStartAndSaysWhy() throws Exception {
        try (Standalone first = Standalone.start("data-directory-first", home).awaitReady()) {
            try (Standalone second = Standalone.start("data-directory-second", home)) {
                assertThat(second.awaitExit()).isEqualTo(1);
                assertThat(second.output())
                        .contains("APPLICATION FAILED TO START", "Description:", "The data directory "
                                + home.toRealPath().resolve("postgres") + " is in use by another Stagedoor (PID "
                                + first.pid() + ").", "Action:", "--stagedoor.home=<directory> --server.port=<port>")
                        .doesNotContainPattern("\\n\\s+at [\\w$.]+\\(")
                        .doesNotContain("Caused by:");
            }
            assertThat(first.api().as(null).get("/actuator/health/readiness").status()).as("the first still serves").isEqualTo(200);
        }
    }
}
