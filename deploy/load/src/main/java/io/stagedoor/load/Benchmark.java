package io.stagedoor.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashSet;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Measures Stagedoor the way its users load it, against what PostgreSQL itself commits in the same run, and writes
 * the report (Markdown with SVG charts) and a JSON summary. See docs/performance.md for how to run it.
 */
public final class Benchmark {

    private final Options options;
    private final Report report;
    private final Stagedoor.Settings settings;
    private final Cpu cpu = new Cpu(() -> this.stagedoor.cpuTime());
    private final Load load;
    private Stagedoor stagedoor;
    private Http http;
    private Workload manyMeetings;

    private Benchmark(Options options) throws IOException {
        this.options = options;
        // read before this run writes its own summary, which may be the same file
        this.report = new Report(options.out(), Files.exists(options.previous())
                ? Http.JSON.readTree(options.previous().toFile()) : Http.JSON.missingNode());
        this.load = new Load(options.port(), cpu);
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
        if (scenarios.contains("floor")) {
            httpFloor();
            report.write();
        }
        double max = 0;
        if (scenarios.contains("many")) {
            max = manyMeetings(pgbench.get(32));
            report.write();
        }
        if (scenarios.contains("hot")) {
            hotMeeting(pgbench.get(64));
            report.write();
        }
        if (scenarios.contains("autoadmit")) {
            autoAdmit();
            report.write();
        }
        if (scenarios.contains("latency")) {
            notificationsAndLag(max > 0 ? max * 0.5 : options.latencyRate());
            report.write();
        }
        if (scenarios.contains("webhooks")) {
            webhookLatency(max > 0 ? max * 0.5 : options.latencyRate());
            report.write();
        }
        if (scenarios.contains("feed")) {
            feedReads();
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
        report.write();
        System.out.print(report.summaryForConsole());
    }

    private void restart() throws Exception {
        if (stagedoor != null) {
            stagedoor.close();
            http.close();
        }
        stagedoor = new Stagedoor(settings).start();
        http = new Http(options.port(), settings.key());
    }

    // ---- the HTTP floor: what a request costs the server before any command ----------------------------------------

    /**
     * Requests/s and the server's CPU per request for four endpoints that do no command: the public key set (static,
     * no authentication), the liveness and readiness probes (the latter's latency under 32 concurrent probes is a
     * target of issue 11), and an authenticated read of one participant; each closed-loop on 32 connections, after a
     * warm-up of the same length.
     */
    private void httpFloor() {
        http.post("/v1/meetings", "{\"meetingId\": \"floor\"}");
        long version = http.post("/v1/meetings/floor/participants", "{\"userId\": \"u\", \"preset\": \"webinar_viewer\"}")
                           .version();
        http.get("/v1/meetings/floor/stage?minVersion=" + version);
        Requests anonymous = new Requests(options.port(), null);
        List<Endpoint> endpoints = List.of(
                new Endpoint("jwks", "public key set, `GET /.well-known/jwks.json`",
                        anonymous.encode("GET", "/.well-known/jwks.json", null)),
                new Endpoint("liveness", "liveness probe, `GET /actuator/health/liveness`",
                        anonymous.encode("GET", "/actuator/health/liveness", null)),
                new Endpoint("readiness", "readiness probe, `GET /actuator/health/readiness` (issue 11: p99 ≤ 50 ms)",
                        anonymous.encode("GET", "/actuator/health/readiness", null)),
                new Endpoint("participantRead", "one participant with the API key, `GET /v1/meetings/{m}/participants/{u}`",
                        http.requests().encode("GET", "/v1/meetings/floor/participants/u", null)));
        List<Report.Floor> floor = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            AtomicLong notOk = new AtomicLong();
            Load.Exchange exchange = new Load.Exchange(endpoint.request(), answer -> {
                if (!answer.ok()) {
                    notOk.incrementAndGet();
                }
            });
            load.closed(32, options.stepSeconds(), () -> exchange);
            notOk.set(0);
            Load.Result measured = load.closed(32, options.stepSeconds(), () -> exchange);
            floor.add(new Report.Floor(endpoint.key(), endpoint.description(), measured, notOk.get()));
        }
        report.httpFloor(floor, options.stepSeconds());
    }

