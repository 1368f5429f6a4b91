package io.skiff.dns.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Receives UDP queries on one socket and answers each on a worker thread. */
final class UdpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UdpListener.class);
    private static final int MAX_QUERY = 65535;
    private static final long FAILURE_PAUSE_MILLIS = 100;

    private final DatagramSocket socket;
    private final Served served;
    private final Executor workers;
    private final Thread receiver;
    private volatile boolean closed;

    UdpListener(DatagramSocket socket, Served served, Executor workers) {
        this.socket = socket;
        this.served = served;
        this.workers = workers;
        this.receiver = new Thread(this::receive, "dns-udp-" + socket.getLocalSocketAddress());
        this.receiver.setDaemon(true);
    }

    void start() {
        receiver.start();
    }

    private void receive() {
        byte[] buffer = new byte[MAX_QUERY];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("receiving on {} failed: {}", socket.getLocalSocketAddress(), e.toString());
                    pauseAfterFailure();
                }
                continue;
            }
            byte[] query = Arrays.copyOf(buffer, packet.getLength());
            SocketAddress client = packet.getSocketAddress();
            InetAddress clientAddress = packet.getAddress();
            try {
                workers.execute(() -> reply(query, client, clientAddress));
            } catch (RejectedExecutionException e) {
                log.debug("dropped a query from {}: all workers busy", client);
            }
        }
    }

    private void reply(byte[] query, SocketAddress client, InetAddress clientAddress) {
        Optional<byte[]> answer = served.answer(query, Transport.UDP, clientAddress);
        if (answer.isEmpty()) {
            return;
        }
        try {
            socket.send(new DatagramPacket(answer.get(), answer.get().length, client));
        } catch (IOException e) {
            if (!closed) {
                log.debug("answering {} failed: {}", client, e.toString());
            }
        }
    }

    /** A failing socket must not spin a core. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(FAILURE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
