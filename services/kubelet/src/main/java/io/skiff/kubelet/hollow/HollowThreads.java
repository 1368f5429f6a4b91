package io.skiff.kubelet.hollow;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code <name>-<n>} for the hollow runtime's few loops and pools. */
final class HollowThreads {

    private HollowThreads() {}

    static ThreadFactory named(String name) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
