package io.stagedoor.load;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Drives the server over a fixed set of kept-alive connections, one per request allowed in flight, all served by one
 * thread with one selector: requests are bytes ({@link Requests}), answers are read with {@link AnswerReader}. On this
 * generator's shared cores a thread switch is what a request costs most, and one selector thread handles every answer
 * that is ready at once where a thread per connection wakes twice per request (measured: docs/performance.md). Each
 * run reports the server's and this generator's CPU over it ({@link Cpu}).
 *
 * <p>Open loop: requests are due at a fixed rate whatever the answers; each is sent on the first connection free, and
 * its latency is measured from the moment it was due, not when it could be sent, so a slow server is not hidden by the
 * generator waiting for it (no coordinated omission). The selector waits in whole milliseconds, so a request may leave
 * up to 1 ms after it was due; that is counted in its latency. Closed loop: each connection sends its next request as
 * soon as the last one is answered; latency from sending.
 *
 * <p>A connection the server closes is opened again; a request that met a kept-alive connection the server had closed
 * meanwhile (no byte of an answer arrived) is sent once more on a new one, as HTTP clients do. A request not answered
 * within a minute counts as failed and its connection is replaced.
 */
final class Load {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long ANSWER_TIMEOUT = TimeUnit.MINUTES.toNanos(1);

    /** One request and what to do with its answer. */
    record Exchange(byte[] request, Consumer<Answer> answered) {

        Exchange(byte[] request) {
            this(request, answer -> {
            });
        }
    }

    record Result(int targetRate, double achievedRate, long completed, long failed, long serverErrors, long rateLimited,
                  long connectionsOpened, Histogram latencyMicros, List<Integer> perSecond, Cpu.Use cpu) {

        /** Whether the server kept up with the offered rate: nearly all of it done, and no request waited a second. */
        boolean keptUp() {
            return achievedRate >= 0.95 * targetRate && latencyMicros.getValueAtPercentile(99) < 1_000_000;
        }

        long answered() {
            return completed + failed;
        }
    }

    private final int port;
    private final Cpu cpu;

    Load(int port, Cpu cpu) {
        this.port = port;
        this.cpu = cpu;
    }

    /** {@code rate} requests a second for {@code seconds}, at most {@code connections} in flight. */
    Result open(int rate, int seconds, int connections, Supplier<Exchange> next) {
        return new Run(rate, (long) rate * seconds, seconds * SECOND, connections, i -> next.get()).result();
    }

    /** As many requests as {@code connections} connections complete one after the other in {@code seconds}. */
    Result closed(int connections, int seconds, Supplier<Exchange> next) {
        return new Run(0, Long.MAX_VALUE, seconds * SECOND, connections, i -> next.get()).result();
    }

    /** The {@code count} requests {@code exchange(0..count-1)}, sent in that order over {@code connections} connections. */
    Result burst(int count, int connections, IntFunction<Exchange> exchange) {
        return new Run(0, count, TimeUnit.HOURS.toNanos(1), connections, exchange).result();
    }

    /** One run: its schedule, its connections and what it measured. */
    private final class Run {

        private final int rate;
        private final long total;
        private final IntFunction<Exchange> next;
        private final Cpu.Mark before = cpu.mark();
        private final long start = System.nanoTime();
        private final long duration;
        private final Selector selector;
        private final Deque<KeptAlive> idle = new ArrayDeque<>();
        private final List<KeptAlive> all = new ArrayList<>();
        private final Histogram latency = new Histogram(3_600_000_000L, 3);
        private final int[] perSecond;
        private long sent;
        private long completed;
        private long failed;
        private long serverErrors;
        private long rateLimited;
        private long opened;

        /** @param duration how long requests are sent, in nanoseconds */
        Run(int rate, long total, long duration, int connections, IntFunction<Exchange> next) {
            this.rate = rate;
            this.total = total;
            this.next = next;
            this.duration = duration;
            this.perSecond = new int[(int) Math.min(duration / SECOND, 3600) + 30];
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int c = 0; c < connections; c++) {
                KeptAlive connection = new KeptAlive();
                all.add(connection);
                idle.add(connection);
            }
        }

