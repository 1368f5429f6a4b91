package io.skiff.component.leaderelection;

import org.springframework.context.SmartLifecycle;

/**
 * With leader election disabled, the only instance leads for its whole life (kube-scheduler's
 * --leader-elect=false): leader work starts with the context and stops with it.
 */
public final class UnelectedLeadership implements SmartLifecycle {

    private final LeadershipGate gate;
    private volatile boolean running;

    public UnelectedLeadership(LeadershipGate gate) {
        this.gate = gate;
    }

    @Override
    public void start() {
        gate.onStartedLeading();
        running = true;
    }

    @Override
    public void stop() {
        gate.onStoppedLeading();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
