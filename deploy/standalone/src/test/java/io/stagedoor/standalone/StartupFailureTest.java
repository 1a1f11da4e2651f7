package io.stagedoor.standalone;

import io.stagedoor.testsupport.TestApplication;
import io.stagedoor.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A misconfigured start prints one short report, what is wrong and what to do (Spring Boot's failure analysis), no
 * stack trace, and no secret. A data directory in use by a live Stagedoor: {@code EmbeddedDatabaseCrashIT} in
 * deploy/cluster-test, with two processes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @TempDir
    Path home;

    @Test
    void anApiKeyTooShortIsExplainedWithoutPrintingIt(CapturedOutput output) {
        assertThatThrownBy(() -> start(TestDatabase.fresh(), "stagedoor.api-keys=backend:Sh0rt-s3cret"));
        assertOneReport(output, "STAGEDOOR_API_KEYS (stagedoor.api-keys) is not valid: the secret of API key 'backend' "
                + "is shorter than 16 characters.", "each secret at least 16 characters long");
        assertThat(output.getAll()).doesNotContain("Sh0rt-s3cret");
    }

    @Test
    void anUnreachableDatabaseIsExplainedWithoutItsCredentials(CapturedOutput output) throws IOException {
        int closed = freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/stagedoor";
        assertThatThrownBy(() -> start(new TestDatabase.Credentials(url + "?password=url-secret-0123456789",
                "stagedoor", "password-secret-0123456789")));
        assertOneReport(output, "Stagedoor could not connect to its database at " + url + ": Connection to 127.0.0.1:"
                + closed + " refused.", "Check that PostgreSQL is running and reachable from here, and the settings "
                + "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD.");
        assertThat(output.getAll()).doesNotContain("url-secret").doesNotContain("password-secret");
    }

    @Test
    void aPortInUseIsExplained(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(TestDatabase.fresh(), "server.port=" + port));
            assertOneReport(output, "Web server failed to start. Port " + port + " was already in use.",
                    "Identify and stop the process that's listening on port " + port);
        }
    }

    private void start(TestDatabase.Credentials database, String... properties) {
        List<String> all = new ArrayList<>(List.of("stagedoor.home=" + home));
        if (List.of(properties).stream().noneMatch(property -> property.startsWith("server.port="))) {
            all.add("server.port=0");
        }
        all.addAll(List.of(properties));
        TestApplication.start(StagedoorStandalone.class, WebApplicationType.SERVLET, database, all.toArray(String[]::new))
                       .close();
    }

    private static void assertOneReport(CapturedOutput output, String description, String action) {
        String printed = output.getAll();
        assertThat(printed).contains("APPLICATION FAILED TO START", "Description:", description, "Action:", action);
        assertThat(printed.split("APPLICATION FAILED TO START", -1)).as("one report").hasSize(2);
        assertThat(printed).as("no stack trace, no summary of the exception chain")
                           .doesNotContainPattern("\\n\\s+at [\\w$.]+\\(")
                           .doesNotContain("Caused by:")
                           .doesNotContain("Exception encountered during context initialization")
                           .doesNotContain("Error starting Tomcat context");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
