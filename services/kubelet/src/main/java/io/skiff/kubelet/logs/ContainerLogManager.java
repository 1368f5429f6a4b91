package io.skiff.kubelet.logs;

import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.RuntimeService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rotates the logs of running containers as the kubelet's container log manager does: every
 * monitoring period, each running container whose log file has reached {@code maxSize} has its
 * leftovers cleaned ({@code .tmp} files, uncompressed files already compressed), its oldest rotated
 * files removed so that at most {@code maxFiles - 2} stay, those compressed with gzip, and its log
 * renamed to {@code <log>.<yyyyMMdd-HHmmss>} (left uncompressed, so a reader can finish it) before
 * the runtime is asked to reopen the log (ReopenContainerLog). If the runtime cannot, the rename is
 * undone so the next round tries again.
 */
public final class ContainerLogManager implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ContainerLogManager.class);

    /** Go's "20060102-150405", the suffix of a rotated log. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final RuntimeService runtime;
    private final LogRotatePolicy policy;
    private final Duration monitoringPeriod;
    private final Clock clock;
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    /** @param clock its zone names the rotated files, as the node's local time does the kubelet's */
    public ContainerLogManager(RuntimeService runtime, LogRotatePolicy policy, Duration monitoringPeriod, Clock clock) {
        this.runtime = runtime;
        this.policy = policy;
        this.monitoringPeriod = monitoringPeriod;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!policy.rotates()) {
            log.info("Container log rotation is off (a negative containerLogMaxSize)");
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kubelet-log-rotation");
            thread.setDaemon(true);
            return thread;
        });
        long period = monitoringPeriod.toMillis();
        ticker.scheduleWithFixedDelay(this::rotateLogsSafely, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void rotateLogsSafely() {
        try {
            rotateLogs();
        } catch (RuntimeException e) {
            log.error("Failed to rotate container logs: {}", e.toString());
        }
    }

    /** One round over the running containers; a container whose log cannot be rotated is logged and skipped. */
    public synchronized void rotateLogs() {
        if (!policy.rotates()) {
            return;
        }
        for (ContainerStatus container : runtime.listContainers(null)) {
            // Only running containers write: a stopped one needs no fresh latest log.
            if (container.state() != ContainerStatus.ContainerState.RUNNING
                    || container.logPath() == null
                    || container.logPath().isEmpty()) {
                continue;
            }
            try {
                processContainer(container.id(), Path.of(container.logPath()));
            } catch (IOException | ContainerRuntimeException e) {
                log.error(
                        "Failed to rotate log for container {} at {}: {}",
                        container.id(),
                        container.logPath(),
                        e.toString());
            }
        }
    }

    private void processContainer(String id, Path path) throws IOException {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            // Someone removed the log: a new one is opened so that the output is not lost.
            runtime.reopenContainerLog(id);
            size = Files.size(path);
        }
        if (size < policy.maxSize()) {
            return;
        }
        List<Path> rotated = cleanupUnusedLogs(ContainerLogFiles.rotatedFiles(path));
        rotated = removeExcessLogs(rotated);
        for (Path file : rotated) {
            if (!file.getFileName().toString().endsWith(ContainerLogFiles.COMPRESSED_SUFFIX)) {
                compress(file);
            }
        }
        rotateLatestLog(id, path);
    }

    /** Removes the leftovers of a rotation that failed half-way; returns the rotated files still in use. */
    private static List<Path> cleanupUnusedLogs(List<Path> rotated) throws IOException {
        List<Path> inUse = ContainerLogFiles.inUse(rotated);
        for (Path file : rotated) {
            if (!inUse.contains(file)) {
                Files.deleteIfExists(file);
            }
        }
        return inUse;
    }

    /**
     * Keeps the newest {@code maxFiles - 2} rotated files: with the current log and the one about to
     * be rotated that makes {@code maxFiles}. The oldest go first, so a reader of a newer one is not
     * disturbed.
     */
    private List<Path> removeExcessLogs(List<Path> rotated) throws IOException {
        int keep = Math.max(policy.maxFiles() - 2, 0);
        List<Path> sorted = new ArrayList<>(rotated);
        sorted.sort(null);
        int excess = Math.max(sorted.size() - keep, 0);
        for (Path file : sorted.subList(0, excess)) {
            Files.deleteIfExists(file);
        }
        return List.copyOf(sorted.subList(excess, sorted.size()));
    }

    /** Gzips {@code file} into {@code file.gz} through a {@code .tmp} file, then removes it. */
    private static void compress(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ContainerLogFiles.TMP_SUFFIX);
        Path compressed = file.resolveSibling(file.getFileName() + ContainerLogFiles.COMPRESSED_SUFFIX);
        try {
            try (InputStream in = Files.newInputStream(file);
                    OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                            tmp,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE))) {
                in.transferTo(out);
            }
            Files.move(tmp, compressed, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.delete(file);
    }

    /** Renames the log aside, uncompressed, and has the runtime write a new one; undone if it cannot. */
    private void rotateLatestLog(String id, Path path) throws IOException {
        String timestamp = TIMESTAMP.format(LocalDateTime.ofInstant(clock.instant(), clock.getZone()));
        Path rotated = path.resolveSibling(path.getFileName() + "." + timestamp);
        Files.move(path, rotated, StandardCopyOption.ATOMIC_MOVE);
        try {
            runtime.reopenContainerLog(id);
        } catch (ContainerRuntimeException e) {
            try {
                Files.move(rotated, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException renameBack) {
                log.error("Failed to rename rotated log {} back to {}: {}", rotated, path, renameBack.toString());
            }
            throw new ContainerRuntimeException("failed to reopen container log \"" + id + "\": " + e.getMessage(), e);
        }
    }
}
