package io.skiff.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The host ports in use on a node, by host IP, as Kubernetes' HostPortInfo: an empty IP means all
 * addresses (0.0.0.0) and an empty protocol means TCP; a port bound on 0.0.0.0 conflicts with the
 * same port on any IP, and the other way round.
 */
public final class HostPortInfo {

    /** The address that binds all host IPs. */
    public static final String BIND_ALL_HOST_IP = "0.0.0.0";

    private final Map<String, Set<ProtocolPort>> ports;

    public HostPortInfo() {
        this.ports = new HashMap<>();
    }

    private HostPortInfo(Map<String, Set<ProtocolPort>> ports) {
        this.ports = ports;
    }

    /** A protocol and port pair. */
    public record ProtocolPort(String protocol, int port) {}

    public void add(String ip, String protocol, int port) {
        if (port <= 0) {
            return;
        }
        ports.computeIfAbsent(sanitizeIp(ip), k -> new HashSet<>())
                .add(new ProtocolPort(sanitizeProtocol(protocol), port));
    }

    public void remove(String ip, String protocol, int port) {
        if (port <= 0) {
            return;
        }
        String key = sanitizeIp(ip);
        Set<ProtocolPort> bound = ports.get(key);
        if (bound != null) {
            bound.remove(new ProtocolPort(sanitizeProtocol(protocol), port));
            if (bound.isEmpty()) {
                ports.remove(key);
            }
        }
    }

    /** Whether binding {@code port} on {@code ip} would clash with a port already in use. */
    public boolean conflicts(String ip, String protocol, int port) {
        if (port <= 0) {
            return false;
        }
        String address = sanitizeIp(ip);
        ProtocolPort wanted = new ProtocolPort(sanitizeProtocol(protocol), port);
        if (address.equals(BIND_ALL_HOST_IP)) {
            for (Set<ProtocolPort> bound : ports.values()) {
                if (bound.contains(wanted)) {
                    return true;
                }
            }
            return false;
        }
        for (String key : new String[] {BIND_ALL_HOST_IP, address}) {
            Set<ProtocolPort> bound = ports.get(key);
            if (bound != null && bound.contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Makes this an independent copy of {@code source}. */
    public void replaceWith(HostPortInfo source) {
        ports.clear();
        source.ports.forEach((ip, bound) -> ports.put(ip, new HashSet<>(bound)));
    }

    public HostPortInfo copy() {
        Map<String, Set<ProtocolPort>> copied = new HashMap<>(ports.size() * 2);
        ports.forEach((ip, bound) -> copied.put(ip, new HashSet<>(bound)));
        return new HostPortInfo(copied);
    }

    private static String sanitizeIp(String ip) {
        return ip == null || ip.isEmpty() ? BIND_ALL_HOST_IP : ip;
    }

    private static String sanitizeProtocol(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    @Override
    public String toString() {
        return ports.toString();
    }
}
