package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ContainerRuntimeException;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.crilog.CriLogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's JVM as the containers' shim. Starting a container runs {@code runc run --keep} as a
 * child process: two threads copy the container's stdout and stderr from its pipes into the CRI
 * log, and when runc exits its exit status is the container's exit code; the memory cgroup, kept
 * by {@code --keep}, tells whether the OOM killer struck. Stopping signals through
 * {@code runc kill}; exec runs {@code runc exec} and, on timeout, kills the command it started.
 */
final class ContainerProcesses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerProcesses.class);

    private static final int EXEC_OUTPUT_LIMIT = 16 * 1024 * 1024;
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final RuncCli runc;
    private final Cgroups cgroups;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService exitHandlers = Executors.newCachedThreadPool(daemonThreads("runc-exit"));
    private final AtomicInteger execs = new AtomicInteger();

    ContainerProcesses(RuncCli runc, Cgroups cgroups, Clock clock, Duration timeout) {
        this.runc = runc;
        this.cgroups = cgroups;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Starts the container and returns once its process runs; its exit is recorded later. When it
     * cannot start, it is recorded as exited with containerd's StartError and the reason thrown.
     */
    void start(RuncContainer container) {
        Path pidFile = container.bundle.resolve("init.pid");
        Path runcLog = container.bundle.resolve("runc.log");
        CriLogFile logFile;
        Process process;
        try {
            logFile = CriLogFile.open(container.logPath, clock);
            process = runc.run(container.id, container.bundle, pidFile, runcLog);
        } catch (IOException e) {
            container.failedToStart(clock.instant(), e.getMessage());
            throw failure("start", container, e.getMessage(), e);
        }
        List<Thread> pumps = List.of(
                pump(process.getInputStream(), logFile, CriLogFormat.STDOUT, container.id),
                pump(process.getErrorStream(), logFile, CriLogFormat.STDERR, container.id));
        if (awaitStart(process, pidFile)) {
            container.logFile = logFile;
            container.started(clock.instant());
            process.onExit().thenRunAsync(() -> finish(container, process, pumps, logFile), exitHandlers);
            return;
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        awaitQuietly(process, pumps);
        closeQuietly(logFile);
        String error = runc.lastError(runcLog)
                .orElse(
                        process.isAlive()
                                ? "runc run did not start it"
                                : "runc run exited with " + process.exitValue());
        container.failedToStart(clock.instant(), error);
        throw failure("start", container, error, null);
    }

    /** Sends the stop signal, then SIGKILL once {@code grace} is over (at once when it is zero). */
    void stop(RuncContainer container, Duration grace) {
        if (!grace.isZero() && !grace.isNegative()) {
            runc.kill(container.id, container.stopSignal);
            if (awaitExit(container, grace)) {
                return;
            }
        }
        runc.kill(container.id, "SIGKILL");
        if (!awaitExit(container, timeout)) {
            throw failure("stop", container, "it did not exit within " + timeout + " of SIGKILL", null);
        }
    }

    /** Runs {@code command} in the running container and waits for it, at most {@code deadline}. */
    ExecResult exec(RuncContainer container, List<String> command, Duration deadline) {
        Path scratch = container.bundle.resolve("exec-" + execs.incrementAndGet());
        try {
            Files.createDirectories(scratch);
            Path pidFile = scratch.resolve("exec.pid");
            Path runcLog = scratch.resolve("runc.log");
            Process process = runc.exec(container.id, command, pidFile, runcLog);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            List<Thread> readers = List.of(
                    capture(process.getInputStream(), stdout, container.id),
                    capture(process.getErrorStream(), stderr, container.id));
            boolean finished = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // Killing runc exec would leave the command running in the container: kill the command.
                readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                if (!process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            }
            awaitQuietly(process, readers);
            if (finished && readPid(pidFile).isEmpty()) {
                String error = runc.lastError(runcLog)
                        .orElse(stderr.toString(StandardCharsets.UTF_8).trim());
                throw failure("exec in", container, error, null);
            }
            return new ExecResult(
                    stdout.toByteArray(), stderr.toByteArray(), finished ? process.exitValue() : -1, !finished);
        } catch (IOException e) {
            throw failure("exec in", container, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("exec in", container, "interrupted", e);
        } finally {
            deleteScratch(scratch);
        }
    }

    /**
     * Starts {@code command} in the running container with its streams handed to the caller
     * ({@link RuncExec}); runc's own failure to start it fails the exit code.
     */
    RuncExec attach(RuncContainer container, List<String> command) {
        Path scratch = container.bundle.resolve("exec-" + execs.incrementAndGet());
        try {
            Files.createDirectories(scratch);
            Path pidFile = scratch.resolve("exec.pid");
            Path runcLog = scratch.resolve("runc.log");
            Process process = runc.execAttached(container.id, command, pidFile, runcLog);
            return new RuncExec(process, pidFile, () -> {
                try {
                    if (readPid(pidFile).isEmpty()) {
                        String error = runc.lastError(runcLog).orElse("runc exec exited with " + process.exitValue());
                        throw failure("exec in", container, error, null);
                    }
                    return process.exitValue();
                } finally {
                    deleteScratch(scratch);
                }
            });
        } catch (IOException e) {
            deleteScratch(scratch);
            throw failure("exec in", container, e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        exitHandlers.shutdown();
    }

    private static void deleteScratch(Path scratch) {
        try {
            Trees.delete(scratch);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", scratch, e.getMessage());
        }
    }

    private boolean awaitStart(Process process, Path pidFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (readPid(pidFile).isPresent()) {
                    return true;
                }
                if (!process.isAlive()) {
                    // runc writes the pid file before it waits, so a container that already exited has one.
                    return readPid(pidFile).isPresent();
                }
                Thread.sleep(5);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs once {@code runc run} exited: the output is drained into the log, then the exit recorded. */
    private void finish(RuncContainer container, Process process, List<Thread> pumps, CriLogFile logFile) {
        awaitQuietly(process, pumps);
        closeQuietly(logFile);
        boolean oomKilled = container.memoryCgroup != null && cgroups.oomKills(container.memoryCgroup) > 0;
        container.exited(clock.instant(), process.exitValue(), oomKilled);
    }

    private static boolean awaitExit(RuncContainer container, Duration timeout) {
        try {
            container.exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    private static void awaitQuietly(Process process, List<Thread> readers) {
        try {
            process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
            for (Thread reader : readers) {
                reader.join(OUTPUT_DRAIN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, CriLogFile logFile, String stream, String containerId) {
        return daemon("runc-log-" + containerId.substring(0, 12) + "-" + stream, () -> {
            try (in) {
                logFile.copy(in, stream);
            } catch (IOException e) {
                log.warn("lost {} of container {}: {}", stream, containerId, e.getMessage());
            }
        });
    }

    private static Thread capture(InputStream in, ByteArrayOutputStream out, String containerId) {
        return daemon("runc-exec-" + containerId.substring(0, 12), () -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, Math.max(0, Math.min(read, EXEC_OUTPUT_LIMIT - out.size())));
                }
            } catch (IOException ended) {
                // The exec ended; what was read is kept.
            }
        });
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static Optional<Long> readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(CriLogFile logFile) {
        try {
            logFile.close();
        } catch (IOException e) {
            log.warn("cannot close a container log: {}", e.getMessage());
        }
    }

    private static ContainerRuntimeException failure(
            String operation, RuncContainer container, String reason, Throwable cause) {
        return new ContainerRuntimeException(
                "failed to " + operation + " container \"" + container.id + "\": " + reason, cause);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
