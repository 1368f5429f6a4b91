package io.skiff.dns.server;

import java.time.Duration;

/**
 * One answered query, for metrics: CoreDNS's labels.
 *
 * @param server the listener, e.g. {@code dns://127.0.0.1:1053}
 * @param zone the zone that answered ({@code cluster.local.}), or {@code .} for the rest
 * @param transport udp or tcp
 * @param family 1 for IPv4 clients, 2 for IPv6 (CoreDNS's {@code family})
 * @param type the question's type (A, AAAA, SRV, ...; {@code other} for unusual ones)
 * @param rcode NOERROR, NXDOMAIN, ...
 * @param plugin who wrote the answer: kubernetes, forward, or "" when neither (errors, refusals)
 * @param duration from receiving the query to having the answer ready to send
 * @param size the response's size in bytes
 */
public record QueryRecord(
        String server,
        String zone,
        Transport transport,
        int family,
        String type,
        String rcode,
        String plugin,
        Duration duration,
        int size) {}
