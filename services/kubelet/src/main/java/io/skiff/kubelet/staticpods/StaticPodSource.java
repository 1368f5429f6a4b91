package io.skiff.kubelet.staticpods;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file source of static pods (Kubernetes' NewSourceFile): reads the static pod path at start,
 * every file-check period, and shortly after the file system reports a change in the directory, and
 * hands every full read to its listener, which tells what was added, changed and removed. Reads run
 * one at a time on a thread of their own.
 */
public final class StaticPodSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaticPodSource.class);

    /** How long a burst of changes (an editor's temporary files, a copy in progress) may settle. */
    static final Duration SETTLE = Duration.ofMillis(100);

    private final ManifestDirectory directory;
    private final Duration period;
    private final AtomicBoolean readPending = new AtomicBoolean();
    private ScheduledExecutorService reads;
    private WatchService watchService;
    private Thread watcher;
    private Path watchedDirectory;
    private WatchKey watchKey;
    private Consumer<List<Pod>> listener;
    private volatile boolean seen;

    public StaticPodSource(ManifestDirectory directory, Duration period) {
        this.directory = directory;
        this.period = period;
    }

    /** Starts reading; each read's pods go to {@code listener}, on the source's thread. */
    public synchronized void start(Consumer<List<Pod>> listener) {
        if (reads != null) {
            return;
        }
        this.listener = listener;
        reads = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kubelet-static-pods");
            thread.setDaemon(true);
            return thread;
        });
        try {
            watchService = FileSystems.getDefault().newWatchService();
            watcher = new Thread(this::watch, "kubelet-static-pods-watch");
            watcher.setDaemon(true);
            watcher.start();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn(
                    "Cannot watch {} for changes, reading it every {} only: {}",
                    directory.path(),
                    period,
                    e.toString());
        }
        log.info("Reading static pods from {} every {}", directory.path(), period);
        reads.scheduleWithFixedDelay(this::read, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the path has been read once: until then, the kubelet does not know its static pods. */
    public boolean seen() {
        return seen;
    }

    private void read() {
        try {
            watchDirectory();
            List<Pod> pods = directory.read();
            listener.accept(pods);
            seen = true;
        } catch (RuntimeException e) {
            log.warn("Reading static pods from {} failed", directory.path(), e);
        }
    }

    /** Watches the path when it is a directory, else the directory it would appear in. */
    private void watchDirectory() {
        if (watchService == null) {
            return;
        }
        Path path = directory.path();
        Path wanted = Files.isDirectory(path) ? path : path.getParent();
        if (wanted == null || !Files.isDirectory(wanted)) {
            wanted = null;
        }
        if (wanted != null && wanted.equals(watchedDirectory) && watchKey != null && watchKey.isValid()) {
            return;
        }
        if (watchKey != null) {
            watchKey.cancel();
            watchKey = null;
        }
        watchedDirectory = wanted;
        if (wanted != null) {
            try {
                watchKey = wanted.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            } catch (IOException | ClosedWatchServiceException e) {
                log.debug("Cannot watch {}: {}", wanted, e.toString());
            }
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                key.pollEvents();
                key.reset();
                readSoon();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("Stopped watching {}", directory.path());
        }
    }

    private void readSoon() {
        if (!readPending.compareAndSet(false, true)) {
            return;
        }
        try {
            reads.schedule(
                    () -> {
                        readPending.set(false);
                        read();
                    },
                    SETTLE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            readPending.set(false);
        }
    }

    @Override
    public synchronized void close() {
        if (reads == null) {
            return;
        }
        reads.shutdownNow();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                log.debug("Closing the watch of {}: {}", directory.path(), e.toString());
            }
        }
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
