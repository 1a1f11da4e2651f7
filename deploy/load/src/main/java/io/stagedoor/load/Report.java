package io.stagedoor.load;

import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's report: a Markdown page with tables and SVG charts, and a JSON summary of every figure. */
final class Report {

    private final Path out;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String[]> targets = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    Report(Path out) {
        this.out = out;
    }

    void environment(Map<String, Object> environment) {
        summary.put("environment", environment);
    }

    void note(String note) {
        notes.add(note);
    }

    void baseline(Map<Integer, Double> tps) {
        summary.put("pgbenchTps", tps);
        sections.append("## Baseline: pgbench\n\nOne single-row INSERT per transaction on the same PostgreSQL, same "
                + "durability settings (fsync and synchronous_commit on).\n\n| clients | tps |\n|---:|---:|\n");
        tps.forEach((clients, value) -> sections.append("| ").append(clients).append(" | ").append(f0(value)).append(" |\n"));
        sections.append('\n');
    }

    void manyMeetings(List<OpenLoop.Result> steps, double sustained, double peak, double pgbenchTps, OpenLoop.Result half)
            throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sustainedCommandsPerSecond", sustained);
        figures.put("peakCommandsPerSecond", peak);
        figures.put("ratioToPgbench32", sustained / pgbenchTps);
        figures.put("halfLoadRate", half.targetRate());
        figures.put("halfLoadP99Ms", ms(half.latencyMicros(), 99));
        List<Map<String, Object>> rows = new ArrayList<>();
        sections.append("## Many meetings\n\n1,000 meetings, open loop (latency from the moment each command was due), "
                + "at most 32 in flight, mix: request, grant, join, leave (each viewer walks the cycle), deny, kick, "
                + "add participant.\n\n| target/s | achieved/s | server errors | p50 ms | p99 ms | p99.9 ms |\n|---:|---:|---:|---:|---:|---:|\n");
        for (OpenLoop.Result step : steps) {
            sections.append(String.format(Locale.ROOT, "| %d | %.0f | %d | %.1f | %.1f | %.1f |%n", step.targetRate(),
                    step.achievedRate(), step.serverErrors(), ms(step.latencyMicros(), 50), ms(step.latencyMicros(), 99),
                    ms(step.latencyMicros(), 99.9)));
            rows.add(Map.of("target", step.targetRate(), "achieved", step.achievedRate(), "serverErrors", step.serverErrors(),
                    "p50Ms", ms(step.latencyMicros(), 50), "p99Ms", ms(step.latencyMicros(), 99)));
        }
        figures.put("steps", rows);
        summary.put("manyMeetings", figures);
        sections.append(String.format(Locale.ROOT, "%nSustained (the highest offered rate served within 5%% and with p99 "
                        + "under 1 s): **%.0f commands/s** = %.0f%% of pgbench at 32 clients; the most completed in any step: "
                        + "%.0f/s. ", sustained, 100 * sustained / pgbenchTps, peak));
        sections.append(String.format(Locale.ROOT, "At about half of that (%d/s): p50 %.1f ms, p99 %.1f ms.%n%n"
                        + "![latency by rate](many-meetings-latency.svg)%n%n"
                        + "![throughput over time](many-meetings-throughput.svg)%n%n", half.targetRate(),
                ms(half.latencyMicros(), 50), ms(half.latencyMicros(), 99)));
        target("many meetings, sustained", String.format(Locale.ROOT, "%.0f/s = %.0f%% of pgbench (32 clients)", sustained,
                100 * sustained / pgbenchTps), "≥ 50% of pgbench tps", sustained >= 0.5 * pgbenchTps);
        target("many meetings, latency at 50% of max", String.format(Locale.ROOT, "p99 %.1f ms", ms(half.latencyMicros(), 99)),
                "p99 ≤ 20 ms", ms(half.latencyMicros(), 99) <= 20);
        Svg.lines(out.resolve("many-meetings-latency.svg"), "Latency by offered rate", "commands/s offered", "ms",
                Map.of("p50", points(steps, 50), "p99", points(steps, 99), "p99.9", points(steps, 99.9)));
        Map<String, List<double[]>> throughput = new LinkedHashMap<>();
        for (OpenLoop.Result step : steps) {
            List<double[]> series = new ArrayList<>();
            for (int s = 0; s < step.perSecond().size(); s++) {
                series.add(new double[]{s, step.perSecond().get(s)});
            }
            throughput.put(step.targetRate() + "/s", series);
        }
        Svg.lines(out.resolve("many-meetings-throughput.svg"), "Completed commands per second, by step", "second of step",
                "commands/s", throughput);
    }

    void hotMeeting(double rate, int errors, int queued, boolean inOrder, int granted, double grantSeconds, double pgbenchTps) {
        summary.put("hotMeeting", Map.of("requestsPerSecond", rate, "errors", errors, "queued", queued, "inOrder", inOrder,
                "grantedInOneCommand", granted, "grantAllSeconds", grantSeconds, "ratioToPgbench64", rate / pgbenchTps));
        sections.append(String.format(Locale.ROOT, "## Hot meeting (raise-hand storm)%n%nOne meeting, 5,000 viewers request "
                        + "the stage from 64 concurrent clients: **%.0f requests/s** on the one meeting, %d errors, queue of "
                        + "%d, in request order: %s. Then the host grants all pending requests in one command: %d granted in "
                        + "%.2f s.%n%n", rate, errors, queued, inOrder ? "yes" : "NO", granted, grantSeconds));
        target("hot meeting", String.format(Locale.ROOT, "%.0f/s, %d errors, queue %d, in order: %s", rate, errors, queued,
                inOrder), "≥ 1,000/s, 0 errors, complete, in order", rate >= 1000 && errors == 0 && queued == 5000 && inOrder);
    }

    void notificationsAndLag(double rate, Histogram notification, Histogram lag, double convergedSeconds) {
        summary.put("notifications", Map.of("loadRate", rate, "p50Ms", ms(notification, 50), "p99Ms", ms(notification, 99)));
        summary.put("projectionLag", Map.of("loadRate", rate, "p50Ms", ms(lag, 50), "p99Ms", ms(lag, 99),
                "convergedAfterStopSeconds", convergedSeconds));
        sections.append(String.format(Locale.ROOT, "## Notification latency and projection lag at %.0f commands/s%n%n"
                        + "A host listens on SSE while a viewer raises and lowers its hand every 100 ms in a meeting of its own; "
                        + "the many-meetings mix runs in the background.%n%n| | p50 ms | p99 ms |%n|---|---:|---:|%n"
                        + "| command sent → its notification received | %.1f | %.1f |%n"
                        + "| command acknowledged → read model at its version (`minVersion`) | %.1f | %.1f |%n%n"
                        + "After the load stopped, the projection was caught up after %.2f s.%n%n", rate,
                ms(notification, 50), ms(notification, 99), ms(lag, 50), ms(lag, 99), convergedSeconds));
        target("command → SSE notification at 50% load", String.format(Locale.ROOT, "p99 %.1f ms", ms(notification, 99)),
                "p99 ≤ 100 ms", ms(notification, 99) <= 100);
        target("projection lag at 50% load", String.format(Locale.ROOT, "p99 %.1f ms; converged %.2f s after stop",
                ms(lag, 99), convergedSeconds), "p99 ≤ 200 ms; ≤ 1 s", ms(lag, 99) <= 200 && convergedSeconds >= 0
                && convergedSeconds <= 1);
    }

    void noisyNeighbour(int normalRate, OpenLoop.Result alone, OpenLoop.Result withNoisy, int noisyRate,
                        Flood.Result noisy, double coresAlone, double coresWithNoisy) {
        double ratio = ms(withNoisy.latencyMicros(), 99) / ms(alone.latencyMicros(), 99);
        summary.put("noisyNeighbour", Map.ofEntries(Map.entry("normalRate", normalRate),
                Map.entry("aloneP99Ms", ms(alone.latencyMicros(), 99)),
                Map.entry("withNoisyP99Ms", ms(withNoisy.latencyMicros(), 99)), Map.entry("ratio", ratio),
                Map.entry("noisyRate", noisyRate), Map.entry("noisySent", noisy.sent()),
                Map.entry("noisyRateLimited", noisy.refused()), Map.entry("noisyConnectionFailures", noisy.connectionFailures()),
                Map.entry("otherServerErrors", withNoisy.serverErrors()),
                Map.entry("serverCoresAlone", coresAlone), Map.entry("serverCoresWithNoisy", coresWithNoisy)));
        sections.append(String.format(Locale.ROOT, "## Noisy neighbour%n%nThe many-meetings mix at %d commands/s, alone and "
                        + "while one participant sends %d requests/s (ten times that) to its own meeting over 8 kept-alive "
                        + "connections; %,d of its %,d requests were refused with 2014 by its rate limit (%,d connection "
                        + "failures).%n%n| | p50 ms | p99 ms | server errors | server CPU (cores) |%n"
                        + "|---|---:|---:|---:|---:|%n| alone | %.1f | %.1f | %d | %.2f |%n"
                        + "| with the noisy client | %.1f | %.1f | %d | %.2f |%n%n",
                normalRate, noisyRate, noisy.refused(), noisy.sent(), noisy.connectionFailures(),
                ms(alone.latencyMicros(), 50), ms(alone.latencyMicros(), 99), alone.serverErrors(), coresAlone,
                ms(withNoisy.latencyMicros(), 50), ms(withNoisy.latencyMicros(), 99), withNoisy.serverErrors(),
                coresWithNoisy));
        target("noisy neighbour (issue 7)", String.format(Locale.ROOT, "others' p99 %.2f× normal", ratio),
                "≤ 2× normal", ratio <= 2);
    }

    void longHistory(double firstLoad, double coldLoad, Histogram longLatency, Histogram freshLatency) {
        double ratio = ms(longLatency, 99) / ms(freshLatency, 99);
        summary.put("longHistory", Map.of("firstLoadMs", firstLoad * 1000, "coldLoadMs", coldLoad * 1000,
                "longP99Ms", ms(longLatency, 99), "freshP99Ms", ms(freshLatency, 99), "ratio", ratio));
        sections.append(String.format(Locale.ROOT, "## Long history%n%nA meeting of 100,000 events against a fresh one, "
                        + "1,000 commands each: p99 %.1f ms against %.1f ms (%.2f×). The first command after a restart on the "
                        + "long meeting took %.0f ms the very first time (all 100,000 events read; a snapshot is taken), and "
                        + "%.0f ms after the next restart (a meeting not in memory: snapshot plus the events after it; the request path was "
                        + "warmed on another meeting first).%n%n",
                ms(longLatency, 99), ms(freshLatency, 99), ratio, firstLoad * 1000, coldLoad * 1000));
        target("long history", String.format(Locale.ROOT, "p99 %.2f× a fresh meeting; cold load %.0f ms", ratio,
                coldLoad * 1000), "p99 ≤ 1.5×; cold load ≤ 200 ms", ratio <= 1.5 && coldLoad <= 0.2);
    }

    void memory(double heapMegabytes) {
        summary.put("memory", Map.of("activeMeetings", 10_000, "heapAfterGcMegabytes", heapMegabytes));
        sections.append(String.format(Locale.ROOT, "## Memory%n%n10,000 active meetings (each with a host, a viewer and a "
                + "pending request, all cached): **%.0f MB** of heap in use after a full GC.%n%n", heapMegabytes));
        target("memory", String.format(Locale.ROOT, "%.0f MB heap after GC", heapMegabytes), "≤ 512 MB", heapMegabytes <= 512);
    }

    void rebuild(long events, double seconds, double pgbenchTps) {
        double rate = events / seconds;
        summary.put("rebuild", Map.of("events", events, "seconds", seconds, "eventsPerSecond", rate,
                "ratioToPgbench32", rate / pgbenchTps));
        sections.append(String.format(Locale.ROOT, "## Rebuild%n%nReplay of the read-model projection over %,d stored events "
                + "(5,000 meetings of 200): %.1f s = **%.0f events/s** = %.1f× pgbench at 32 clients.%n%n", events, seconds,
                rate, rate / pgbenchTps));
        target("rebuild", String.format(Locale.ROOT, "%.0f events/s = %.1f× pgbench", rate, rate / pgbenchTps),
                "≥ 5 × pgbench tps", rate >= 5 * pgbenchTps);
    }

    void write() throws IOException {
        StringBuilder page = new StringBuilder("# Benchmark report\n\nProduced by `deploy/load/benchmark.sh`; every figure "
                + "of the run is also in `summary.json`.\n\n## Targets\n\n| scenario | measured | target | met |\n|---|---|---|---|\n");
        for (String[] row : targets) {
            page.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        page.append('\n').append(sections);
        if (!notes.isEmpty()) {
            page.append("## Notes\n\n");
            notes.forEach(note -> page.append("- ").append(note).append('\n'));
        }
        Files.writeString(out.resolve("report.md"), page.toString());
        Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), summary);
    }

    private void target(String scenario, String measured, String goal, boolean met) {
        targets.add(new String[]{scenario, measured, goal, met ? "yes" : "**no**"});
    }

    private static List<double[]> points(List<OpenLoop.Result> steps, double percentile) {
        return steps.stream().map(s -> new double[]{s.targetRate(), ms(s.latencyMicros(), percentile)}).toList();
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String f0(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
