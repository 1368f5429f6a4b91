package io.skiff.kubelet.cri;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A command started in a running container with its standard streams attached, as CRI's streaming
 * Exec serves {@code kubectl exec}. The caller writes the command's input, reads its output until
 * end of stream, and waits for its exit; {@link #close} ends it early (the client went away).
 *
 * <p>With a TTY the command's stdin, stdout and stderr are one terminal: what it prints comes on
 * {@link #stdout()} and {@link #stderr()} is empty.
 */
public interface ExecProcess extends AutoCloseable {

    /** The command's standard input; closing it is end of input. */
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /**
     * Completes with the command's exit code once it exited (128 + the signal when a signal ended
     * it), or exceptionally with a {@link ContainerRuntimeException} when the runtime could not run
     * it at all (no such executable in the container, ...).
     */
    CompletableFuture<Integer> exitCode();

    /** Kills the command if it still runs and releases its streams; calling it again does nothing. */
    @Override
    void close();
}
