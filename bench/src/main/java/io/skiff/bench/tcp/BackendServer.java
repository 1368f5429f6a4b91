package io.skiff.bench.tcp;

import io.skiff.component.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's backend: a TCP server speaking {@link Wire}, listening inside a network
 * namespace (a "pod"), one thread per connection with blocking I/O, which is what answers a single
 * small round trip fastest. At most {@code maxConnections} at once; more are closed on accept.
 */
public final class BackendServer implements AutoCloseable {

    private static final int STREAM_CHUNK = 256 * 1024;

    private final ServerSocketChannel listener;
    private final ThreadPoolExecutor connections;
    private final Thread acceptor;
    /** Shared by every stream: its bytes are never looked at, only sent. */
    private final ByteBuffer streamChunk = ByteBuffer.allocateDirect(STREAM_CHUNK);

    private BackendServer(ServerSocketChannel listener, int maxConnections) {
        this.listener = listener;
        this.connections =
                new ThreadPoolExecutor(0, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "backend-connection");
                    thread.setDaemon(true);
                    return thread;
                });
        this.acceptor = new Thread(this::acceptLoop, "backend-accept");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code address} inside {@code namespace} (the socket is created there). */
    public static BackendServer start(NetworkNamespace namespace, InetSocketAddress address, int maxConnections)
            throws Exception {
        ServerSocketChannel listener = namespace.call(() -> {
            ServerSocketChannel channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, 1024);
            return channel;
        });
        BackendServer server = new BackendServer(listener, maxConnections);
        server.acceptor.start();
        return server;
    }

    /** Where it listens (the port chosen when started on port 0). */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            try {
                connections.execute(() -> serve(channel));
            } catch (RejectedExecutionException e) {
                closeQuietly(channel);
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_BYTES);
            Wire.readFully(channel, header);
            header.flip();
            byte operation = header.get();
            long count = header.getLong();
            switch (operation) {
                case Wire.ECHO -> echo(channel);
                case Wire.ONCE -> once(channel, count);
                case Wire.STREAM -> stream(channel, count);
                default -> {
                    // unknown operation: close
                }
            }
        } catch (IOException e) {
            // the client went away or the relay dropped the connection: nothing to answer
        }
    }

    private static void echo(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            Wire.writeFully(channel, buffer);
            buffer.clear();
        }
    }

    private static void once(SocketChannel channel, long count) throws IOException {
        if (count < 0 || count > Wire.MAX_MESSAGE_BYTES) {
            return;
        }
        ByteBuffer message = ByteBuffer.allocate((int) count);
        Wire.readFully(channel, message);
        message.flip();
        Wire.writeFully(channel, message);
    }

    private void stream(SocketChannel channel, long count) throws IOException {
        ByteBuffer chunk = streamChunk.duplicate();
        long left = count;
        while (left > 0) {
            chunk.clear().limit((int) Math.min(STREAM_CHUNK, left));
            Wire.writeFully(channel, chunk);
            left -= chunk.limit();
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        connections.shutdownNow();
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
