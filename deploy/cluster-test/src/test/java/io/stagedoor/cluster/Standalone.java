package io.stagedoor.cluster;

import io.stagedoor.testsupport.Api;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The standalone as its users run it, {@code java -jar stagedoor-standalone.jar}: no database configured, so it runs
 * its own PostgreSQL with data under its home, and a development key there.
 */
final class Standalone implements AutoCloseable {

    private final String name;
    private final Path home;
    private final Path log;
    private final int port;
    private final Process process;

    private Standalone(String name, Path home, Path log, int port, Process process) {
        this.name = name;
        this.home = home;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    static Standalone start(String name, Path home) throws IOException {
        Path logs = Path.of(System.getProperty("stagedoor.logs", "target/cluster-logs"));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx384m", "-jar", System.getProperty("stagedoor.standaloneJar"), "--server.port=" + port,
                "--stagedoor.home=" + home, "--spring.main.banner-mode=off");
        // as on a machine where nothing is configured
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SPRING_") || variable.startsWith("STAGEDOOR_"));
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Standalone(name, home, log, port, process);
    }

    Standalone awaitReady() {
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

    /** With the development key it created in its home. */
    Api api() throws IOException {
        return new Api(port, Files.readString(home.resolve("dev-api-key")).trim());
    }

    long pid() {
        return process.pid();
    }

    /** The PostgreSQL it runs, as named by the data directory's pid file. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    /** The process that stops its PostgreSQL when it dies. */
    ProcessHandle watchdog() {
        return process.children().filter(child -> arguments(child).contains("stagedoor-watchdog")).findFirst().orElseThrow();
    }

    /** As a crash would: SIGKILL, no shutdown. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            throw new IllegalStateException(name + " still runs");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Every process that runs on the home's files: standalones, their PostgreSQL and its watchdog. */
    static List<ProcessHandle> runningOn(Path home) {
        String path = home.toString();
        return ProcessHandle.allProcesses().filter(process -> arguments(process).stream().anyMatch(
                argument -> argument.equals(path) || argument.startsWith(path + "/") || argument.endsWith("=" + path))).toList();
    }

    private static List<String> arguments(ProcessHandle process) {
        return process.info().arguments().map(Arrays::asList).orElse(List.of());
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
