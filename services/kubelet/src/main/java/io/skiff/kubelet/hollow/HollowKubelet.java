package io.skiff.kubelet.hollow;

import org.springframework.context.SmartLifecycle;

/**
 * The hollow runtime at work: the nodes are registered and their statuses reported, their Leases
 * renewed, and the pods bound to them driven through their hollow lifecycle. Starts after the
 * informers (whose lifecycle phase comes earlier) and stops before them.
 */
public final class HollowKubelet implements SmartLifecycle {

    private final HollowNodeStatusReporter statuses;
    private final HollowLeaseRenewer leases;
    private final HollowPods pods;
    private volatile boolean running;

    HollowKubelet(HollowNodeStatusReporter statuses, HollowLeaseRenewer leases, HollowPods pods) {
        this.statuses = statuses;
        this.leases = leases;
        this.pods = pods;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        statuses.start();
        leases.start();
        pods.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        pods.stop();
        leases.stop();
        statuses.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether every hollow node is registered with the API server. */
    public boolean nodesRegistered() {
        return statuses.allRegistered();
    }
}
