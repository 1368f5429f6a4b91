package io.skiff.proxy.servicemap;

import java.util.Comparator;

/**
 * One port of one Service, as kube-proxy's ServicePortName: {@code ns/name:port} ({@code ns/name}
 * for an unnamed port). The protocol is part of the identity but not of the string, which is what
 * chain names and rule comments are made from.
 */
public record ServicePortName(String namespace, String name, String port, String protocol)
        implements Comparable<ServicePortName> {

    private static final Comparator<ServicePortName> ORDER =
            Comparator.comparing(ServicePortName::toString).thenComparing(ServicePortName::protocol);

    public ServicePortName {
        port = port == null ? "" : port;
        protocol = protocol == null ? "TCP" : protocol;
    }

    /** The owning Service's {@code ns/name}. */
    public String serviceKey() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return port.isEmpty() ? serviceKey() : serviceKey() + ":" + port;
    }

    @Override
    public int compareTo(ServicePortName other) {
        return ORDER.compare(this, other);
    }
}
