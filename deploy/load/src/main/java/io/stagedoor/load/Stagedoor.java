package io.stagedoor.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Stagedoor under test: the standalone jar as a separate process, so it can be restarted and inspected. */
final class Stagedoor implements AutoCloseable {

    private final Settings settings;
    private Process process;

    record Settings(Path jar, int port, String jdbcUrl, String user, String password, String key, Path home, Path logs,
                    List<String> jvmOptions) {
    }

    Stagedoor(Settings settings) {
        this.settings = settings;
    }

    Stagedoor start() throws IOException, InterruptedException {
        Files.createDirectories(settings.logs());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmOptions());
        command.addAll(List.of("-jar", settings.jar().toString(),
                "--server.port=" + settings.port(),
                "--spring.datasource.url=" + settings.jdbcUrl(),
                "--spring.datasource.username=" + settings.user(),
                "--spring.datasource.password=" + settings.password(),
                "--stagedoor.api-keys=bench:" + settings.key(),
                "--stagedoor.home=" + settings.home(),
                "--stagedoor.live.max-connections-per-viewer=100",
                // the one key stands for all of a platform's services: its limit is off, so capacity is what is measured
                "--stagedoor.rate-limit.api-key-per-second=0"));
        File log = settings.logs().resolve("stagedoor.log").toFile();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                                             .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        try (Http anonymous = new Http(settings.port(), null)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Stagedoor exited; see " + log);
                }
                try {
                    if (anonymous.get("/actuator/health/readiness").status() == 200) {
                        return this;
                    }
                } catch (IllegalStateException notYet) {
                    // still starting
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        throw new IllegalStateException("Stagedoor did not become ready; see " + log);
    }

    long pid() {
        return process.pid();
    }

    /** The CPU time the Stagedoor process has used so far (on Linux, from {@code /proc/<pid>/stat}). */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("this system does not report a process's CPU time"));
    }

    /** Runs a full garbage collection in the Stagedoor process. */
    void collectGarbage() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.run").redirectErrorStream(true)
                                                                          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                                                          .start().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