        Result result() {
            try (selector) {
                while (true) {
                    long now = System.nanoTime();
                    while (moreToSend(now) && !idle.isEmpty() && due(now) <= now) {
                        idle.poll().send(next.apply((int) sent), due(now));
                        sent++;
                    }
                    now = System.nanoTime();
                    if (!moreToSend(now) && idle.size() == all.size()) {
                        break;
                    }
                    long waitMillis = 1000;
                    if (moreToSend(now) && !idle.isEmpty()) {
                        waitMillis = Math.max(1, (due(now) - now + 999_999) / 1_000_000);
                    }
                    selector.select(waitMillis);
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid()) {
                            ((KeptAlive) key.attachment()).read();
                        }
                    }
                    selector.selectedKeys().clear();
                    expireUnanswered();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                all.forEach(KeptAlive::close);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<Integer> seconds = new ArrayList<>();
            for (int s = 0; s < Math.min(perSecond.length, (int) Math.ceil(elapsed)); s++) {
                seconds.add(perSecond[s]);
            }
            long answered = completed + failed;
            return new Result(rate, answered / elapsed, completed, failed, serverErrors, rateLimited, opened, latency,
                    seconds, cpu.since(before, answered));
        }

        private boolean moreToSend(long now) {
            return sent < total && (rate > 0 || now - start < duration);
        }

        /** When the next request is due: on schedule in an open loop, at once in a closed one. */
        private long due(long now) {
            return rate > 0 ? start + sent * SECOND / rate : now;
        }

        private void expireUnanswered() {
            long now = System.nanoTime();
            for (KeptAlive connection : all) {
                if (connection.exchange != null && now - connection.sentAt > ANSWER_TIMEOUT) {
                    connection.fail();
                }
            }
        }

        private void record(Exchange exchange, long due, Answer answer) {
            long now = System.nanoTime();
            latency.recordValue(Math.max(0, (now - due) / 1000));
            int second = (int) ((now - start) / SECOND);
            if (second < perSecond.length) {
                perSecond[second]++;
            }
            if (answer == null || answer.status() >= 500) {
                failed++;
                serverErrors += answer == null ? 0 : 1;
            } else {
                completed++;
                rateLimited += answer.status() == 429 ? 1 : 0;
            }
            if (answer != null) {
                exchange.answered().accept(answer);
            }
        }

        /** One kept-alive connection of the run, with at most one request in flight. */
        private final class KeptAlive {

            private final AnswerReader reader = new AnswerReader();
            private SocketChannel channel;
            private SelectionKey key;
            private boolean reused;
            private Exchange exchange;
            private long due;
            private long sentAt;

            void send(Exchange exchange, long due) {
                this.exchange = exchange;
                this.due = due;
                this.sentAt = System.nanoTime();
                reused = channel != null;
                boolean written = write();
                if (!written && reused) {
                    reused = false;
                    written = write();
                }
                if (!written) {
                    fail();
                }
            }

            /** Writes the request, opening the connection if needed; false (and closed) if that failed. */
            private boolean write() {
                try {
                    if (channel == null) {
                        open();
                    }
                    ByteBuffer request = ByteBuffer.wrap(exchange.request());
                    channel.write(request);
                    if (request.hasRemaining()) {
                        throw new IOException("the request did not fit the socket's buffer");
                    }
                    return true;
                } catch (IOException e) {
                    close();
                    return false;
                }
            }

            private void open() throws IOException {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(new InetSocketAddress("localhost", port));
                channel.configureBlocking(false);
                key = channel.register(selector, SelectionKey.OP_READ, this);
                opened++;
            }

            void read() {
                Answer answer;
                try {
                    if (!reader.fill(channel)) {
                        throw new IOException("the server closed the connection");
                    }
                    answer = reader.next();
                } catch (IOException e) {
                    boolean answerStarted = reader.pending();
                    close();
                    if (exchange != null && reused && !answerStarted) {
                        send(exchange, due);
                    } else if (exchange != null) {
                        fail();
                    }
                    return;
                }
                if (answer == null) {
                    return;
                }
                Exchange answered = exchange;
                exchange = null;
                if (answer.close()) {
                    close();
                }
                idle.add(this);
                record(answered, due, answer);
            }

            void fail() {
                Exchange failedExchange = exchange;
                exchange = null;
                close();
                idle.add(this);
                record(failedExchange, due, null);
            }

            void close() {
                reader.clear();
                if (key != null) {
                    key.cancel();
                    key = null;
                }
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // closing a broken connection: nothing left to release
                    }
                    channel = null;
                }
            }
        }
    }
}
