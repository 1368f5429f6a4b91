package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * An httpGet probe as Kubernetes' HTTP prober runs it: one GET per probe on a new connection, no
 * proxy, no compression, TLS without verification; 200–399 is success, anything else failure with
 * {@code HTTP probe failed with statuscode: 500}. Redirects are followed only to the same host,
 * at most 10; a redirect elsewhere ends the probe with that 3xx response, a success with a
 * warning ({@code Probe terminated redirects, Response body: ...}). At most 10 KiB of a body is
 * read. A transport failure is a failure whose output is Go's client error ({@code Get
 * "http://10.1.2.3:80/": dial tcp 10.1.2.3:80: connect: connection refused}).
 */
final class HttpProbe {

    static final int MAX_BODY_BYTES = 10 * 1024;
    static final int MAX_REDIRECTS = 10;

    private final HttpClient plain;
    private final HttpClient tls;

    HttpProbe() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .followRedirect(false)
                .compress(false)
                // as Kubernetes' probe dialer: a short linger, so probes leave no sockets in TIME_WAIT behind
                .option(ChannelOption.SO_LINGER, 1);
        this.plain = client;
        this.tls = client.secure(spec -> spec.sslContext(insecureContext()));
    }

    /**
     * A GET as Kubernetes builds it from an httpGet action (NewRequestForHTTPGetAction): the host
     * is the action's or the pod IP; the port a number or the name of a container port; the
     * action's headers, then User-Agent {@code kube-probe/1.32} and Accept {@code *}{@code /*}
     * unless the action sets them (an empty Accept removes it); a Host header becomes the
     * request's host.
     */
    static Request request(HTTPGetAction action, Container container, String podIp) throws ProbeActionException {
        String scheme = action.getScheme() == null || action.getScheme().isEmpty()
                ? "http"
                : action.getScheme().toLowerCase(Locale.ROOT);
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        int port = ContainerPorts.resolve(action.getPort(), container);
        HttpHeaders headers = new DefaultHttpHeaders();
        if (action.getHttpHeaders() != null) {
            for (HTTPHeader header : action.getHttpHeaders()) {
                headers.add(canonicalHeaderName(header.getName()), Objects.toString(header.getValue(), ""));
            }
        }
        if (!headers.contains(HttpHeaderNames.USER_AGENT)) {
            headers.set(HttpHeaderNames.USER_AGENT, Prober.USER_AGENT);
        }
        if (!headers.contains(HttpHeaderNames.ACCEPT)) {
            headers.set(HttpHeaderNames.ACCEPT, "*/*");
        } else if (headers.get(HttpHeaderNames.ACCEPT).isEmpty()) {
            headers.remove(HttpHeaderNames.ACCEPT);
        }
        String hostHeader = headers.get(HttpHeaderNames.HOST);
        headers.remove(HttpHeaderNames.HOST);
        return new Request(url(scheme, host == null ? "" : host, port, action.getPath()), headers, hostHeader);
    }

    /**
     * @param url the first URL to get
     * @param headers sent with every request, redirects included
     * @param hostHeader the Host to send instead of the URL's; null for the URL's
     */
    record Request(URI url, HttpHeaders headers, String hostHeader) {}

    ActionResult run(Request request, Duration timeout) throws ProbeActionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<URI> via = new ArrayList<>();
        URI url = request.url();
        String hostHeader = request.hostHeader();
        HttpHeaders headers = request.headers();
        while (true) {
            Response response;
            try {
                response = get(url, hostHeader, headers, deadline);
            } catch (TransportFailure e) {
                return ActionResult.failure(e.getMessage());
            }
            String location = response.location();
            if (!response.isRedirect() || location == null || location.isEmpty()) {
                return verdict(response);
            }
            URI next;
            try {
                next = url.resolve(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return ActionResult.failure(goError(
                        url, "failed to parse Location header " + GoText.quote(location) + ": " + e.getMessage()));
            }
            via.add(url);
            if (!Objects.equals(hostname(next), hostname(via.get(0)))) {
                // Kubernetes does not follow redirects to other hosts: the 3xx itself is the answer.
                return verdict(response);
            }
            if (via.size() >= MAX_REDIRECTS) {
                // Go names the Location as written in this error, not the resolved URL
                return ActionResult.failure("Get " + GoText.quote(location) + ": stopped after 10 redirects");
            }
            // A custom Host survives only a relative redirect (Go's client, issue 22233).
            hostHeader = hostHeader != null && !hostHeader.equals(url.getRawAuthority()) && !isAbsolute(location)
                    ? hostHeader
                    : null;
            headers = headers.copy().set(HttpHeaderNames.REFERER, referer(url, next));
            url = next;
        }
    }

    private static ActionResult verdict(Response response) {
        int status = response.status();
        if (status >= 200 && status < 400) {
            return status >= 300
                    ? ActionResult.warning("Probe terminated redirects, Response body: " + response.body())
                    : ActionResult.success(response.body());
        }
        // Kubernetes keeps the body out of the message (issue 99425).
        return ActionResult.failure("HTTP probe failed with statuscode: " + status);
    }

    private Response get(URI url, String hostHeader, HttpHeaders headers, long deadline)
            throws ProbeActionException, TransportFailure {
        Duration remaining = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        HttpClient client = "https".equals(url.getScheme()) ? tls : plain;
        AtomicBoolean headersReceived = new AtomicBoolean();
        try {
            return client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, remaining.toMillis()))
                    .headers(h -> {
                        h.set(headers);
                        h.set(HttpHeaderNames.HOST, hostHeader != null ? hostHeader : url.getRawAuthority());
                        h.set(HttpHeaderNames.CONNECTION, "close");
                    })
                    .doOnRequest((sent, connection) -> {
                        // reactor-netty adds Accept: */* to a request without one; an empty Accept removed it
                        if (!headers.contains(HttpHeaderNames.ACCEPT)) {
                            sent.requestHeaders().remove(HttpHeaderNames.ACCEPT);
                        }
                    })
                    .get()
                    .uri(url)
                    .response((response, body) -> {
                        headersReceived.set(true);
                        String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
                        return cappedBody(body)
                                .map(bytes -> new Response(
                                        response.status().code(), location, new String(bytes, StandardCharsets.UTF_8)));
                    })
                    .single()
                    .timeout(remaining)
                    .block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (headersReceived.get()) {
                // Go reports a body it could not read as an error of the probe, not as its failure.
                throw new ProbeActionException(
                        ActionResult.Outcome.FAILURE,
                        cause instanceof TimeoutException
                                ? "context deadline exceeded (Client.Timeout or context cancellation while reading body)"
                                : "unexpected EOF");
            }
            if (cause instanceof TimeoutException) {
                throw new TransportFailure(
                        goError(url, "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"));
            }
            throw new TransportFailure(goError(url, describe(cause, url)));
        }
    }

    /** Reads at most {@link #MAX_BODY_BYTES}; the rest of a longer body is not read. */
    private static Mono<byte[]> cappedBody(ByteBufFlux body) {
        return body.asByteArray()
                .scan(new byte[0], (read, chunk) -> {
                    int take = Math.min(chunk.length, MAX_BODY_BYTES - read.length);
                    byte[] more = java.util.Arrays.copyOf(read, read.length + take);
                    System.arraycopy(chunk, 0, more, read.length, take);
                    return more;
                })
                .takeUntil(read -> read.length >= MAX_BODY_BYTES)
                .last(new byte[0]);
    }

    private static String describe(Throwable error, URI url) {
        if (GoText.isConnectFailure(error)) {
            String dialError = GoText.dialError(error, hostname(url), port(url));
            // the connect timeout is what was left of the client's: Go says which deadline passed
            return GoText.isTimeout(error)
                    ? dialError + " (Client.Timeout exceeded while awaiting headers)"
                    : dialError;
        }
        if (error.getClass().getSimpleName().equals("PrematureCloseException")) {
            // the server closed the connection without (a whole) response
            return "EOF";
        }
        return String.valueOf(error.getMessage());
    }

    /** Go's url.Error text: {@code Get "http://10.1.2.3:80/": <error>}. */
    private static String goError(URI url, String error) {
        return "Get " + GoText.quote(url.toString()) + ": " + error;
    }

    private static URI url(String scheme, String host, int port, String path) {
        String authority = GoText.joinHostPort(host, port);
        String pathAndQuery = path == null ? "" : path;
        if (!pathAndQuery.isEmpty() && !pathAndQuery.startsWith("/") && !pathAndQuery.startsWith("?")) {
            pathAndQuery = "/" + pathAndQuery;
        }
        try {
            return new URI(scheme + "://" + authority + pathAndQuery);
        } catch (URISyntaxException e) {
            // Kubernetes passes a path it cannot parse along as it is; quote what URIs do not allow.
            int query = pathAndQuery.indexOf('?');
            try {
                return new URI(
                        scheme,
                        authority,
                        query < 0 ? pathAndQuery : pathAndQuery.substring(0, query),
                        query < 0 ? null : pathAndQuery.substring(query + 1),
                        null);
            } catch (URISyntaxException again) {
                throw new IllegalArgumentException(again);
            }
        }
    }

    private static String hostname(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "";
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 80;
    }

    private static boolean isAbsolute(String location) {
        try {
            return new URI(location).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Go's refererForURL: the previous URL without user info or fragment; none from https to http. */
    private static String referer(URI last, URI next) {
        if ("https".equals(last.getScheme()) && "http".equals(next.getScheme())) {
            return "";
        }
        try {
            return new URI(last.getScheme(), null, last.getHost(), last.getPort(), last.getRawPath(), null, null)
                            .toString()
                    + (last.getRawQuery() == null ? "" : "?" + last.getRawQuery());
        } catch (URISyntaxException e) {
            return last.toString();
        }
    }

    /** Go's textproto.CanonicalMIMEHeaderKey: {@code x-custom-header} is sent as {@code X-Custom-Header}. */
    static String canonicalHeaderName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c == '-'
                    || c == '!'
                    || c == '#'
                    || c == '$'
                    || c == '%'
                    || c == '&'
                    || c == '\''
                    || c == '*'
                    || c == '+'
                    || c == '.'
                    || c == '^'
                    || c == '_'
                    || c == '`'
                    || c == '|'
                    || c == '~'
                    || (c >= '0' && c <= '9')
                    || (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z');
            if (!token) {
                return name;
            }
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static SslContext insecureContext() {
        try {
            // Kubernetes probes skip certificate verification (InsecureSkipVerify).
            return SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS context of HTTP probes", e);
        }
    }

    /** The request got no response; the message is Go's client error. */
    private static final class TransportFailure extends Exception {
        TransportFailure(String message) {
            super(message, null, false, false);
        }
    }

    private record Response(int status, String location, String body) {

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }
    }
}