    private record Endpoint(String key, String description, byte[] request) {
    }

    // ---- many meetings: ramp an open loop until saturation --------------------------------------------------------

    private double manyMeetings(double pgbenchTps) throws IOException {
        long setupStart = System.nanoTime();
        Workload workload = manyMeetingsWorkload();
        report.note(String.format(Locale.ROOT, "many meetings: set up 1,000 meetings with 5 participants each (6,000 "
                + "commands, 32 clients) in %.1f s", seconds(System.nanoTime() - setupStart)));
        // A service runs for days: measure it compiled, not while the JIT is still at work on a cold JVM.
        Load.Result warmUp = load.open(options.warmUpRate(), options.warmUpSeconds(), 32, workload::next);
        report.note(String.format(Locale.ROOT, "many meetings: warm-up of %d s at %d/s before the ramp (achieved %.0f/s)",
                options.warmUpSeconds(), options.warmUpRate(), warmUp.achievedRate()));
        report.cpu("many meetings", "warm-up at " + options.warmUpRate() + "/s", "command", warmUp.cpu());
        List<Load.Result> steps = new ArrayList<>();
        double sustained = 0;
        for (int rate : options.rates()) {
            Load.Result step = load.open(rate, options.stepSeconds(), 32, workload::next);
            steps.add(step);
            if (!step.keptUp()) {
                break;
            }
            sustained = Math.max(sustained, step.achievedRate());
        }
        double peak = steps.stream().mapToDouble(Load.Result::achievedRate).max().orElse(0);
        Load.Result half = load.open((int) Math.max(20, Math.max(sustained, peak) * 0.5), options.stepSeconds() * 2, 32,
                workload::next);
        report.manyMeetings(steps, sustained, peak, pgbenchTps, half);
        return Math.max(sustained, peak);
    }

    /** The 1,000 meetings of the many-meetings mix, set up by the first scenario that needs them. */
    private Workload manyMeetingsWorkload() {
        if (manyMeetings == null) {
            manyMeetings = new Workload(http, 1000, 4);
            Cpu.Mark before = cpu.mark();
            manyMeetings.setUp(32);
            report.cpu("many meetings", "set-up: 1,000 meetings of 5 participants, 32 clients", "command",
                    cpu.since(before, 1000 * 6));
        }
        return manyMeetings;
    }

    // ---- hot meeting: a raise-hand storm ---------------------------------------------------------------------------

