package io.skiff.dns.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A second DNS server on 127.0.0.1 for forwarding tests: answers every A question with one
 * documentation address (192.0.2.1, which nothing ever connects to) and counts what it answered.
 */
final class StaticResponder implements AutoCloseable {

    static final String ADDRESS = "192.0.2.1";

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger answered = new AtomicInteger();

    StaticResponder() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "static-responder");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int answered() {
        return answered.get();
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(buffer, packet.getLength()));
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.RA);
                Record question = query.getQuestion();
                response.addRecord(question, Section.QUESTION);
                if (question.getType() == Type.A) {
                    response.addRecord(
                            new ARecord(question.getName(), DClass.IN, 60, InetAddress.getByName(ADDRESS)),
                            Section.ANSWER);
                } else {
                    response.getHeader().setRcode(Rcode.NOERROR);
                }
                byte[] wire = response.toWire(512);
                socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                answered.incrementAndGet();
            } catch (IOException e) {
                // closed, or a broken query: nothing to answer
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5000);
    }
}
