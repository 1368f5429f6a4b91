package io.skiff.component.leaderelection;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the elector once the application context is refreshed and stops it first on shutdown
 * (default phase: started last, stopped first), so the lease is released before the rest of the
 * component goes down.
 */
public final class LeaderElectorLifecycle implements SmartLifecycle {

    private final LeaderElector elector;
    private volatile boolean running;

    public LeaderElectorLifecycle(LeaderElector elector) {
        this.elector = elector;
    }

    @Override
    public void start() {
        elector.start();
        running = true;
    }

    @Override
    public void stop() {
        elector.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
