package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;
import io.stagedoor.testsupport.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * One Stagedoor process (command side or query side) started from its executable jar, on loopback. Command nodes share
 * the token signing key; query nodes get a command node's JWKS address, never the key.
 */
final class Node implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;

    private Node(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** A command node: holds the signing key (a file shared by every command node), issues tokens, publishes the JWKS. */
    static Node command(String name, TestDatabase.Credentials database, String apiKeys, Path keyFile,
                        String... properties) throws IOException {
        return command(name, freePort(), database, apiKeys, keyFile, properties);
    }

    /** The same on a given port, as a restarted node comes back where its clients expect it. */
    static Node command(String name, int port, TestDatabase.Credentials database, String apiKeys, Path keyFile,
                        String... properties) throws IOException {
        return start(name, port, "stagedoor.commandJar", database, apiKeys, "stagedoor.tokens.key-file=" + keyFile,
                properties);
    }

    /** A query node: verifies participant tokens with a command node's JWKS; it never holds the signing key. */
    static Node query(String name, TestDatabase.Credentials database, String apiKeys, URI jwks, String... properties)
            throws IOException {
        return query(name, freePort(), database, apiKeys, jwks, properties);
    }

    static Node query(String name, int port, TestDatabase.Credentials database, String apiKeys, URI jwks,
                      String... properties) throws IOException {
        return start(name, port, "stagedoor.queryJar", database, apiKeys, "stagedoor.tokens.jwks-uri=" + jwks,
                withWebhookKey(database, properties));
    }

    /** The key query nodes encrypt webhook secrets with: one per database, so every query node on it shares it. */
    private static String[] withWebhookKey(TestDatabase.Credentials database, String... properties) {
        String databaseName = database.url().replaceAll("[?].*$", "").replaceAll("^.*/", "");
        Path key = Path.of(System.getProperty("stagedoor.logs", "target/cluster-logs")).resolve("webhook-key-" + databaseName);
        String[] all = Arrays.copyOf(properties, properties.length + 1);
        all[properties.length] = "stagedoor.webhooks.secret-key-file=" + key.toAbsolutePath();
        return all;
    }

    /** Where a command node on this port publishes the public half of the signing key. */
    static URI jwksAt(int port) {
        return URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json");
    }

    URI jwks() {
        return jwksAt(port);
    }

    private static Node start(String name, int port, String jarProperty, TestDatabase.Credentials database,
                              String apiKeys, String tokens, String... properties) throws IOException {
        Path logs = Path.of(System.getProperty("stagedoor.logs", "target/cluster-logs"));
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-jar", System.getProperty(jarProperty),
                "--server.port=" + port,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--stagedoor.api-keys=" + apiKeys,
                "--" + tokens,
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

    /** Waits until the node answers ready; a node that does not is stopped, so no process outlives the test. */
    Node awaitReady() {
        Api anonymous = new Api(port, null);
        try {
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
        } catch (RuntimeException notReady) {
            process.destroyForcibly();
            throw notReady;
        }
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
