package io.skiff.proxy.iptables;

import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * kube-proxy's chain names: a prefix and the first 16 characters of the base32 (RFC 4648,
 * upper case) of the SHA-256 of the service port name, the lower-case protocol and, for an
 * endpoint chain, {@code ip:port}. iptables limits chain names to 28 characters, and the same
 * names as kube-proxy's let its users read Skiff's rules unchanged.
 */
public final class ChainNames {

    public static final String SERVICES = "KUBE-SERVICES";
    public static final String EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
    public static final String NODE_PORTS = "KUBE-NODEPORTS";
    public static final String POSTROUTING = "KUBE-POSTROUTING";
    public static final String MARK_MASQ = "KUBE-MARK-MASQ";
    public static final String FORWARD = "KUBE-FORWARD";
    public static final String PROXY_FIREWALL = "KUBE-PROXY-FIREWALL";
    /** kubelet's firewall chain, which kube-proxy also writes: it holds the localnet DROP rule. */
    public static final String KUBELET_FIREWALL = "KUBE-FIREWALL";

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private ChainNames() {}

    /** KUBE-SVC-…: the service port's load-balancing chain. */
    public static String service(ServicePortName name) {
        return "KUBE-SVC-" + portProtoHash(name);
    }

    /** KUBE-SVL-…: the service port's chain over this node's endpoints (Local traffic policies). */
    public static String local(ServicePortName name) {
        return "KUBE-SVL-" + portProtoHash(name);
    }

    /** KUBE-EXT-…: where NodePort, external and load-balancer traffic enters. */
    public static String external(ServicePortName name) {
        return "KUBE-EXT-" + portProtoHash(name);
    }

    /** KUBE-FW-…: filters load-balancer traffic by loadBalancerSourceRanges. */
    public static String firewall(ServicePortName name) {
        return "KUBE-FW-" + portProtoHash(name);
    }

    /** KUBE-SEP-…: one endpoint's DNAT chain. */
    public static String endpoint(ServicePortName name, Endpoint endpoint) {
        return "KUBE-SEP-" + hash(name + protocol(name) + endpoint.hostPort());
    }

    /** Whether a chain is one of the per-service chains a sync creates and deletes. */
    public static boolean isServiceChain(String chain) {
        return chain.startsWith("KUBE-SVC-")
                || chain.startsWith("KUBE-SVL-")
                || chain.startsWith("KUBE-EXT-")
                || chain.startsWith("KUBE-FW-")
                || chain.startsWith("KUBE-SEP-");
    }

    static String protocol(ServicePortName name) {
        return name.protocol().toLowerCase(Locale.ROOT);
    }

    private static String portProtoHash(ServicePortName name) {
        return hash(name + protocol(name));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return base32(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1F));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 0x1F));
        }
        return out.toString();
    }
}
