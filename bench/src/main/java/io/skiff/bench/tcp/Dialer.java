package io.skiff.bench.tcp;

import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client connections from inside a network namespace: a socket belongs to the namespace it was
 * created in, so {@link #open} creates it there (on the namespace's own thread, unmeasured) and
 * the caller connects and talks from its own thread. Every connect has a timeout, and {@link
 * #closeAfter} ends a connection that stalls, so no client blocks forever.
 */
public final class Dialer implements AutoCloseable {

    private final NetworkNamespace namespace;
    private final int connectTimeoutMillis;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dialer-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public Dialer(NetworkNamespace namespace, Duration connectTimeout) {
        this.namespace = namespace;
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
    }

    /** An unconnected socket inside the namespace. */
    public SocketChannel open() throws IOException {
        try {
            return namespace.call(SocketChannel::open);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot open a socket in " + namespace + ": " + e.getMessage(), e);
        }
    }

    /** Connects {@code channel} (from {@link #open}) to {@code target}, with Nagle off. */
    public void connect(SocketChannel channel, InetSocketAddress target) throws IOException {
        channel.socket().connect(target, connectTimeoutMillis);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** A socket inside the namespace, connected to {@code target}. */
    public SocketChannel connect(InetSocketAddress target) throws IOException {
        SocketChannel channel = open();
        try {
            connect(channel, target);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Closes {@code channel} after {@code nanos} unless the returned future is cancelled first. */
    public ScheduledFuture<?> closeAfter(SocketChannel channel, long nanos) {
        return watchdog.schedule(
                () -> {
                    try {
                        channel.close();
                    } catch (IOException e) {
                        // closed anyway
                    }
                },
                Math.max(0, nanos),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
