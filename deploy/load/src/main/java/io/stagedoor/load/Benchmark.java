package io.stagedoor.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Measures Stagedoor the way its users load it, against what PostgreSQL itself commits in the same run, and writes
 * the report (Markdown with SVG charts) and a JSON summary. See docs/performance.md for how to run it.
 */
public final class Benchmark {

    private final Options options;
    private final Report report;
    private final Stagedoor.Settings settings;
    private Stagedoor stagedoor;
    private Http http;
    private Workload manyMeetings;

    private Benchmark(Options options) {
        this.options = options;
        this.report = new Report(options.out());
        this.settings = new Stagedoor.Settings(options.jar(), options.port(), options.jdbcUrl(), options.user(),
                options.password(), "bench-key-0123456789abcdef", options.out().resolve("home"),
                options.out().resolve("logs"), options.jvmOptions());
    }

    public static void main(String[] args) throws Exception {
        try {
            new Benchmark(Options.parse(args)).run();
        } finally {
            System.exit(0);
        }
    }

    private void run() throws Exception {
        Files.createDirectories(options.out());
        report.environment(Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "started", Instant.now().toString(), "jvm options", String.join(" ", options.jvmOptions())));
        Map<Integer, Double> pgbench = Baseline.pgbench(options.pgbench(), options.pgHost(), options.pgPort(), options.user(),
                options.password(), options.pgbenchDatabase(), new int[]{8, 32, 64}, options.baselineSeconds());
        report.baseline(pgbench);
        report.write();
        restart();
        Set<String> scenarios = options.scenarios();
        double max = 0;
        if (scenarios.contains("many")) {
            max = manyMeetings(pgbench.get(32));
            report.write();
        }
        if (scenarios.contains("hot")) {
            hotMeeting(pgbench.get(64));
            report.write();
        }
        if (scenarios.contains("latency")) {
            notificationsAndLag(max > 0 ? max * 0.5 : options.latencyRate());
            report.write();
        }
        if (scenarios.contains("noisy")) {
            noisyNeighbour();
            report.write();
        }
        if (scenarios.contains("history")) {
            longHistory();
            report.write();
        }
        if (scenarios.contains("memory")) {
            memory();
            report.write();
        }
        if (scenarios.contains("rebuild")) {
            rebuild(pgbench.get(32));
            report.write();
        }
        stagedoor.close();
    }

    private void restart() throws Exception {
        if (stagedoor != null) {
            stagedoor.close();
        }
        stagedoor = new Stagedoor(settings).start();
        http = new Http("http://localhost:" + options.port(), settings.key());
    }

    // ---- many meetings: ramp an open loop until saturation --------------------------------------------------------

    private double manyMeetings(double pgbenchTps) throws IOException {
        long setupStart = System.nanoTime();
        Workload workload = manyMeetingsWorkload();
        report.note(String.format(Locale.ROOT, "many meetings: set up 1,000 meetings with 5 participants each (6,000 "
                + "commands, 32 clients) in %.1f s", seconds(System.nanoTime() - setupStart)));
        // A service runs for days: measure it compiled, not while the JIT is still at work on a cold JVM.
        OpenLoop.Result warmUp = OpenLoop.run(options.warmUpRate(), options.warmUpSeconds(), 32, workload::next);
        report.note(String.format(Locale.ROOT, "many meetings: warm-up of %d s at %d/s before the ramp (achieved %.0f/s)",
                options.warmUpSeconds(), options.warmUpRate(), warmUp.achievedRate()));
        List<OpenLoop.Result> steps = new ArrayList<>();
        double sustained = 0;
        for (int rate : options.rates()) {
            OpenLoop.Result step = OpenLoop.run(rate, options.stepSeconds(), 32, workload::next);
            steps.add(step);
            if (!step.keptUp()) {
                break;
            }
            sustained = Math.max(sustained, step.achievedRate());
        }
        double peak = steps.stream().mapToDouble(OpenLoop.Result::achievedRate).max().orElse(0);
        OpenLoop.Result half = OpenLoop.run((int) Math.max(20, Math.max(sustained, peak) * 0.5), options.stepSeconds() * 2,
                32, workload::next);
        report.manyMeetings(steps, sustained, peak, pgbenchTps, half);
        return Math.max(sustained, peak);
    }

    /** The 1,000 meetings of the many-meetings mix, set up by the first scenario that needs them. */
    private Workload manyMeetingsWorkload() {
        if (manyMeetings == null) {
            manyMeetings = new Workload(http, 1000, 4);
            manyMeetings.setUp(32);
        }
        return manyMeetings;
    }

    // ---- hot meeting: a raise-hand storm ---------------------------------------------------------------------------

    private void hotMeeting(double pgbenchTps) {
        String base = "/v1/meetings/hot";
        http.post("/v1/meetings", "{\"meetingId\": \"hot\"}");
        http.post(base + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        Parallel.run(5000, 32, v -> http.post(base + "/participants", "{\"userId\": \"h" + v + "\", \"preset\": \"webinar_viewer\"}"));
        AtomicInteger errors = new AtomicInteger();
        long[] versionOf = new long[5000];
        long start = System.nanoTime();
        Parallel.run(5000, 64, v -> {
            Http.Answer answer = http.post(base + "/participants/h" + v + "/stage/request", null, "X-Acting-User", "h" + v);
            if (!answer.ok()) {
                errors.incrementAndGet();
            }
            versionOf[v] = answer.version();
        });
        double rate = 5000 / seconds(System.nanoTime() - start);
        long last = 0;
        for (long version : versionOf) {
            last = Math.max(last, version);
        }
        List<String> queue = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get(base + "/stage/requests?limit=1000&minVersion=" + last
                    + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.path("requests").forEach(r -> queue.add(r.path("userId").asText()));
            cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (cursor != null);
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 5000).boxed().sorted((a, b) -> Long.compare(versionOf[a], versionOf[b]))
                                  .forEach(v -> expected.add("h" + v));
        boolean inOrder = queue.equals(expected);
        long grantStart = System.nanoTime();
        Http.Answer granted = http.post(base + "/stage/grant", "{\"all\": true}", "X-Acting-User", "host");
        double grantSeconds = seconds(System.nanoTime() - grantStart);
        report.hotMeeting(rate, errors.get(), queue.size(), inOrder, granted.body().path("outcomes").size(), grantSeconds,
                pgbenchTps);
    }

    // ---- notification latency and projection lag at half load ----------------------------------------------------

    private void notificationsAndLag(double rate) throws Exception {
        String base = "/v1/meetings/probe";
        http.post("/v1/meetings", "{\"meetingId\": \"probe\"}");
        http.post(base + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        long ready = http.post(base + "/participants", "{\"userId\": \"p\", \"preset\": \"webinar_viewer\"}").version();
        http.get(base + "/stage?minVersion=" + ready);
        Workload background = manyMeetingsWorkload();
        Histogram notification = new Histogram(60_000_000L, 3);
        Histogram lag = new Histogram(60_000_000L, 3);
        Thread load = new Thread(() -> OpenLoop.run((int) Math.max(20, rate), options.stepSeconds() * 2, 32, background::next));
        try (Sse sse = new Sse(http, "probe")) {
            load.start();
            for (int i = 0; i < options.stepSeconds() * 2 * 10; i++) {
                String path = base + "/participants/p/stage/" + (i % 2 == 0 ? "request" : "cancel-request");
                long sent = System.nanoTime();
                Http.Answer answer = http.post(path, null, "X-Acting-User", "p");
                long acknowledged = System.nanoTime();
                http.get(base + "/stage?minVersion=" + answer.version());
                lag.recordValue((System.nanoTime() - acknowledged) / 1000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!sse.arrivedNanos.containsKey(answer.version()) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                Long arrived = sse.arrivedNanos.get(answer.version());
                notification.recordValue(((arrived == null ? deadline : arrived) - sent) / 1000);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            load.join();
        }
        long loadStopped = System.nanoTime();
        long converged = -1;
        while (System.nanoTime() - loadStopped < TimeUnit.SECONDS.toNanos(30)) {
            JsonNode projection = http.get("/v1/admin/projections").body().get(0);
            if (projection.path("lag").asLong(-1) == 0) {
                converged = System.nanoTime();
                break;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        report.notificationsAndLag(rate, notification, lag, converged < 0 ? -1 : seconds(converged - loadStopped));
    }

    // ---- noisy neighbour: one client at ten times the normal rate ------------------------------------------------

    /**
     * Other meetings' latency at a normal rate, alone and then while one participant sends ten times that rate: the
     * participant's rate limit refuses the excess (2014) before it costs the database anything. The flood is written
     * to sockets ({@link Flood}), as a client on another machine would cost this one nothing.
     */
    private void noisyNeighbour() throws Exception {
        int normalRate = options.latencyRate();
        Workload others = manyMeetingsWorkload();
        OpenLoop.run(normalRate, options.stepSeconds(), 32, others::next);
        Duration cpuBefore = stagedoor.cpuTime();
        OpenLoop.Result alone = OpenLoop.run(normalRate, options.stepSeconds() * 2, 32, others::next);
        Duration cpuAlone = stagedoor.cpuTime().minus(cpuBefore);
        http.post("/v1/meetings", "{\"meetingId\": \"noisy\"}");
        String token = http.post("/v1/meetings/noisy/participants", "{\"userId\": \"n\", \"preset\": \"webinar_viewer\"}")
                           .body().path("token").asText();
        int noisyRate = normalRate * 10;
        CompletableFuture<Flood.Result> flood = CompletableFuture.supplyAsync(() -> {
            try {
                return Flood.run(options.port(), "POST /v1/meetings/noisy/participants/n/stage/request HTTP/1.1\r\n"
                        + "Authorization: Bearer " + token, noisyRate, options.stepSeconds() * 2, 8);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        cpuBefore = stagedoor.cpuTime();
        OpenLoop.Result withNoisy = OpenLoop.run(normalRate, options.stepSeconds() * 2, 32, others::next);
        Flood.Result noisy = flood.get();
        Duration cpuWithNoisy = stagedoor.cpuTime().minus(cpuBefore);
        report.noisyNeighbour(normalRate, alone, withNoisy, noisyRate, noisy,
                cores(cpuAlone, alone), cores(cpuWithNoisy, withNoisy));
    }

    /** CPU cores the server used on average over a run. */
    private static double cores(Duration cpu, OpenLoop.Result run) {
        double seconds = run.completed() + run.failed() == 0 ? 0 : (run.completed() + run.failed()) / run.achievedRate();
        return seconds == 0 ? 0 : cpu.toNanos() / 1e9 / seconds;
    }

    // ---- long history ---------------------------------------------------------------------------------------------

    private void longHistory() throws Exception {
        stagedoor.close();
        try (EventWriter writer = new EventWriter(options.jdbcUrl(), options.user(), options.password())) {
            writer.meeting("long", 100_000, 0, Instant.parse("2026-11-01T00:00:00Z"));
            writer.meeting("fresh", 10, 0, Instant.parse("2026-11-01T00:00:00Z"));
        }
        restart();
        double firstLoad = timeJoinLeave("long", 1);
        // The first load triggers a snapshot, stored in the background; a running service has it seconds later.
        double snapshotSeconds = awaitSnapshot("long", Duration.ofMinutes(2));
        restart();
        // Cold is the meeting, not the JVM: warm the request path on another meeting first.
        timeJoinLeave("fresh", 300);
        double coldLoad = timeJoinLeave("long", 1);
        Histogram longLatency = new Histogram(60_000_000L, 3);
        Histogram freshLatency = new Histogram(60_000_000L, 3);
        for (int i = 0; i < 1000; i++) {
            longLatency.recordValue((long) (timeJoinLeave("long", 1) * 1e6));
            freshLatency.recordValue((long) (timeJoinLeave("fresh", 1) * 1e6));
        }
        report.longHistory(firstLoad, coldLoad, longLatency, freshLatency);
        report.note(String.format(Locale.ROOT, "long history: the snapshot was stored %.1f s after the first load",
                snapshotSeconds));
    }

    /** Seconds until a snapshot of the meeting is stored. */
    private double awaitSnapshot(String meeting, Duration timeout) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password())) {
            var query = connection.prepareStatement("SELECT count(*) FROM snapshot_event_entry WHERE aggregateIdentifier = ?");
            query.setString(1, meeting);
            while (System.nanoTime() - start < timeout.toNanos()) {
                try (var rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return seconds(System.nanoTime() - start);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("no snapshot of " + meeting + " within " + timeout);
    }

    private final Map<String, Boolean> onStage = new LinkedHashMap<>();

    /** Seconds one command takes on the meeting (the host alternately joins and leaves). */
    private double timeJoinLeave(String meeting, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            boolean on = onStage.getOrDefault(meeting, false);
            http.post("/v1/meetings/" + meeting + "/participants/host/stage/" + (on ? "leave" : "join"), null,
                    "X-Acting-User", "host");
            onStage.put(meeting, !on);
        }
        return seconds(System.nanoTime() - start) / times;
    }

    // ---- memory -------------------------------------------------------------------------------------------------

    private void memory() throws Exception {
        restart();
        Parallel.run(10_000, 32, m -> {
            http.post("/v1/meetings", "{\"meetingId\": \"mem-" + m + "\"}");
            http.post("/v1/meetings/mem-" + m + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
            http.post("/v1/meetings/mem-" + m + "/participants", "{\"userId\": \"v\", \"preset\": \"webinar_viewer\"}");
            http.post("/v1/meetings/mem-" + m + "/participants/v/stage/request", null, "X-Acting-User", "v");
        });
        stagedoor.collectGarbage();
        TimeUnit.SECONDS.sleep(1);
        stagedoor.collectGarbage();
        String metrics = http.get("/actuator/prometheus").body().asText();
        double heap = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        report.memory(heap / (1024 * 1024));
    }

    // ---- rebuild ---------------------------------------------------------------------------------------------------

    private void rebuild(double pgbenchTps) throws Exception {
        stagedoor.close();
        long total;
        try (EventWriter writer = new EventWriter(options.jdbcUrl(), options.user(), options.password())) {
            for (int m = 0; m < 5000; m++) {
                writer.meeting("rebuild-" + m, 200, 10, Instant.parse("2026-11-02T00:00:00Z"));
            }
        }
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password())) {
            var rows = connection.createStatement().executeQuery("SELECT count(*) FROM domain_event_entry");
            rows.next();
            total = rows.getLong(1);
        }
        restart();
        awaitProjected(Duration.ofMinutes(30));
        long start = System.nanoTime();
        http.post("/v1/admin/projections/stage-read-model/replay", null);
        awaitProjected(Duration.ofMinutes(30));
        double elapsed = seconds(System.nanoTime() - start);
        report.rebuild(total, elapsed, pgbenchTps);
    }

    private void awaitProjected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode progress = http.get("/v1/admin/projections/stage-read-model/replay").body();
            if (!progress.path("replaying").asBoolean() && progress.path("processed").asLong() == progress.path("total").asLong()
                    && http.get("/v1/admin/projections").body().get(0).path("lag").asLong(-1) == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the projection did not catch up in " + timeout);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Command-line options, {@code --name=value}. */
    record Options(Path jar, int port, String jdbcUrl, String user, String password, String pgHost, int pgPort,
                   String pgbenchDatabase, String pgbench, Path out, int[] rates, int stepSeconds, int baselineSeconds,
                   List<String> jvmOptions, Set<String> scenarios, int latencyRate, int warmUpRate, int warmUpSeconds) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            String rates = values.getOrDefault("rates", "100,200,300,400,500,600,800,1000,1500,2000,3000,5000");
            return new Options(Path.of(values.getOrDefault("jar", "deploy/standalone/target/stagedoor-standalone.jar")),
                    Integer.parseInt(values.getOrDefault("port", "18080")),
                    values.getOrDefault("jdbc-url", "jdbc:postgresql://localhost:5432/stagedoor_bench"),
                    values.getOrDefault("user", "stagedoor"), values.getOrDefault("password", "stagedoor"),
                    values.getOrDefault("pg-host", "localhost"), Integer.parseInt(values.getOrDefault("pg-port", "5432")),
                    values.getOrDefault("pgbench-database", "stagedoor_pgbench"),
                    values.getOrDefault("pgbench", "pgbench"),
                    Path.of(values.getOrDefault("out", "docs/performance")),
                    Arrays.stream(rates.split(",")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(values.getOrDefault("step-seconds", "10")),
                    Integer.parseInt(values.getOrDefault("baseline-seconds", "10")),
                    List.of(values.getOrDefault("jvm", "-Xmx1g -XX:+UseG1GC").split(" ")),
                    Set.of(values.getOrDefault("scenarios", "many,hot,latency,noisy,history,memory,rebuild").split(",")),
                    Integer.parseInt(values.getOrDefault("latency-rate", "100")),
                    Integer.parseInt(values.getOrDefault("warm-up-rate", "150")),
                    Integer.parseInt(values.getOrDefault("warm-up-seconds", "120")));
        }
    }
}