    private void hotMeeting(double pgbenchTps) {
        String base = "/v1/meetings/hot";
        http.post("/v1/meetings", "{\"meetingId\": \"hot\"}");
        http.post(base + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        Cpu.Mark before = cpu.mark();
        Parallel.run(5000, 32, v -> http.post(base + "/participants", "{\"userId\": \"h" + v + "\", \"preset\": \"webinar_viewer\"}"));
        report.cpu("hot meeting", "set-up: 5,000 viewers added, 32 clients", "command", cpu.since(before, 5000));
        AtomicInteger refused = new AtomicInteger();
        long[] versionOf = new long[5000];
        Requests requests = http.requests();
        Load.Result storm = load.burst(5000, 64, v -> new Load.Exchange(requests.encode("POST",
                base + "/participants/h" + v + "/stage/request", null, "X-Acting-User", "h" + v), answer -> {
            if (!answer.ok()) {
                refused.incrementAndGet();
            }
            versionOf[v] = answer.version();
        }));
        int errors = refused.get() + (int) (storm.failed() - storm.serverErrors());
        double rate = storm.achievedRate();
        long last = 0;
        for (long version : versionOf) {
            last = Math.max(last, version);
        }
        List<String> queue = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get(base + "/stage/requests?limit=1000&minVersion=" + last
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("requests").forEach(r -> queue.add(r.path("userId").asText()));
            cursor = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (cursor != null);
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 5000).boxed().sorted((a, b) -> Long.compare(versionOf[a], versionOf[b]))
                                  .forEach(v -> expected.add("h" + v));
        boolean inOrder = queue.equals(expected);
        before = cpu.mark();
        long grantStart = System.nanoTime();
        Answer granted = http.post(base + "/stage/grant", "{\"all\": true}", "X-Acting-User", "host");
        double grantSeconds = seconds(System.nanoTime() - grantStart);
        report.cpu("hot meeting", "grant-all", "command", cpu.since(before, 1));
        report.hotMeeting(rate, errors, queue.size(), inOrder, granted.json().path("outcomes").size(), grantSeconds,
                pgbenchTps, storm.cpu());
    }

    // ---- auto-admit: seats that fill themselves -------------------------------------------------------------------

    /**
     * A meeting with autoAccept and maxOnStage 50: 5,000 viewers request the stage from 64 clients while 16 stage hands
     * make every admitted viewer join and leave at once, so seats free and refill all the time. Then the stored events
     * are replayed: never more than 50 seats taken, every admission by the engine, admissions in request order.
     */
    private void autoAdmit() throws Exception {
        int viewers = 5000;
        int seats = 50;
        String base = "/v1/meetings/auto";
        http.post("/v1/meetings", "{\"meetingId\": \"auto\", \"autoAccept\": true, \"maxOnStage\": " + seats + "}");
        for (int from = 0; from < viewers; from += 1000) {
            StringBuilder batch = new StringBuilder("{\"participants\": [");
            for (int v = from; v < from + 1000; v++) {
                batch.append(v == from ? "" : ",").append("{\"userId\": \"a").append(v)
                     .append("\", \"preset\": \"webinar_viewer\"}");
            }
            Answer added = http.post(base + "/participants/batch", batch.append("]}").toString());
            if (!added.ok()) {
                throw new IllegalStateException("could not add the auto-admit viewers: " + added.text());
            }
        }
        BlockingQueue<String> admitted = new LinkedBlockingQueue<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger leftTheStage = new AtomicInteger();
        Consumer<Answer> collect = answer -> {
            if (!answer.ok()) {
                errors.incrementAndGet();
                return;
            }
            answer.json().path("outcomes").forEach(outcome -> {
                if ("ACCEPTED_TO_JOIN_STAGE".equals(outcome.path("to").asText())
                        && !"ACCEPTED_TO_JOIN_STAGE".equals(outcome.path("from").asText())) {
                    admitted.add(outcome.path("userId").asText());
                }
            });
        };
        Cpu.Mark before = cpu.mark();
        long start = System.nanoTime();
        ExecutorService stageHands = Executors.newFixedThreadPool(16);
        for (int hand = 0; hand < 16; hand++) {
            stageHands.submit(() -> {
                while (leftTheStage.get() < viewers && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
                    String viewer = admitted.poll(100, TimeUnit.MILLISECONDS);
                    if (viewer != null) {
                        collect.accept(http.post(base + "/participants/" + viewer + "/stage/join", null, "X-Acting-User", viewer));
                        collect.accept(http.post(base + "/participants/" + viewer + "/stage/leave", null, "X-Acting-User", viewer));
                        leftTheStage.incrementAndGet();
                    }
                }
                return null;
            });
        }
        Parallel.run(viewers, 64, v -> collect.accept(http.post(base + "/participants/a" + v + "/stage/request", null,
                "X-Acting-User", "a" + v)));
        stageHands.shutdown();
        stageHands.awaitTermination(11, TimeUnit.MINUTES);
        double seconds = seconds(System.nanoTime() - start);
        Cpu.Use use = cpu.since(before, 3L * viewers);
        report.cpu("auto-admit", "5,000 requests, joins and leaves", "command", use);
        report.autoAdmit(viewers, seats, 3 * viewers / seconds, errors.get(), leftTheStage.get(), stageLog("auto"), use);
    }

    /** What the stored events of a meeting say about its seats and admissions (replayed from PostgreSQL). */
    record StageLog(int maxSeatsTaken, int admissions, int admissionsNotByTheEngine, boolean admittedInRequestOrder) {
    }

    private StageLog stageLog(String meeting) throws Exception {
        List<String> requested = new ArrayList<>();
        List<String> admittedInOrder = new ArrayList<>();
        Set<String> seatsTaken = new HashSet<>();
        int maxSeats = 0;
        int notByTheEngine = 0;
        try (Connection connection = DriverManager.getConnection(options.jdbcUrl(), options.user(), options.password());
             var query = connection.prepareStatement("SELECT payloadType, convert_from(payload, 'UTF8') FROM "
                     + "domain_event_entry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber")) {
            query.setString(1, meeting);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1).substring(rows.getString(1).lastIndexOf('.') + 1);
                    JsonNode event = Http.JSON.readTree(rows.getString(2));
                    String user = event.path("userId").asText();
                    switch (type) {
                        case "StageAccessRequested" -> requested.add(user);
                        case "StageAccessGranted" -> {
                            admittedInOrder.add(user);
                            seatsTaken.add(user);
                            if (!"service:stagedoor".equals(event.path("grantedBy").asText())
                                    || !"auto-accept".equals(event.path("reason").asText())) {
                                notByTheEngine++;
                            }
                        }
                        case "StageLeft", "StageAccessDenied", "RemovedFromStage", "ParticipantRemoved", "StageClosed" ->
                                seatsTaken.remove(user);
                        default -> {
                        }
                    }
                    maxSeats = Math.max(maxSeats, seatsTaken.size());
                }
            }
        }
        return new StageLog(maxSeats, admittedInOrder.size(), notByTheEngine, admittedInOrder.equals(requested));
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
        Load.Result backgroundRun;
        try (Sse sse = new Sse(http, "probe")) {
            CompletableFuture<Load.Result> backgroundLoad = CompletableFuture.supplyAsync(
                    () -> load.open((int) Math.max(20, rate), options.stepSeconds() * 2, 32, background::next));
            for (int i = 0; i < options.stepSeconds() * 2 * 10; i++) {
                String path = base + "/participants/p/stage/" + (i % 2 == 0 ? "request" : "cancel-request");
                long sent = System.nanoTime();
                Answer answer = http.post(path, null, "X-Acting-User", "p");
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
            backgroundRun = backgroundLoad.join();
        }
        report.cpu("notifications and lag", String.format(Locale.ROOT, "the mix at %.0f/s with the probe", rate), "command",
                backgroundRun.cpu());
        long loadStopped = System.nanoTime();
        long converged = -1;
        while (System.nanoTime() - loadStopped < TimeUnit.SECONDS.toNanos(30)) {
            JsonNode projection = readModelProjection();
            if (projection.path("lag").asLong(-1) == 0) {
                converged = System.nanoTime();
                break;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        report.notificationsAndLag(rate, notification, lag, converged < 0 ? -1 : seconds(converged - loadStopped));
    }

    /** The read models' projection among the processors (the change feed's is listed too). */
    private JsonNode readModelProjection() {
        for (JsonNode projection : http.get("/v1/admin/projections").json()) {
            if (projection.path("name").asText().equals("stage-read-model")) {
                return projection;
            }
        }
        throw new IllegalStateException("no stage-read-model projection");
    }

    // ---- webhooks: event committed → the receiver got it, at half load -------------------------------------------

    /**
     * A receiver in this process is registered for one probe meeting, whose host joins and leaves every 100 ms while
     * the many-meetings mix runs in the background; each message's latency is from sending its command (an upper bound
     * of the commit) to the receiver getting it.
     */
    private void webhookLatency(double rate) throws Exception {
        String base = "/v1/meetings/hook-probe";
        http.post("/v1/meetings", "{\"meetingId\": \"hook-probe\"}");
        http.post(base + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
        Workload background = manyMeetingsWorkload();
        Histogram latency = new Histogram(60_000_000L, 3);
        int sent = 0;
        int missing = 0;
        try (Receiver receiver = new Receiver()) {
            String id = http.post("/v1/webhooks", "{\"url\": \"" + receiver.url() + "\", \"meetingId\": \"hook-probe\"}")
                            .json().path("id").asText();
            CompletableFuture<Load.Result> backgroundLoad = CompletableFuture.supplyAsync(
                    () -> load.open((int) Math.max(20, rate), options.stepSeconds() * 2, 32, background::next));
            for (int i = 0; i < options.stepSeconds() * 2 * 10; i++) {
                long commandSent = System.nanoTime();
                Answer answer = http.post(base + "/participants/host/stage/" + (i % 2 == 0 ? "join" : "leave"), null,
                        "X-Acting-User", "host");
                sent++;
                String key = "hook-probe@" + answer.version();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!receiver.arrivedNanos.containsKey(key) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                Long arrived = receiver.arrivedNanos.get(key);
                if (arrived == null) {
                    missing++;
                }
                latency.recordValue(((arrived == null ? deadline : arrived) - commandSent) / 1000);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            Load.Result backgroundRun = backgroundLoad.join();
            report.cpu("webhooks", String.format(Locale.ROOT, "the mix at %.0f/s with the webhook probe", rate), "command",
                    backgroundRun.cpu());
            http.send("DELETE", "/v1/webhooks/" + id, null);
        }
        report.webhookLatency(rate, latency, sent, missing);
    }

    // ---- the change feed: how fast a service reads it ------------------------------------------------------------

    /** Pages through the whole feed from the start, 1,000 events a request, for up to a minute. */
    private void feedReads() {
        long events = 0;
        long after = 0;
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode page = http.get("/v1/events?limit=1000&after=" + after).json();
            int size = page.path("events").size();
            events += size;
            after = page.path("next").asLong();
            if (size < 1000) {
                break;
            }
        }
        report.feedReads(events, seconds(System.nanoTime() - started));
    }

    // ---- noisy neighbour: one client at ten times the normal rate ------------------------------------------------

    /**
     * Other meetings' latency at a normal rate, alone and then while one participant sends ten times that rate over 8
     * kept-alive connections: the participant's rate limit refuses the excess (2014) before it costs the database
     * anything.
     */
    private void noisyNeighbour() {
        int normalRate = options.latencyRate();
        Workload others = manyMeetingsWorkload();
        load.open(normalRate, options.stepSeconds(), 32, others::next);
        Load.Result alone = load.open(normalRate, options.stepSeconds() * 2, 32, others::next);
        report.cpu("noisy neighbour", "the mix at " + normalRate + "/s, alone", "request", alone.cpu());
        http.post("/v1/meetings", "{\"meetingId\": \"noisy\"}");
        String token = http.post("/v1/meetings/noisy/participants", "{\"userId\": \"n\", \"preset\": \"webinar_viewer\"}")
                           .json().path("token").asText();
        int noisyRate = normalRate * 10;
        Load.Exchange abuse = new Load.Exchange(new Requests(options.port(), null).encode("POST",
                "/v1/meetings/noisy/participants/n/stage/request", null, "Authorization", "Bearer " + token));
        CompletableFuture<Load.Result> flood = CompletableFuture.supplyAsync(
                () -> load.open(noisyRate, options.stepSeconds() * 2, 8, () -> abuse));
        Load.Result withNoisy = load.open(normalRate, options.stepSeconds() * 2, 32, others::next);
        Load.Result noisy = flood.join();
        // the flood ran over the same seconds: the others' step measured the CPU of both
        Cpu.Use both = new Cpu.Use(withNoisy.cpu().server(), withNoisy.cpu().generator(), withNoisy.cpu().elapsed(),
                withNoisy.answered() + noisy.answered());
        report.cpu("noisy neighbour", "the mix at " + normalRate + "/s and the flood at " + noisyRate + "/s", "request", both);
        report.noisyNeighbour(normalRate, alone, withNoisy, noisyRate, noisy, both);
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
        Cpu.Mark before = cpu.mark();
        for (int i = 0; i < 1000; i++) {
            longLatency.recordValue((long) (timeJoinLeave("long", 1) * 1e6));
            freshLatency.recordValue((long) (timeJoinLeave("fresh", 1) * 1e6));
        }
        report.cpu("long history", "1,000 commands on each meeting, one at a time", "command", cpu.since(before, 2000));
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
        Cpu.Mark before = cpu.mark();
        Parallel.run(10_000, 32, m -> {
            http.post("/v1/meetings", "{\"meetingId\": \"mem-" + m + "\"}");
            http.post("/v1/meetings/mem-" + m + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
            http.post("/v1/meetings/mem-" + m + "/participants", "{\"userId\": \"v\", \"preset\": \"webinar_viewer\"}");
            http.post("/v1/meetings/mem-" + m + "/participants/v/stage/request", null, "X-Acting-User", "v");
        });
        report.cpu("memory", "set-up: 10,000 meetings, 4 commands each, 32 clients", "command", cpu.since(before, 40_000));
        stagedoor.collectGarbage();
        TimeUnit.SECONDS.sleep(1);
        stagedoor.collectGarbage();
        String metrics = http.get("/actuator/prometheus").text();
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
        Cpu.Mark before = cpu.mark();
        long start = System.nanoTime();
        http.post("/v1/admin/projections/stage-read-model/rebuild", null);
        awaitRebuilt(Duration.ofMinutes(30));
        double elapsed = seconds(System.nanoTime() - start);
        report.cpu("rebuild", String.format(Locale.ROOT, "bulk rebuild of %,d events", total), "event",
                cpu.since(before, total));
        report.rebuild(total, elapsed, pgbenchTps);
    }

    /** Waits for the bulk rebuild (one snapshot read, folded in memory, COPYed, swapped in) to finish. */
    private void awaitRebuilt(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode progress = http.get("/v1/admin/projections/stage-read-model/rebuild").json();
            switch (progress.path("phase").asText()) {
                case "DONE" -> {
                    return;
                }
                case "FAILED" -> throw new IllegalStateException("the rebuild failed: " + progress.path("error").asText());
                default -> TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("the rebuild did not finish in " + timeout);
    }

    private void awaitProjected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode progress = http.get("/v1/admin/projections/stage-read-model/replay").json();
            if (!progress.path("replaying").asBoolean() && progress.path("processed").asLong() == progress.path("total").asLong()
                    && readModelProjection().path("lag").asLong(-1) == 0) {
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
                   String pgbenchDatabase, String pgbench, Path out, Path previous, int[] rates, int stepSeconds,
                   int baselineSeconds, List<String> jvmOptions, Set<String> scenarios, int latencyRate, int warmUpRate,
                   int warmUpSeconds) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
            String rates = values.getOrDefault("rates", "500,1000,1500,2000,3000,4000,5000,6000,8000");
            return new Options(Path.of(values.getOrDefault("jar", "deploy/standalone/target/stagedoor-standalone.jar")),
                    Integer.parseInt(values.getOrDefault("port", "18080")),
                    values.getOrDefault("jdbc-url", "jdbc:postgresql://localhost:5432/stagedoor_bench"),
                    values.getOrDefault("user", "stagedoor"), values.getOrDefault("password", "stagedoor"),
                    values.getOrDefault("pg-host", "localhost"), Integer.parseInt(values.getOrDefault("pg-port", "5432")),
                    values.getOrDefault("pgbench-database", "stagedoor_pgbench"),
                    values.getOrDefault("pgbench", "pgbench"),
                    Path.of(values.getOrDefault("out", "docs/performance")),
                    Path.of(values.getOrDefault("previous", "docs/performance/summary.json")),
                    Arrays.stream(rates.split(",")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(values.getOrDefault("step-seconds", "10")),
                    Integer.parseInt(values.getOrDefault("baseline-seconds", "10")),
                    List.of(values.getOrDefault("jvm", "-Xmx1g -XX:+UseG1GC").split(" ")),
                    Set.of(values.getOrDefault("scenarios", "floor,many,hot,autoadmit,latency,webhooks,feed,noisy,history,memory,rebuild").split(",")),
                    Integer.parseInt(values.getOrDefault("latency-rate", "100")),
                    Integer.parseInt(values.getOrDefault("warm-up-rate", "150")),
                    Integer.parseInt(values.getOrDefault("warm-up-seconds", "120")));
        }
    }
}
