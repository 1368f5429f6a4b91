package io.skiff.dns.server;

import java.time.Duration;

/**
 * How the server handles load.
 *
 * @param workers threads answering UDP queries (forwarded ones wait for their upstream on them)
 * @param udpBacklog UDP queries waiting for a worker before new ones are dropped (clients retry)
 * @param maxTcpConnections TCP connections served at once; more are closed at once
 * @param tcpIdleTimeout how long a TCP connection may sit without a query before it is closed
 */
public record ServerSettings(int workers, int udpBacklog, int maxTcpConnections, Duration tcpIdleTimeout) {

    public ServerSettings {
        if (workers < 1 || udpBacklog < 1 || maxTcpConnections < 1) {
            throw new IllegalArgumentException("workers, udp-backlog and max-tcp-connections must be positive");
        }
    }
}
