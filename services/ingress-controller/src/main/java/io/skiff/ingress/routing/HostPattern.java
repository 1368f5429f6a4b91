package io.skiff.ingress.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * A rule's host: a precise name, a wildcard {@code *.example.com} that matches exactly one more
 * label in front of the suffix (as the Ingress spec defines: {@code foo.example.com}, not {@code
 * example.com} nor {@code bar.foo.example.com}), or any host when the rule names none.
 */
public record HostPattern(Kind kind, String host) {

    /** In order of precedence: a precise host wins over a wildcard, which wins over none. */
    public enum Kind {
        EXACT,
        WILDCARD,
        ANY
    }

    public static final HostPattern ANY = new HostPattern(Kind.ANY, "");

    /** The pattern of a rule's host field (null or empty: any host). */
    public static HostPattern of(String host) {
        if (host == null || host.isEmpty()) {
            return ANY;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
            return new HostPattern(Kind.WILDCARD, lower.substring(1));
        }
        return new HostPattern(Kind.EXACT, lower);
    }

    /** The host a request names: its Host header without the port, lower case; empty when none. */
    public static Optional<String> requestHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return Optional.empty();
        }
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return Optional.of(host.toLowerCase(Locale.ROOT));
    }

    /** The wildcard suffix ({@code .example.com}) a request host falls under, if it has one. */
    static Optional<String> wildcardSuffix(String requestHost) {
        int dot = requestHost.indexOf('.');
        return dot <= 0 ? Optional.empty() : Optional.of(requestHost.substring(dot));
    }

    @Override
    public String toString() {
        return kind == Kind.ANY ? "*" : kind == Kind.WILDCARD ? "*" + host : host;
    }
}
