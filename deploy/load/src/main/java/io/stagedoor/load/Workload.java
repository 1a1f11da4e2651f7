package io.stagedoor.load;

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
    private final Requests requests;
    private final int meetings;
    private final int viewers;
    private final AtomicIntegerArray step;
    private final AtomicIntegerArray added;

    Workload(Http http, int meetings, int viewers) {
        this.http = http;
        this.requests = http.requests();
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

    /** The next command of the mix, encoded for {@link Load}; its answer moves the viewer along its cycle. */
    Load.Exchange next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int m = random.nextInt(meetings);
        String base = "/v1/meetings/" + meeting(m);
        int roll = random.nextInt(100);
        if (roll < 3) {
            return new Load.Exchange(requests.encode("POST", base + "/participants", "{\"userId\": \"extra-"
                    + added.incrementAndGet(m) + "\", \"preset\": \"livestream_viewer\"}"));
        }
        int v = random.nextInt(viewers);
        String user = "v" + v;
        if (roll < 6) {
            return new Load.Exchange(requests.encode("POST", base + "/stage/deny", "{\"userIds\": [\"" + user + "\"]}",
                    "X-Acting-User", "host"));
        }
        if (roll < 9) {
            return new Load.Exchange(requests.encode("POST", base + "/stage/kick", "{\"userIds\": [\"" + user + "\"]}",
                    "X-Acting-User", "host"));
        }
        int index = m * viewers + v;
        int current = step.get(index);
        byte[] request = switch (current) {
            case REQUEST -> requests.encode("POST", base + "/participants/" + user + "/stage/request", null, "X-Acting-User", user);
            case GRANT -> requests.encode("POST", base + "/stage/grant", "{\"userIds\": [\"" + user + "\"]}",
                    "X-Acting-User", "host");
            case JOIN -> requests.encode("POST", base + "/participants/" + user + "/stage/join", null, "X-Acting-User", user);
            default -> requests.encode("POST", base + "/participants/" + user + "/stage/leave", null, "X-Acting-User", user);
        };
        return new Load.Exchange(request, answer -> step.compareAndSet(index, current, answer.ok() ? (current + 1) % 4 : REQUEST));
    }
}
