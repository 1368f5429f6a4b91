package io.skiff.component.runtime;

import io.skiff.component.informer.SharedInformerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the component's informers once every bean has asked for the ones it needs, and stops
 * them on shutdown. Runs in an early phase, before leader election, so a new leader finds its caches
 * filling (or full) when it starts work.
 */
final class InformersLifecycle implements SmartLifecycle {

    /** Before the leader elector's phase (the default phase, Integer.MAX_VALUE). */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    private final SharedInformerFactory informers;
    private volatile boolean running;

    InformersLifecycle(SharedInformerFactory informers) {
        this.informers = informers;
    }

    @Override
    public void start() {
        informers.start();
        running = true;
    }

    @Override
    public void stop() {
        informers.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
