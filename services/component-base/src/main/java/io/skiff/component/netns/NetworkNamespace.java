package io.skiff.component.netns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Linux network namespace named by a path ({@code /run/netns/NAME}, as {@code ip netns add}
 * makes, or {@code /proc/PID/ns/net}). A socket belongs to the namespace of the thread that
 * created it and stays there, so {@link #call} creates sockets inside the namespace: it runs the
 * action on a thread of its own that joined the namespace with setns(2) when it started and is
 * used for nothing else, so no pooled thread is ever left in the wrong namespace. Joining a network
 * namespace needs CAP_SYS_ADMIN (root). Actions should be short (open and bind a socket): they
 * run one at a time.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private final Path path;
    private final ExecutorService thread;
    /** Touched only by the namespace's thread: whether it has joined the namespace yet. */
    private boolean joined;

    private NetworkNamespace(Path path) {
        this.path = path;
        this.thread = Executors.newSingleThreadExecutor(action -> {
            Thread inside = new Thread(action, "netns-" + path.getFileName());
            inside.setDaemon(true);
            return inside;
        });
    }

    /**
     * The namespace at {@code path}; a bare name means {@code /run/netns/NAME}. Throws when it does
     * not exist, so a mistyped setting fails at start-up, not at the first connection.
     */
    public static NetworkNamespace of(String pathOrName) {
        Objects.requireNonNull(pathOrName, "pathOrName");
        Path path = pathOrName.contains("/") ? Path.of(pathOrName) : Path.of("/run/netns", pathOrName);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no network namespace at " + path
                    + " (create one with `ip netns add NAME`, or name /proc/PID/ns/net)");
        }
        return new NetworkNamespace(path);
    }

    public Path path() {
        return path;
    }

    /**
     * Runs {@code action} inside this namespace and returns its result; sockets it opens live
     * there. The action must not hand work to other threads that expect the namespace: only the
     * calling thread joins it.
     */
    public <T> T call(Callable<T> action) throws Exception {
        try {
            return thread.submit(() -> {
                        if (!joined) {
                            join();
                            joined = true;
                        }
                        return action.call();
                    })
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void join() {
        int fd;
        try {
            fd = LibC.INSTANCE.open(path.toString(), O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open network namespace " + path + ": errno " + e.getErrorCode(), e);
        }
        try {
            LibC.INSTANCE.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException(
                    "cannot join network namespace " + path + " (needs root): errno " + e.getErrorCode(), e);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** Ends the namespace's thread; sockets opened there stay open (and in the namespace). */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** The three libc calls joining a namespace takes. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}
