package io.skiff.ingress.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.ReadTimeoutException;
import io.skiff.ingress.routing.Backend;
import io.skiff.ingress.routing.HostPattern;
import io.skiff.ingress.routing.Match;
import io.skiff.ingress.snapshot.ProxySnapshot;
import io.skiff.ingress.snapshot.SnapshotHolder;
import io.skiff.ingress.upstream.Upstreams;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The request handler of one listener: takes the current snapshot once, routes by host and path,
 * picks the backend's next ready endpoint and streams the request there and the response back.
 * Nothing routed: 404; no ready endpoint: 503; the upstream unreachable or failing before it
 * answered: 502; no answer in time: 504 (ingress-nginx's answers).
 */
public final class ReverseProxy implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(ReverseProxy.class);

    private final SnapshotHolder snapshots;
    private final HttpClient upstream;
    private final String scheme;
    private final IntSupplier listenerPort;
    private final RequestObserver observer;

    /**
     * @param scheme "http" or "https", as the client connected (X-Forwarded-Proto)
     * @param listenerPort the port the client connected to (X-Forwarded-Port), known once bound
     */
    public ReverseProxy(
            SnapshotHolder snapshots,
            HttpClient upstream,
            String scheme,
            IntSupplier listenerPort,
            RequestObserver observer) {
        this.snapshots = snapshots;
        this.upstream = upstream;
        this.scheme = scheme;
        this.listenerPort = listenerPort;
        this.observer = observer;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        ProxySnapshot snapshot = snapshots.current();
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        String method = request.method().name();
        Optional<Match> match = snapshot.table().route(host, pathOf(request.uri()));
        if (match.isEmpty()) {
            observer.served(Optional.empty(), hostOrEmpty(host), method, 404, Optional.empty());
            return error(request, response, HttpResponseStatus.NOT_FOUND);
        }
        Backend backend = match.get().backend();
        Upstreams upstreams = snapshot.upstreams(backend);
        Optional<InetSocketAddress> endpoint = upstreams.next();
        if (endpoint.isEmpty()) {
            log.debug(
                    "{} {} via {}: 503, {}",
                    method,
                    request.uri(),
                    backend,
                    upstreams.unavailableReason().orElse(""));
            observer.served(Optional.of(backend), hostOrEmpty(host), method, 503, Optional.empty());
            return error(request, response, HttpResponseStatus.SERVICE_UNAVAILABLE);
        }
        return forward(request, response, backend, endpoint.get(), host);
    }

    private Publisher<Void> forward(
            HttpServerRequest request,
            HttpServerResponse response,
            Backend backend,
            InetSocketAddress endpoint,
            String host) {
        HttpHeaders headers = ForwardedHeaders.toUpstream(
                request.requestHeaders(), request.remoteAddress(), scheme, host, listenerPort.getAsInt());
        boolean hasBody = request.requestHeaders().contains(HttpHeaderNames.CONTENT_LENGTH)
                || request.requestHeaders().contains(HttpHeaderNames.TRANSFER_ENCODING);
        long start = System.nanoTime();
        AtomicReference<Duration> latency = new AtomicReference<>();
        return upstream.headers(outgoing -> outgoing.set(headers))
                .request(request.method())
                .uri("http://" + hostPort(endpoint) + request.uri())
                .send((outgoing, out) -> hasBody ? out.send(request.receive().retain()) : out)
                .response((answer, body) -> {
                    latency.set(Duration.ofNanos(System.nanoTime() - start));
                    response.status(answer.status());
                    for (Map.Entry<String, String> header : ForwardedHeaders.toClient(answer.responseHeaders())) {
                        response.responseHeaders().add(header.getKey(), header.getValue());
                    }
                    return response.send(body.retain());
                })
                .then()
                .onErrorResume(failure -> {
                    if (response.hasSentHeaders()) {
                        return Mono.error(failure);
                    }
                    HttpResponseStatus status = statusFor(failure);
                    log.debug(
                            "{} {} via {} to {}: {}",
                            request.method(),
                            request.uri(),
                            backend,
                            endpoint,
                            status,
                            failure);
                    return Mono.from(error(request, response, status));
                })
                .doFinally(signal -> observer.served(
                        Optional.of(backend),
                        hostOrEmpty(host),
                        request.method().name(),
                        response.status().code(),
                        Optional.ofNullable(latency.get())));
    }

    /** A connection that failed (or timed out connecting) is a 502; an upstream that did not answer in time a 504. */
    static HttpResponseStatus statusFor(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return HttpResponseStatus.BAD_GATEWAY;
            }
            if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
                return HttpResponseStatus.GATEWAY_TIMEOUT;
            }
        }
        return HttpResponseStatus.BAD_GATEWAY;
    }

    private static Publisher<Void> error(
            HttpServerRequest request, HttpServerResponse response, HttpResponseStatus status) {
        String html = "<html>\r\n<head><title>" + status + "</title></head>\r\n<body>\r\n<center><h1>" + status
                + "</h1></center>\r\n<hr><center>skiff</center>\r\n</body>\r\n</html>\r\n";
        response.status(status).header(HttpHeaderNames.CONTENT_TYPE, "text/html");
        if (request.method().name().equals("HEAD")) {
            return response.send();
        }
        return response.sendString(Mono.just(html), StandardCharsets.UTF_8);
    }

    static String pathOf(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int fragment = path.indexOf('#');
        path = fragment < 0 ? path : path.substring(0, fragment);
        return path.isEmpty() ? "/" : path;
    }

    private static String hostPort(InetSocketAddress endpoint) {
        String ip = endpoint.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + endpoint.getPort();
    }

    private static String hostOrEmpty(String host) {
        return HostPattern.requestHost(host).orElse("");
    }
}
