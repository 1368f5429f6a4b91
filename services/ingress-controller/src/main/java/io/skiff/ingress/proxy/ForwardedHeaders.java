package io.skiff.ingress.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers a request carries to its upstream and a response back: hop-by-hop headers (RFC 9110
 * §7.6.1, and those named by Connection) are dropped; the Host header is kept, as nginx's {@code
 * proxy_set_header Host $host}; X-Forwarded-For, -Proto, -Host, -Port and X-Real-IP describe the
 * client's connection, replacing whatever the client sent (ingress-nginx's default, {@code
 * use-forwarded-headers: false}: the edge proxy trusts no client's claims).
 */
public final class ForwardedHeaders {

    static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    static final String X_FORWARDED_PORT = "X-Forwarded-Port";
    static final String X_REAL_IP = "X-Real-IP";

    private ForwardedHeaders() {}

    public static HttpHeaders toUpstream(
            HttpHeaders request, InetSocketAddress client, String scheme, String host, int listenerPort) {
        HttpHeaders upstream = endToEnd(request);
        for (String name :
                new String[] {X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, X_FORWARDED_PORT, X_REAL_IP}) {
            upstream.remove(name);
        }
        String clientAddress = client == null ? "" : client.getAddress().getHostAddress();
        upstream.set(X_FORWARDED_FOR, clientAddress);
        upstream.set(X_REAL_IP, clientAddress);
        upstream.set(X_FORWARDED_PROTO, scheme);
        if (host != null) {
            upstream.set(X_FORWARDED_HOST, host);
        }
        upstream.set(X_FORWARDED_PORT, Integer.toString(listenerPort));
        return upstream;
    }

    public static HttpHeaders toClient(HttpHeaders response) {
        return endToEnd(response);
    }

    /** The headers without the hop-by-hop ones. */
    static HttpHeaders endToEnd(HttpHeaders headers) {
        Set<String> connectionNamed = new java.util.HashSet<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : value.split(",")) {
                connectionNamed.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
        HttpHeaders copy = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !connectionNamed.contains(name)) {
                copy.add(header.getKey(), header.getValue());
            }
        }
        return copy;
    }
}
