package io.skiff.bench.watch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Marker objects written before and after the measured writes. Watch events arrive in revision
 * order, so once every watcher has seen the start marker all watches are live, and once every
 * watcher has seen the end marker every measured event that will ever arrive has arrived.
 */
final class Barriers {

    private final int watchers;
    private final Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();

    Barriers(int watchers) {
        this.watchers = watchers;
    }

    /** Must be called before the marker object is written. */
    void open(String name) {
        latches.put(name, new CountDownLatch(watchers));
    }

    /** Called by a watcher for every event; true if the event was a marker. */
    boolean arrived(String name) {
        CountDownLatch latch = latches.get(name);
        if (latch == null) {
            return false;
        }
        latch.countDown();
        return true;
    }

    /** Waits until every watcher has seen the marker; returns how many had not by the timeout. */
    long await(String name, Duration timeout) throws InterruptedException {
        CountDownLatch latch = latches.get(name);
        latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return latch.getCount();
    }
}
