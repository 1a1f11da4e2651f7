package io.stagedoor.load;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The CPU time the server and this generator used over a measured step, each from its process's own counters
 * ({@code /proc}): a step's cost is the difference across it. The generator shares the machine's cores with the server,
 * so what it uses is not available to the server; a step where it used more than half of what the server used measures
 * the generator as much as the server.
 */
final class Cpu {

    record Mark(Duration server, Duration generator, long nanoTime) {
    }

    /** What a step cost: the server's and the generator's CPU, its wall-clock time and the requests answered in it. */
    record Use(Duration server, Duration generator, Duration elapsed, long requests) {

        double serverMsPerRequest() {
            return requests == 0 ? Double.NaN : server.toNanos() / 1e6 / requests;
        }

        double generatorMsPerRequest() {
            return requests == 0 ? Double.NaN : generator.toNanos() / 1e6 / requests;
        }

        /** The generator's CPU as a fraction of the server's. */
        double generatorToServer() {
            return server.isZero() ? Double.NaN : (double) generator.toNanos() / server.toNanos();
        }

        boolean generatorOverHalf() {
            return generator.toNanos() * 2 > server.toNanos();
        }

        /** The cores the server used on average over the step. */
        double serverCores() {
            return elapsed.isZero() ? Double.NaN : (double) server.toNanos() / elapsed.toNanos();
        }
    }

    private final Supplier<Duration> server;

    Cpu(Supplier<Duration> server) {
        this.server = server;
    }

    Mark mark() {
        return new Mark(server.get(), generator(), System.nanoTime());
    }

    Use since(Mark mark, long requests) {
        return new Use(server.get().minus(mark.server()), generator().minus(mark.generator()),
                Duration.ofNanos(System.nanoTime() - mark.nanoTime()), requests);
    }

    private static Duration generator() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow(
                () -> new IllegalStateException("this system does not report a process's CPU time"));
    }
}
