package io.skiff.proxy.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Told about every sync: what metrics and the health check report. */
public interface SyncObserver {

    /**
     * A sync succeeded.
     *
     * @param took how long it ran
     * @param fullSync whether it rewrote every service's rules
     * @param triggerTimes the last-change-trigger-times of the endpoint changes it applied
     */
    void synced(Duration took, boolean fullSync, List<Instant> triggerTimes);

    /** A sync failed; {@code restoreFailed} when it was iptables-restore that failed. */
    void failed(Duration took, boolean fullSync, boolean restoreFailed, Exception cause);

    /** A change arrived that the next sync will apply (kube-proxy's QueuedUpdate). */
    void queued();

    SyncObserver NONE = new SyncObserver() {
        @Override
        public void synced(Duration took, boolean fullSync, List<Instant> triggerTimes) {}

        @Override
        public void failed(Duration took, boolean fullSync, boolean restoreFailed, Exception cause) {}

        @Override
        public void queued() {}
    };
}
