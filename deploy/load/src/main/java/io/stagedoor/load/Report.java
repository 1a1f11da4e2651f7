package io.stagedoor.load;

import com.fasterxml.jackson.databind.JsonNode;
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
    private final JsonNode previous;
    private final Map<String, Object> summary = new LinkedHashMap<>();
    private final List<String[]> targets = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();
    private final List<CpuStep> cpuSteps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Double floorMsPerRequest;

    /** @param previous the last report's {@code summary.json}, or a missing node if there is none */
    Report(Path out, JsonNode previous) {
        this.out = out;
        this.previous = previous;
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

    /** One endpoint of the HTTP floor and how it fared. */
    record Floor(String key, String description, Load.Result result, long notOk) {
    }

    void httpFloor(List<Floor> endpoints, int seconds) {
        Map<String, Object> figures = new LinkedHashMap<>();
        sections.append(String.format(Locale.ROOT, "## HTTP floor%n%nWhat a request costs the server before any command: "
                + "each endpoint closed-loop on 32 kept-alive connections for %d s, after a warm-up of the same length.%n%n"
                + "| endpoint | requests/s | p50 ms | p99 ms | not 2xx | server CPU per request (ms) | server cores | "
                + "generator/server |%n|---|---:|---:|---:|---:|---:|---:|---:|%n", seconds));
        for (Floor endpoint : endpoints) {
            Load.Result run = endpoint.result();
            Cpu.Use cpu = run.cpu();
            sections.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %d | %.3f | %.2f | %s |%n",
                    endpoint.description(), run.achievedRate(), ms(run.latencyMicros(), 50), ms(run.latencyMicros(), 99),
                    endpoint.notOk() + run.failed(), cpu.serverMsPerRequest(), cpu.serverCores(), generatorShare(cpu)));
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("requestsPerSecond", run.achievedRate());
            figure.put("p50Ms", ms(run.latencyMicros(), 50));
            figure.put("p99Ms", ms(run.latencyMicros(), 99));
            figure.put("notOk", endpoint.notOk() + run.failed());
            figure.put("serverCpuMsPerRequest", cpu.serverMsPerRequest());
            figure.put("serverCores", cpu.serverCores());
            figure.put("generatorToServer", cpu.generatorToServer());
            figure.put("connectionsOpened", run.connectionsOpened());
            figures.put(endpoint.key(), figure);
            cpu("HTTP floor", endpoint.description(), "request", cpu);
            if (endpoint.key().equals("jwks")) {
                floorMsPerRequest = cpu.serverMsPerRequest();
            }
        }
        sections.append('\n');
        summary.put("httpFloor", figures);
    }

    void manyMeetings(List<Load.Result> steps, double sustained, double peak, double pgbenchTps, Load.Result half)
            throws IOException {
        Load.Result atSustained = steps.stream().filter(Load.Result::keptUp).reduce((first, second) -> second).orElse(null);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sustainedCommandsPerSecond", sustained);
        figures.put("peakCommandsPerSecond", peak);
        figures.put("ratioToPgbench32", sustained / pgbenchTps);
        figures.put("sustainedServerCpuMsPerCommand", atSustained == null ? Double.NaN : atSustained.cpu().serverMsPerRequest());
        figures.put("halfLoadRate", half.targetRate());
        figures.put("halfLoadP99Ms", ms(half.latencyMicros(), 99));
        figures.put("halfLoadServerCpuMsPerCommand", half.cpu().serverMsPerRequest());
        List<Map<String, Object>> rows = new ArrayList<>();
        sections.append("## Many meetings\n\n1,000 meetings, open loop (latency from the moment each command was due), "
                + "at most 32 in flight (32 kept-alive connections), mix: request, grant, join, leave (each viewer walks "
                + "the cycle), deny, kick, add participant.\n\n| target/s | achieved/s | server errors | p50 ms | p99 ms | "
                + "p99.9 ms | server CPU per command (ms) | server cores | generator/server |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Load.Result step : steps) {
            sections.append(String.format(Locale.ROOT, "| %d | %.0f | %d | %.1f | %.1f | %.1f | %.3f | %.2f | %s |%n",
                    step.targetRate(), step.achievedRate(), step.serverErrors(), ms(step.latencyMicros(), 50),
                    ms(step.latencyMicros(), 99), ms(step.latencyMicros(), 99.9), step.cpu().serverMsPerRequest(),
                    step.cpu().serverCores(), generatorShare(step.cpu())));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", step.targetRate());
            row.put("achieved", step.achievedRate());
            row.put("serverErrors", step.serverErrors());
            row.put("p50Ms", ms(step.latencyMicros(), 50));
            row.put("p99Ms", ms(step.latencyMicros(), 99));
            row.put("serverCpuMsPerCommand", step.cpu().serverMsPerRequest());
            row.put("serverCores", step.cpu().serverCores());
            row.put("generatorToServer", step.cpu().generatorToServer());
            row.put("connectionsOpened", step.connectionsOpened());
            rows.add(row);
            cpu("many meetings", "step at " + step.targetRate() + "/s", "command", step.cpu());
        }
        cpu("many meetings", "half of max, " + half.targetRate() + "/s", "command", half.cpu());
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
                100 * sustained / pgbenchTps), "≥ 50% of pgbench tps", met(sustained >= 0.5 * pgbenchTps));
        if (floorMsPerRequest == null) {
            target("server CPU per command", "no HTTP floor measured (scenario `floor`)", "≤ 2 × the HTTP floor (JWKS)",
                    "n/a");
        } else if (atSustained == null) {
            target("server CPU per command", "no rate sustained", "≤ 2 × the HTTP floor (JWKS)", met(false));
        } else {
            double perCommand = atSustained.cpu().serverMsPerRequest();
            target("server CPU per command", String.format(Locale.ROOT, "%.3f ms at %d/s = %.1f× a JWKS request (%.3f ms)",
                    perCommand, atSustained.targetRate(), perCommand / floorMsPerRequest, floorMsPerRequest),
                    "≤ 2 × the HTTP floor (JWKS)", met(perCommand <= 2 * floorMsPerRequest));
        }
        target("many meetings, latency at 50% of max", String.format(Locale.ROOT, "p99 %.1f ms", ms(half.latencyMicros(), 99)),
                "p99 ≤ 20 ms", met(ms(half.latencyMicros(), 99) <= 20));
        Svg.lines(out.resolve("many-meetings-latency.svg"), "Latency by offered rate", "commands/s offered", "ms",
                Map.of("p50", points(steps, 50), "p99", points(steps, 99), "p99.9", points(steps, 99.9)));
        Map<String, List<double[]>> throughput = new LinkedHashMap<>();
        for (Load.Result step : steps) {
            List<double[]> series = new ArrayList<>();
            for (int s = 0; s < step.perSecond().size(); s++) {
                series.add(new double[]{s, step.perSecond().get(s)});
            }
            throughput.put(step.targetRate() + "/s", series);
        }
        Svg.lines(out.resolve("many-meetings-throughput.svg"), "Completed commands per second, by step", "second of step",
                "commands/s", throughput);
    }

    void hotMeeting(double rate, int errors, int queued, boolean inOrder, int granted, double grantSeconds, double pgbenchTps,
                    Cpu.Use storm) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requestsPerSecond", rate);
        figures.put("errors", errors);
        figures.put("queued", queued);
        figures.put("inOrder", inOrder);
        figures.put("grantedInOneCommand", granted);
        figures.put("grantAllSeconds", grantSeconds);
        figures.put("ratioToPgbench64", rate / pgbenchTps);
        figures.put("serverCpuMsPerCommand", storm.serverMsPerRequest());
        figures.put("generatorToServer", storm.generatorToServer());
        summary.put("hotMeeting", figures);
        sections.append(String.format(Locale.ROOT, "## Hot meeting (raise-hand storm)%n%nOne meeting, 5,000 viewers request "
                        + "the stage from 64 concurrent clients: **%.0f requests/s** on the one meeting, %d errors, queue of "
                        + "%d, in request order: %s; the server's CPU %.3f ms per command. Then the host grants all pending "
                        + "requests in one command: %d granted in %.2f s.%n%n", rate, errors, queued, inOrder ? "yes" : "NO",
                storm.serverMsPerRequest(), granted, grantSeconds));
        cpu("hot meeting", "5,000 requests from 64 clients", "command", storm);
        target("hot meeting", String.format(Locale.ROOT, "%.0f/s, %d errors, queue %d, in order: %s", rate, errors, queued,
                inOrder), "≥ 3,000 commands/s, 0 errors, complete, in order",
                met(rate >= 3000 && errors == 0 && queued == 5000 && inOrder));
    }

    void autoAdmit(int viewers, int seats, double commandsPerSecond, int errors, int leftTheStage,
                   Benchmark.StageLog log, Cpu.Use use) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("viewers", viewers);
        figures.put("maxOnStage", seats);
        figures.put("commandsPerSecond", commandsPerSecond);
        figures.put("errors", errors);
        figures.put("admissions", log.admissions());
        figures.put("joinedAndLeft", leftTheStage);
        figures.put("maxSeatsTaken", log.maxSeatsTaken());
        figures.put("admissionsNotByTheEngine", log.admissionsNotByTheEngine());
        figures.put("admittedInRequestOrder", log.admittedInRequestOrder());
        figures.put("serverCpuMsPerCommand", use.serverMsPerRequest());
        summary.put("autoAdmit", figures);
        sections.append(String.format(Locale.ROOT, "## Auto-admit (seats that fill themselves)%n%nOne meeting with "
                        + "autoAccept and maxOnStage %d: %,d viewers request the stage from 64 clients while 16 stage hands "
                        + "make each admitted viewer join and leave at once, so seats free and refill continuously: "
                        + "**%.0f commands/s** (requests, joins, leaves), %d errors, %,d admitted by the engine "
                        + "(%d otherwise), %,d joined and left. Replayed from the stored events: at most **%d** seats "
                        + "taken at any version, admissions in request order: **%s**; the server's CPU %.3f ms per "
                        + "command.%n%n", seats, viewers, commandsPerSecond, errors, log.admissions(),
                log.admissionsNotByTheEngine(), leftTheStage, log.maxSeatsTaken(),
                log.admittedInRequestOrder() ? "yes" : "NO", use.serverMsPerRequest()));
        target("auto-admit", String.format(Locale.ROOT, "%d errors, max %d seats, %,d admitted, in order: %s", errors,
                log.maxSeatsTaken(), log.admissions(), log.admittedInRequestOrder()),
                "0 errors, never more than " + seats + " seats, all admitted, strictly in request order",
                met(errors == 0 && log.maxSeatsTaken() <= seats && log.admissions() == viewers
                        && log.admissionsNotByTheEngine() == 0 && log.admittedInRequestOrder()));
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
                "p99 ≤ 50 ms", met(ms(notification, 99) <= 50));
        boolean converged = convergedSeconds >= 0;
        target("projection lag at 50% load", String.format(Locale.ROOT, "p99 %.1f ms; converged %.2f s after stop",
                ms(lag, 99), convergedSeconds), "no worse than the last report" + lastFigures(
                        " (p99 %.1f ms; %.2f s)", "/projectionLag/p99Ms", "/projectionLag/convergedAfterStopSeconds"),
                noWorse(Map.of("/projectionLag/p99Ms", ms(lag, 99),
                        "/projectionLag/convergedAfterStopSeconds", converged ? convergedSeconds : Double.MAX_VALUE)));
    }

    void webhookLatency(double rate, Histogram latency, int sent, int missing) {
        summary.put("webhooks", Map.of("loadRate", rate, "p50Ms", ms(latency, 50), "p99Ms", ms(latency, 99),
                "messages", sent, "notWithin5s", missing));
        sections.append(String.format(Locale.ROOT, "## Webhook delivery latency at %.0f commands/s%n%n"
                        + "A receiver in the load tool is registered for one meeting, whose host joins and leaves every "
                        + "100 ms; the many-meetings mix runs in the background. %d messages, %d not within 5 s.%n%n"
                        + "| | p50 ms | p99 ms |%n|---|---:|---:|%n| command sent → receiver got its message | %.1f | %.1f |%n%n",
                rate, sent, missing, ms(latency, 50), ms(latency, 99)));
        target("webhook delivery at 50% load (issue 13)", String.format(Locale.ROOT, "p99 %.1f ms", ms(latency, 99)),
                "p99 ≤ 500 ms", met(missing == 0 && ms(latency, 99) <= 500));
    }

    void feedReads(long events, double seconds) {
        double rate = events / seconds;
        summary.put("feed", Map.of("events", events, "seconds", seconds, "eventsPerSecond", rate));
        sections.append(String.format(Locale.ROOT, "## Reading the change feed%n%nOne client paged through the feed "
                + "from the start, 1,000 events a request: %,d events in %.2f s, %.0f events/s.%n%n", events, seconds, rate));
        target("change feed reads (issue 13)", String.format(Locale.ROOT, "%.0f events/s", rate), "≥ 20,000 events/s",
                met(rate >= 20_000));
    }

    void noisyNeighbour(int normalRate, Load.Result alone, Load.Result withNoisy, int noisyRate, Load.Result noisy,
                        Cpu.Use withNoisyCpu) {
        double ratio = ms(withNoisy.latencyMicros(), 99) / ms(alone.latencyMicros(), 99);
        long noisyFailures = noisy.failed() - noisy.serverErrors();
        summary.put("noisyNeighbour", Map.ofEntries(Map.entry("normalRate", normalRate),
                Map.entry("aloneP99Ms", ms(alone.latencyMicros(), 99)),
                Map.entry("withNoisyP99Ms", ms(withNoisy.latencyMicros(), 99)), Map.entry("ratio", ratio),
                Map.entry("noisyRate", noisyRate), Map.entry("noisySent", noisy.answered()),
                Map.entry("noisyRateLimited", noisy.rateLimited()), Map.entry("noisyConnectionFailures", noisyFailures),
                Map.entry("otherServerErrors", withNoisy.serverErrors()),
                Map.entry("serverCoresAlone", alone.cpu().serverCores()),
                Map.entry("serverCoresWithNoisy", withNoisyCpu.serverCores())));
        sections.append(String.format(Locale.ROOT, "## Noisy neighbour%n%nThe many-meetings mix at %d commands/s, alone and "
                        + "while one participant sends %d requests/s (ten times that) to its own meeting over 8 kept-alive "
                        + "connections; %,d of its %,d requests were refused with 2014 by its rate limit (%,d connection "
                        + "failures).%n%n| | p50 ms | p99 ms | server errors | server CPU (cores) |%n"
                        + "|---|---:|---:|---:|---:|%n| alone | %.1f | %.1f | %d | %.2f |%n"
                        + "| with the noisy client | %.1f | %.1f | %d | %.2f |%n%n",
                normalRate, noisyRate, noisy.rateLimited(), noisy.answered(), noisyFailures,
                ms(alone.latencyMicros(), 50), ms(alone.latencyMicros(), 99), alone.serverErrors(), alone.cpu().serverCores(),
                ms(withNoisy.latencyMicros(), 50), ms(withNoisy.latencyMicros(), 99), withNoisy.serverErrors(),
                withNoisyCpu.serverCores()));
        target("noisy neighbour (issue 7)", String.format(Locale.ROOT, "others' p99 %.2f× normal", ratio),
                "no worse than the last report" + lastFigures(" (%.2f×)", "/noisyNeighbour/ratio"),
                noWorse(Map.of("/noisyNeighbour/ratio", ratio)));
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
                coldLoad * 1000), "no worse than the last report" + lastFigures(" (%.2f×; %.0f ms)", "/longHistory/ratio",
                        "/longHistory/coldLoadMs"),
                noWorse(Map.of("/longHistory/ratio", ratio, "/longHistory/coldLoadMs", coldLoad * 1000)));
    }

    void memory(double heapMegabytes) {
        summary.put("memory", Map.of("activeMeetings", 10_000, "heapAfterGcMegabytes", heapMegabytes));
        sections.append(String.format(Locale.ROOT, "## Memory%n%n10,000 active meetings (each with a host, a viewer and a "
                + "pending request, all cached): **%.0f MB** of heap in use after a full GC.%n%n", heapMegabytes));
        target("memory", String.format(Locale.ROOT, "%.0f MB heap after GC", heapMegabytes), "no worse than the last report"
                + lastFigures(" (%.0f MB)", "/memory/heapAfterGcMegabytes"),
                noWorse(Map.of("/memory/heapAfterGcMegabytes", heapMegabytes)));
    }

    void rebuild(long events, double seconds, double pgbenchTps) {
        double rate = events / seconds;
        summary.put("rebuild", Map.of("events", events, "seconds", seconds, "eventsPerSecond", rate,
                "ratioToPgbench32", rate / pgbenchTps));
        sections.append(String.format(Locale.ROOT, "## Rebuild%n%nBulk rebuild of the read models (`POST "
                + "/v1/admin/projections/stage-read-model/rebuild`: one snapshot read of the event store, each meeting folded "
                + "in memory, rows COPYed into fresh tables swapped in) over %,d stored events (5,000 meetings of 200), from "
                + "the request to the swap: %.1f s = **%.0f events/s** = %.1f× pgbench at 32 clients.%n%n", events, seconds,
                rate, rate / pgbenchTps));
        target("rebuild", String.format(Locale.ROOT, "%.0f events/s = %.1f× pgbench", rate, rate / pgbenchTps),
                "≥ 5 × pgbench tps", met(rate >= 5 * pgbenchTps));
    }

    /** The CPU a step cost the server and this generator; {@code unit} names what the step did ("command", "event"). */
    void cpu(String scenario, String step, String unit, Cpu.Use use) {
        cpuSteps.add(new CpuStep(scenario, step, unit, use));
    }

    void write() throws IOException {
        StringBuilder page = new StringBuilder("# Benchmark report\n\nProduced by `deploy/load/benchmark.sh`; every figure "
                + "of the run is also in `summary.json`.\n\n").append(targetTable()).append('\n').append(sections)
                .append(cpuSection()).append(comparison());
        if (!notes.isEmpty()) {
            page.append("## Notes\n\n");
            notes.forEach(note -> page.append("- ").append(note).append('\n'));
        }
        summary.remove("cpu");
        summary.put("cpu", cpuSteps.stream().map(CpuStep::figures).toList());
        Files.writeString(out.resolve("report.md"), page.toString());
        Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), summary);
    }

    /** The targets, the steps where the generator cost too much, and the comparison with the last report. */
    String summaryForConsole() {
        StringBuilder console = new StringBuilder(targetTable()).append('\n');
        List<String> costly = cpuSteps.stream().filter(step -> step.use().generatorOverHalf())
                                      .map(step -> step.scenario() + ": " + step.step()).toList();
        console.append(costly.isEmpty() ? "The generator used at most half of the server's CPU in every step.\n\n"
                : "The generator used more than half of the server's CPU in: " + String.join("; ", costly) + "\n\n");
        return console.append(comparison()).toString();
    }

    private String targetTable() {
        StringBuilder table = new StringBuilder("## Targets\n\n| scenario | measured | target | met |\n|---|---|---|---|\n");
        for (String[] row : targets) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return table.toString();
    }

    private String cpuSection() {
        if (cpuSteps.isEmpty()) {
            return "";
        }
        StringBuilder section = new StringBuilder("## CPU by step\n\nThe server's CPU time (the Stagedoor process) and the "
                + "load generator's (its whole JVM) over each measured step, both from `/proc`. The generator runs on the same "
                + "cores: a step where it used more than half of what the server used is marked, as it measured the "
                + "generator as much as the server.\n\n| scenario | step | done | server CPU (s) | server cores | "
                + "server CPU per unit (ms) | generator CPU per unit (ms) | generator/server |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (CpuStep step : cpuSteps) {
            Cpu.Use use = step.use();
            section.append(String.format(Locale.ROOT, "| %s | %s | %,d %s%s | %.1f | %.2f | %.3f | %.3f | %s |%n",
                    step.scenario(), step.step(), use.requests(), step.unit(), use.requests() == 1 ? "" : "s",
                    use.server().toNanos() / 1e9,
                    use.serverCores(), use.serverMsPerRequest(), use.generatorMsPerRequest(), generatorShare(use)));
        }
        return section.append('\n').toString();
    }

    /** This run's headline figures against the last report's, where both have them. */
    private String comparison() {
        JsonNode now = Http.JSON.valueToTree(summary);
        StringBuilder table = new StringBuilder();
        for (Compared figure : COMPARED) {
            JsonNode measured = now.at(figure.pointer());
            if (!measured.isNumber()) {
                continue;
            }
            JsonNode last = previous.at(figure.pointer());
            String change = "";
            if (last.isNumber() && last.asDouble() != 0) {
                double relative = measured.asDouble() / last.asDouble() - 1;
                boolean better = figure.higherIsBetter() ? relative > 0 : relative < 0;
                change = String.format(Locale.ROOT, "%+.0f%%%s", 100 * relative, relative == 0 ? "" : better ? " (better)" : " (worse)");
            }
            table.append("| ").append(figure.label()).append(" | ").append(last.isNumber() ? number(last.asDouble()) : "—")
                 .append(" | ").append(number(measured.asDouble())).append(" | ").append(change).append(" |\n");
        }
        if (table.isEmpty()) {
            return "";
        }
        return "## Against the last report\n\nThe last report's figures (`" + previous.at("/environment/started").asText("none")
                + "`, read from its `summary.json` before this run) and this run's.\n\n| figure | last report | this run | "
                + "change |\n|---|---:|---:|---|\n" + table + '\n';
    }

    private String lastFigures(String format, String... pointers) {
        Object[] values = new Object[pointers.length];
        for (int i = 0; i < pointers.length; i++) {
            JsonNode last = previous.at(pointers[i]);
            if (!last.isNumber()) {
                return " (none)";
            }
            values[i] = last.asDouble();
        }
        return String.format(Locale.ROOT, format, values);
    }

    /** Whether each figure (lower is better) is at most the last report's; n/a without a last report. */
    private String noWorse(Map<String, Double> figures) {
        boolean worse = false;
        for (Map.Entry<String, Double> figure : figures.entrySet()) {
            JsonNode last = previous.at(figure.getKey());
            if (!last.isNumber()) {
                return "n/a";
            }
            worse |= figure.getValue() > last.asDouble();
        }
        return met(!worse);
    }

    private void target(String scenario, String measured, String goal, String met) {
        targets.add(new String[]{scenario, measured, goal, met});
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String generatorShare(Cpu.Use use) {
        String share = String.format(Locale.ROOT, "%.2f", use.generatorToServer());
        return use.generatorOverHalf() ? "**" + share + " (over half)**" : share;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.3f", value);
    }

    private static List<double[]> points(List<Load.Result> steps, double percentile) {
        return steps.stream().map(s -> new double[]{s.targetRate(), ms(s.latencyMicros(), percentile)}).toList();
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String f0(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    private record CpuStep(String scenario, String step, String unit, Cpu.Use use) {

        Map<String, Object> figures() {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("scenario", scenario);
            figures.put("step", step);
            figures.put("unit", unit);
            figures.put("count", use.requests());
            figures.put("serverCpuSeconds", use.server().toNanos() / 1e9);
            figures.put("serverCores", use.serverCores());
            figures.put("serverCpuMsPerUnit", use.serverMsPerRequest());
            figures.put("generatorCpuMsPerUnit", use.generatorMsPerRequest());
            figures.put("generatorToServer", use.generatorToServer());
            figures.put("generatorOverHalf", use.generatorOverHalf());
            return figures;
        }
    }

    /** A figure compared with the last report's, by its place in {@code summary.json}. */
    private record Compared(String label, String pointer, boolean higherIsBetter) {
    }

    private static final List<Compared> COMPARED = List.of(
            new Compared("pgbench, 32 clients (tps)", "/pgbenchTps/32", true),
            new Compared("HTTP floor: JWKS, server CPU per request (ms)", "/httpFloor/jwks/serverCpuMsPerRequest", false),
            new Compared("many meetings, sustained (commands/s)", "/manyMeetings/sustainedCommandsPerSecond", true),
            new Compared("many meetings, most in any step (commands/s)", "/manyMeetings/peakCommandsPerSecond", true),
            new Compared("many meetings, server CPU per command at the sustained rate (ms)",
                    "/manyMeetings/sustainedServerCpuMsPerCommand", false),
            new Compared("many meetings, p99 at half of max (ms)", "/manyMeetings/halfLoadP99Ms", false),
            new Compared("hot meeting (commands/s)", "/hotMeeting/requestsPerSecond", true),
            new Compared("hot meeting, grant-all of 5,000 (s)", "/hotMeeting/grantAllSeconds", false),
            new Compared("command → SSE notification, p99 (ms)", "/notifications/p99Ms", false),
            new Compared("projection lag, p99 (ms)", "/projectionLag/p99Ms", false),
            new Compared("projection caught up after the load stopped (s)", "/projectionLag/convergedAfterStopSeconds", false),
            new Compared("noisy neighbour, others' p99 with/without", "/noisyNeighbour/ratio", false),
            new Compared("long history, p99 against a fresh meeting", "/longHistory/ratio", false),
            new Compared("long history, cold load (ms)", "/longHistory/coldLoadMs", false),
            new Compared("memory, heap after GC (MB)", "/memory/heapAfterGcMegabytes", false),
            new Compared("rebuild (events/s)", "/rebuild/eventsPerSecond", true));
}
