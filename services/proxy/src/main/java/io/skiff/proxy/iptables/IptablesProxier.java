package io.skiff.proxy.iptables;

import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServiceChangeTracker;
import io.skiff.proxy.sync.Proxier;
import io.skiff.proxy.sync.SyncObserver;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's iptables mode: each sync writes the rules for the tracked state with one
 * iptables-restore. The first sync, the first after a failure, and one an hour are full syncs
 * (every service chain rewritten, jumps from the built-in chains checked); the others are partial,
 * rewriting only the chains of Services that changed, which keeps a sync cheap with thousands of
 * Services. Only a full sync reads the nat table back (iptables-save: about half a second with
 * 20,000 rules); a partial sync finds stale chains among those the previous sync left active, as
 * it is the only writer of per-service chains.
 */
public final class IptablesProxier implements Proxier {

    /** kube-proxy's FullSyncPeriod. */
    static final Duration FULL_SYNC_PERIOD = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(IptablesProxier.class);

    private final ServiceChangeTracker tracker;
    private final IptablesRules rules;
    private final Iptables iptables;
    private final SyncObserver observer;
    private final BooleanSupplier initialized;
    private final Runnable nodeSetup;
    private final Consumer<ProxySnapshot> afterSync;
    private boolean needFullSync = true;
    private long lastFullSync;
    /** The per-service chains the last successful sync left in the nat table; null before one. */
    private Set<String> activeNatChains;

    /**
     * @param initialized whether the Service and EndpointSlice informers have synced: until they
     *     have, a sync would remove the rules of Services not yet listed, so none runs
     * @param nodeSetup prepares the node's network (routes, settings) on every full sync, so that
     *     what someone removed comes back
     * @param afterSync what follows every successful sync, as in kube-proxy: the health check node
     *     ports and the stale UDP conntrack entries
     */
    public IptablesProxier(
            ServiceChangeTracker tracker,
            IptablesRules rules,
            Iptables iptables,
            SyncObserver observer,
            BooleanSupplier initialized,
            Runnable nodeSetup,
            Consumer<ProxySnapshot> afterSync) {
        this.tracker = tracker;
        this.rules = rules;
        this.iptables = iptables;
        this.observer = observer;
        this.initialized = initialized;
        this.nodeSetup = nodeSetup;
        this.afterSync = afterSync;
    }

    @Override
    public synchronized boolean sync() {
        if (!initialized.getAsBoolean()) {
            log.debug("not syncing iptables rules until Services and EndpointSlices have been listed");
            return true;
        }
        long start = System.nanoTime();
        boolean fullSync = needFullSync || start - lastFullSync > FULL_SYNC_PERIOD.toNanos();
        ProxySnapshot snapshot = tracker.snapshot();
        try {
            if (fullSync) {
                nodeSetup.run();
                iptables.ensureJumps();
            }
            Set<String> existingNatChains =
                    fullSync || activeNatChains == null ? iptables.natChains() : activeNatChains;
            IptablesRules.Restore restore = rules.build(snapshot, existingNatChains, fullSync);
            iptables.restore(restore.text());
            activeNatChains = restore.activeNatChains();
            if (fullSync) {
                lastFullSync = start;
            }
            needFullSync = false;
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.debug(
                    "synced iptables rules in {} ({} sync, {} service ports, {} rewritten, {} stale chains deleted)",
                    took,
                    fullSync ? "full" : "partial",
                    snapshot.services().size(),
                    restore.serviceChainsWritten(),
                    restore.staleChainsDeleted());
            observer.synced(took, fullSync, snapshot.triggerTimes());
        } catch (RuntimeException e) {
            needFullSync = true;
            activeNatChains = null;
            tracker.markAllChanged();
            boolean restoreFailed = e instanceof Iptables.RestoreFailedException;
            log.error("syncing iptables rules failed ({} sync): {}", fullSync ? "full" : "partial", e.getMessage());
            observer.failed(Duration.ofNanos(System.nanoTime() - start), fullSync, restoreFailed, e);
            return false;
        }
        try {
            afterSync.accept(snapshot);
        } catch (RuntimeException e) {
            log.error("after the sync: {}", e.getMessage());
        }
        return true;
    }
}
