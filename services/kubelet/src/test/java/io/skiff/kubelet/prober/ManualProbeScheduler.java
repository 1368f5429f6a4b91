package io.skiff.kubelet.prober;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test moves it: {@link #advance} runs every task that falls due on
 * the calling thread, in order; a probe that "takes time" moves the clock with {@link #elapse}.
 */
final class ManualProbeScheduler implements ProbeScheduler {

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::sequence));
    private Instant now;
    private long sequence;

    ManualProbeScheduler(Instant start) {
        this.now = start;
    }

    private record Task(Instant due, long sequence, Runnable runnable, boolean[] cancelled) {}

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock by {@code duration}, running each task when its time comes. */
    void advance(Duration duration) {
        Instant until = now().plus(duration);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due().isAfter(until)) {
                    now = until;
                    return;
                }
                tasks.poll();
                if (next.due().isAfter(now)) {
                    now = next.due();
                }
            }
            if (!next.cancelled()[0]) {
                next.runnable().run();
            }
        }
    }

    /** Runs what is due now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock without running anything: time a probe takes. */
    synchronized void elapse(Duration duration) {
        now = now.plus(duration);
    }
}
