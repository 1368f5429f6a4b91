package io.skiff.kubelet.image;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ImageGarbageCollector} at once and then every {@link #IMAGE_GC_PERIOD}, as the
 * kubelet's StartGarbageCollection does. A collection that did not reach its goal is a Warning
 * event on the node (InvalidDiskCapacity, FreeDiskSpaceFailed, with the collector's message); a
 * collection that fails after one that failed too is also an ImageGCFailed event, the first
 * failure being only logged ("Stats initialization may not have completed yet"). With a policy that
 * {@linkplain ImageGcPolicy#collects() collects nothing} it does not run.
 */
public final class ImageGarbageCollection implements AutoCloseable {

    /** The kubelet's ImageGCPeriod. */
    public static final Duration IMAGE_GC_PERIOD = Duration.ofMinutes(5);

    static final String IMAGE_GC_FAILED = "ImageGCFailed";

    private static final Logger log = LoggerFactory.getLogger(ImageGarbageCollection.class);

    /** Warning events about the node. */
    @FunctionalInterface
    public interface NodeWarnings {
        void warning(String reason, String message);
    }

    private final ImageGarbageCollector collector;
    private final NodeWarnings warnings;
    private final Duration period;
    private ScheduledExecutorService ticker;
    private boolean previousFailed;

    public ImageGarbageCollection(ImageGarbageCollector collector, NodeWarnings warnings, Duration period) {
        this.collector = collector;
        this.warnings = warnings;
        this.period = period;
    }

    public synchronized void start() {
        if (!collector.policy().collects()) {
            log.info("ImageGCHighThresholdPercent is set 100 and ImageMaximumGCAge is 0, Disable image GC");
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kubelet-image-gc");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(this::collect, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** One collection, with its events; never throws. */
    void collect() {
        try {
            collector.garbageCollect();
            if (previousFailed) {
                log.info("Image garbage collection succeeded");
            }
            previousFailed = false;
        } catch (RuntimeException e) {
            if (e instanceof ImageGcException failed) {
                warnings.warning(failed.reason(), failed.getMessage());
            }
            if (previousFailed) {
                log.error("Image garbage collection failed multiple times in a row: {}", e.getMessage());
                warnings.warning(IMAGE_GC_FAILED, String.valueOf(e.getMessage()));
            } else {
                log.error(
                        "Image garbage collection failed once. Stats initialization may not have completed yet: {}",
                        e.getMessage());
            }
            previousFailed = true;
        }
    }
}
