package io.skiff.dns.server;

/** How a query came in; CoreDNS's {@code proto} label. */
public enum Transport {
    UDP("udp"),
    TCP("tcp");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
