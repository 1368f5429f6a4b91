package io.skiff.component.leaderelection;

/**
 * What a {@link LeaderElector} tells its listeners, as client-go's LeaderCallbacks. All calls come
 * in order on one callback thread of the elector, never on the thread that renews the lease, so a
 * slow callback cannot cost the lease; callbacks should still return promptly, since the next one
 * waits. Start long-running work on threads of its own (see {@link LeadershipGate}).
 */
public interface LeaderCallbacks {

    /** This candidate acquired the lease; it may act as leader until {@link #onStoppedLeading()}. */
    default void onStartedLeading() {}

    /**
     * This candidate stopped leading: it could not renew within the renew deadline, or the elector
     * is stopping. Leader work must stop now; another candidate may take over once the lease
     * expires (or at once, if the elector releases the lease on stop).
     */
    default void onStoppedLeading() {}

    /**
     * A different leader was observed than the last one reported (including this candidate and the
     * first leader seen after start). A released lease, with no holder, is not reported.
     */
    default void onNewLeader(String identity) {}
}
