package io.skiff.dns.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one query and tells the observer; shared by the UDP and TCP listeners. */
final class Served {

    private static final Logger log = LoggerFactory.getLogger(Served.class);

    private final QueryHandler handler;
    private final QueryObserver observer;
    private final String server;

    Served(QueryHandler handler, QueryObserver observer, String server) {
        this.handler = handler;
        this.observer = observer;
        this.server = server;
    }

    Optional<byte[]> answer(byte[] query, Transport transport, InetAddress client) {
        long start = System.nanoTime();
        Optional<QueryHandler.Reply> reply = handler.handle(query, transport);
        reply.ifPresent(answer -> observe(new QueryRecord(
                server,
                answer.zone(),
                transport,
                client instanceof Inet6Address ? 2 : 1,
                answer.type(),
                answer.rcode(),
                answer.plugin(),
                Duration.ofNanos(System.nanoTime() - start),
                answer.wire().length)));
        return reply.map(QueryHandler.Reply::wire);
    }

    /** Metrics must never cost a client its answer. */
    private void observe(QueryRecord query) {
        try {
            observer.answered(query);
        } catch (RuntimeException e) {
            log.warn("recording a query failed: {}", e.toString());
        }
    }
}
