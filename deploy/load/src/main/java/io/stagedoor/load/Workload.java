package io.stagedoor.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The many-meetings command mix: each viewer walks request → grant (by the host) → join → leave, and now and then a
 * host denies, kicks, or a participant is added. A viewer's step is chosen from what the last acknowledged answer
 * left it in, so most commands change something, as in a real session.
 */
final class Workload {

    private static final int REQUEST = 0;
    private static final int GRANT = 1;
    private static final int JOIN = 2;
    private static final int LEAVE = 3;

    private final Http http;
    private final int meetings;
    private final int viewers;
    private final AtomicIntegerArray step;
    private final AtomicIntegerArray added;

    Workload(Http http, int meetings, int viewers) {
        this.http = http;
        this.meetings = meetings;
        this.viewers = viewers;
        this.step = new AtomicIntegerArray(meetings * viewers);
        this.added = new AtomicIntegerArray(meetings);
    }

    static String meeting(int m) {
        return "mm-" + m;
    }

    /** Creates the meetings, each with a host and its viewers. */
    void setUp(int concurrency) {
        Parallel.run(meetings, concurrency, m -> {
            http.post("/v1/meetings", "{\"meetingId\": \"" + meeting(m) + "\", \"maxOnStage\": 3}");
            http.post("/v1/meetings/" + meeting(m) + "/participants", "{\"userId\": \"host\", \"preset\": \"webinar_host\"}");
            for (int v = 0; v < viewers; v++) {
                http.post("/v1/meetings/" + meeting(m) + "/participants",
                        "{\"userId\": \"v" + v + "\", \"preset\": \"webinar_viewer\"}");
            }
        });
    }

    CompletableFuture<Http.Answer> next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int m = random.nextInt(meetings);
        String base = "/v1/meetings/" + meeting(m);
        int roll = random.nextInt(100);
        if (roll < 3) {
            return http.sendAsync("POST", base + "/participants", "{\"userId\": \"extra-" + added.incrementAndGet(m)
                    + "\", \"preset\": \"livestream_viewer\"}");
        }
        int v = random.nextInt(viewers);
        String user = "v" + v;
        if (roll < 6) {
            return http.sendAsync("POST", base + "/stage/deny", "{\"userIds\": [\"" + user + "\"]}", "X-Acting-User", "host");
        }
        if (roll < 9) {
            return http.sendAsync("POST", base + "/stage/kick", "{\"userIds\": [\"" + user + "\"]}", "X-Acting-User", "host");
        }
        int index = m * viewers + v;
        int current = step.get(index);
        CompletableFuture<Http.Answer> answer = switch (current) {
            case REQUEST -> http.sendAsync("POST", base + "/participants/" + user + "/stage/request", null, "X-Acting-User", user);
            case GRANT -> http.sendAsync("POST", base + "/stage/grant", "{\"userIds\": [\"" + user + "\"]}", "X-Acting-User", "host");
            case JOIN -> http.sendAsync("POST", base + "/participants/" + user + "/stage/join", null, "X-Acting-User", user);
            default -> http.sendAsync("POST", base + "/participants/" + user + "/stage/leave", null, "X-Acting-User", user);
        };
        return answer.whenComplete((result, error) -> {
            if (result != null && result.ok()) {
                step.compareAndSet(index, current, (current + 1) % 4);
            } else if (result != null) {
                step.compareAndSet(index, current, REQUEST);
            }
        });
    }
}
