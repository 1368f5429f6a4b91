package io.skiff.ingress.tls;

import io.netty.handler.ssl.SslContext;
import io.skiff.ingress.routing.HostPattern;
import java.util.Map;
import java.util.Optional;

/**
 * The server certificates by host, immutable: a precise host's own, else its wildcard's ({@code
 * *.example.com}, one label), else the fallback: the first certificate of the oldest Ingress with
 * TLS. A client that sends no SNI, or a name no Ingress lists, gets the fallback (ingress-nginx
 * would answer with its self-signed "Fake Certificate"; a real one is more useful and as wrong).
 */
public final class TlsContexts {

    public static final TlsContexts NONE = new TlsContexts(Map.of(), Map.of(), null);

    private final Map<String, SslContext> exactHosts;
    private final Map<String, SslContext> wildcardHosts;
    private final SslContext fallback;

    TlsContexts(Map<String, SslContext> exactHosts, Map<String, SslContext> wildcardHosts, SslContext fallback) {
        this.exactHosts = Map.copyOf(exactHosts);
        this.wildcardHosts = Map.copyOf(wildcardHosts);
        this.fallback = fallback;
    }

    /** The context for an SNI name (null when the client sent none); empty when there is no certificate at all. */
    public Optional<SslContext> forServerName(String serverName) {
        if (serverName != null) {
            Optional<String> host = HostPattern.requestHost(serverName);
            if (host.isPresent()) {
                SslContext exact = exactHosts.get(host.get());
                if (exact != null) {
                    return Optional.of(exact);
                }
                int dot = host.get().indexOf('.');
                SslContext wildcard =
                        dot <= 0 ? null : wildcardHosts.get(host.get().substring(dot));
                if (wildcard != null) {
                    return Optional.of(wildcard);
                }
            }
        }
        return Optional.ofNullable(fallback);
    }

    public int size() {
        return exactHosts.size() + wildcardHosts.size();
    }
}
