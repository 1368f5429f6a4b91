package io.skiff.dns.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and answers the length-prefixed queries on each (RFC 7766), several per
 * connection, until the client closes it or it sits idle too long.
 */
final class TcpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    private static final Duration ACCEPT_FAILURE_PAUSE = Duration.ofMillis(100);

    private final ServerSocket server;
    private final Served served;
    private final ExecutorService connections;
    private final Duration idleTimeout;
    private final Thread acceptor;
    private volatile boolean closed;

    TcpListener(ServerSocket server, Served served, ExecutorService connections, Duration idleTimeout) {
        this.server = server;
        this.served = served;
        this.connections = connections;
        this.idleTimeout = idleTimeout;
        this.acceptor = new Thread(this::accept, "dns-tcp-" + server.getLocalSocketAddress());
        this.acceptor.setDaemon(true);
    }

    void start() {
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accepting on {} failed: {}", server.getLocalSocketAddress(), e.toString());
                    pauseAfterFailure();
                }
                continue;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) Math.max(1, idleTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            while (!closed) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                Optional<byte[]> answer = served.answer(query, Transport.TCP, socket.getInetAddress());
                if (answer.isEmpty()) {
                    return;
                }
                out.writeShort(answer.get().length);
                out.write(answer.get());
                out.flush();
            }
        } catch (IOException e) {
            log.debug("TCP connection from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        }
    }

    /** A failing accept (e.g. out of file descriptors) must not spin a core. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do with a connection we turn away
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing {} failed: {}", server.getLocalSocketAddress(), e.toString());
        }
    }
}
