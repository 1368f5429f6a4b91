package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.cri.ExecProcess;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A command started by {@code runc exec} for kubectl exec: runc stays its parent and copies its
 * streams, so the command's are runc's and its exit status is runc's. Closing kills the command
 * itself (killing runc alone would leave it running in the container), then runc.
 */
final class RuncExec implements ExecProcess {

    private static final long KILL_WAIT_MILLIS = 2000;

    private final Process runc;
    private final Path pidFile;
    private final CompletableFuture<Integer> exitCode;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param exit once runc exited, the command's exit code, or a failure when runc never started it
     */
    RuncExec(Process runc, Path pidFile, Supplier<Integer> exit) {
        this.runc = runc;
        this.pidFile = pidFile;
        this.exitCode = runc.onExit().thenApply(exited -> exit.get());
    }

    @Override
    public OutputStream stdin() {
        return runc.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return runc.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return runc.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (runc.isAlive()) {
            ContainerProcesses.readPid(pidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            try {
                if (!runc.waitFor(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    runc.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runc.destroyForcibly();
            }
        }
        closeQuietly(runc.getOutputStream());
        closeQuietly(runc.getInputStream());
        closeQuietly(runc.getErrorStream());
    }

    private static void closeQuietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // already closed or broken: nothing more to release
        }
    }
}
