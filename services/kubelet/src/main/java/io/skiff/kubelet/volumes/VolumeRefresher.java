package io.skiff.kubelet.volumes;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-projects configMap, secret, downwardAPI and projected volumes every period, so that changes
 * to their sources reach running pods between syncs (Kubernetes' delay is the sync period plus its
 * cache's TTL; this one is the period).
 */
public final class VolumeRefresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VolumeRefresher.class);

    private final VolumeManager manager;
    private final Duration period;
    private final ScheduledExecutorService executor;

    public VolumeRefresher(VolumeManager manager, Duration period) {
        this.manager = manager;
        this.period = period;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "volume-refresher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            manager.refreshAll();
        } catch (RuntimeException e) {
            log.warn("volume refresh failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
