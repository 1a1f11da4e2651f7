package io.stagedoor.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends requests at a fixed rate, whatever the answers (open loop), with at most {@code maxInFlight} outstanding.
 * Latency is measured from the moment a request was due, not when it could be sent, so a slow server is not hidden
 * by the generator waiting for it (no coordinated omission).
 */
final class OpenLoop {

    record Result(int targetRate, double achievedRate, long completed, long failed, long serverErrors, Histogram latencyMicros,
                  List<Integer> perSecond) {

        /** Whether the server kept up with the offered rate: nearly all of it done, and no request waited a second. */
        boolean keptUp() {
            return achievedRate >= 0.95 * targetRate && latencyMicros.getValueAtPercentile(99) < 1_000_000;
        }
    }

    private OpenLoop() {
    }

    static Result run(int rate, int seconds, int maxInFlight, Supplier<CompletableFuture<Http.Answer>> next) {
        Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        Semaphore inFlight = new Semaphore(maxInFlight);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        int[] buckets = new int[seconds + 30];
        long total = (long) rate * seconds;
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquireUninterruptibly();
            next.get().whenComplete((answer, error) -> {
                long now = System.nanoTime();
                inFlight.release();
                latency.recordValue(Math.max(0, (now - due) / 1000));
                int second = (int) ((now - start) / 1_000_000_000L);
                if (second < buckets.length) {
                    synchronized (buckets) {
                        buckets[second]++;
                    }
                }
                if (error != null || answer.status() >= 500) {
                    failed.incrementAndGet();
                    if (error == null) {
                        serverErrors.incrementAndGet();
                    }
                } else {
                    completed.incrementAndGet();
                }
            });
        }
        inFlight.acquireUninterruptibly(maxInFlight);
        inFlight.release(maxInFlight);
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Integer> perSecond = new ArrayList<>();
        for (int s = 0; s < Math.min(buckets.length, (int) Math.ceil(elapsed)); s++) {
            perSecond.add(buckets[s]);
        }
        return new Result(rate, (completed.get() + failed.get()) / elapsed, completed.get(), failed.get(),
                serverErrors.get(), latency, perSecond);
    }
}
