package io.skiff.dns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a query the cluster zone does not answer to the upstream servers, in order, over the
 * transport the client used (a truncated UDP answer goes back truncated, and the client retries
 * over TCP), and returns the first answer, as CoreDNS's forward plugin with its default sequential
 * policy does. The query goes as it came, so the answer carries the client's message ID.
 */
public final class Forwarder {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    private static final int MAX_UDP_RESPONSE = 65535;

    private final List<InetSocketAddress> upstreams;
    private final Duration timeout;

    public Forwarder(List<InetSocketAddress> upstreams, Duration timeout) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("a forwarder needs at least one upstream server");
        }
        this.upstreams = List.copyOf(upstreams);
        this.timeout = timeout;
    }

    public List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    /** The first upstream answer; empty when no upstream answered in time (SERVFAIL). */
    public Optional<byte[]> forward(byte[] query, Transport transport) {
        for (InetSocketAddress upstream : upstreams) {
            try {
                byte[] answer = transport == Transport.TCP ? overTcp(query, upstream) : overUdp(query, upstream);
                if (answer != null) {
                    return Optional.of(answer);
                }
            } catch (IOException e) {
                log.debug("upstream {} failed: {}", upstream, e.toString());
            }
        }
        return Optional.empty();
    }

    private byte[] overUdp(byte[] query, InetSocketAddress upstream) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(upstream);
            socket.setSoTimeout(timeoutMillis());
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[MAX_UDP_RESPONSE];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                if (packet.getLength() >= 2 && buffer[0] == query[0] && buffer[1] == query[1]) {
                    return Arrays.copyOf(buffer, packet.getLength());
                }
            }
            return null;
        }
    }

    private byte[] overTcp(byte[] query, InetSocketAddress upstream) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, timeoutMillis());
            socket.setSoTimeout(timeoutMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return answer;
        }
    }

    private int timeoutMillis() {
        return (int) Math.max(1, timeout.toMillis());
    }
}
