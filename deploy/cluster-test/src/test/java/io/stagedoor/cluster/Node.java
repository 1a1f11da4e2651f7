package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** One Stagedoor process (command side or query side) started from its executable jar, on loopback. */
final class Node implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;

    private Node(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    static Node start(String name, String jarProperty, TestDatabase.Credentials database, String apiKeys, Path keyFile,
                      String... properties) throws IOException {
        return start(name, freePort(), jarProperty, database, apiKeys, keyFile, properties);
    }

    /** The same on a given port, as a restarted node comes back where its clients expect it. */
    static Node start(String name, int port, String jarProperty, TestDatabase.Credentials database, String apiKeys,
                      Path keyFile, String... properties) throws IOException {
        Path logs = Path.of(System.getProperty("stagedoor.logs", "target/cluster-logs"));
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-jar", System.getProperty(jarProperty),
                "--server.port=" + port,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--stagedoor.api-keys=" + apiKeys,
                "--stagedoor.tokens.key-file=" + keyFile,
                "--stagedoor.webhooks.secret-key-file=" + keyFile.resolveSibling("webhook-secret-key"),
                "--spring.main.banner-mode=off"));
        for (String property : properties) {
            command.add("--" + property);
        }
        File log = logs.resolve(name + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                                                     .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        return new Node(name, port, process);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the node answers ready. */
    Node awaitReady() {
        Api anonymous = new Api(port, null);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see its log in target/cluster-logs");
            }
            try {
                return anonymous.get("/actuator/health/readiness").status() == 200;
            } catch (IllegalStateException notYetListening) {
                return false;
            }
        });
        return this;
    }

    /** As a crash would: SIGKILL, no shutdown, claims left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** As a stalled machine or a long GC pause would: SIGSTOP, the process holds its claims but does nothing. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
