package io.skiff.kubelet.server.security;

import io.skiff.component.client.SubjectAccessReviews;
import io.skiff.component.client.SubjectAccessReviews.Answer;
import io.skiff.component.client.SubjectAccessReviews.Subject;
import io.skiff.model.identity.CertificateSubject;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Who may use the kubelet's API, as the kubelet's x509 authentication and Webhook authorization:
 * a request for exec or container logs must come with a client certificate from the client CA (the
 * TLS layer checks the chain; CN is the user, O the groups), else 401; then the API server is asked
 * through a SubjectAccessReview whether that user may use nodes/proxy on this node, else 403 with
 * the kubelet's message. Answers are kept 5 minutes (allowed) or 30 seconds (denied), the kubelet's
 * webhook cache. The verb is the HTTP method's (get for GET, ...), but exec is always create: it
 * starts a process, whether asked over a WebSocket (a GET) or not, where Kubernetes' kubelet checks
 * get for a WebSocket exec. Health and metrics are not checked.
 */
final class KubeletApiAuthorizer implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(KubeletApiAuthorizer.class);

    static final Duration ALLOWED_TTL = Duration.ofMinutes(5);
    static final Duration DENIED_TTL = Duration.ofSeconds(30);

    private static final List<String> PROTECTED = List.of("/exec/", "/containerLogs/");

    private record Decision(boolean allowed, Instant until) {}

    private final String nodeName;
    private final BiFunction<Subject, Map<String, Object>, Mono<Answer>> reviews;
    private final Clock clock;
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    KubeletApiAuthorizer(String nodeName, BiFunction<Subject, Map<String, Object>, Mono<Answer>> reviews, Clock clock) {
        this.nodeName = nodeName;
        this.reviews = reviews;
        this.clock = clock;
    }

    static KubeletApiAuthorizer through(SubjectAccessReviews reviews, String nodeName) {
        return new KubeletApiAuthorizer(nodeName, reviews::review, Clock.systemUTC());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (PROTECTED.stream().noneMatch(path::startsWith)) {
            return chain.filter(exchange);
        }
        Subject subject = subject(request.getSslInfo());
        if (subject == null) {
            return refuse(exchange.getResponse(), HttpStatus.UNAUTHORIZED, "Unauthorized");
        }
        String verb =
                path.startsWith("/exec/") ? "create" : verb(request.getMethod().name());
        String key = subject.user() + "\n" + String.join(",", subject.groups()) + "\n" + verb;
        Decision cached = decisions.get(key);
        Mono<Boolean> allowed = cached != null && cached.until().isAfter(clock.instant())
                ? Mono.just(cached.allowed())
                : ask(subject, verb)
                        .doOnNext(yes -> decisions.put(
                                key, new Decision(yes, clock.instant().plus(yes ? ALLOWED_TTL : DENIED_TTL))))
                        .onErrorResume(e -> {
                            // Not kept: the next request asks again.
                            log.warn(
                                    "Could not ask the API server whether {} may use this kubelet's API: {}",
                                    subject.user(),
                                    e.getMessage());
                            return Mono.just(false);
                        });
        return allowed.flatMap(yes -> yes
                ? chain.filter(exchange)
                : refuse(
                        exchange.getResponse(),
                        HttpStatus.FORBIDDEN,
                        "Forbidden (user=" + subject.user() + ", verb=" + verb
                                + ", resource=nodes, subresource(s)=[proxy])"));
    }

    private Mono<Boolean> ask(Subject subject, String verb) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("verb", verb);
        attributes.put("version", "v1");
        attributes.put("resource", "nodes");
        attributes.put("subresource", "proxy");
        attributes.put("name", nodeName);
        return reviews.apply(subject, attributes).map(answer -> answer == Answer.ALLOWED);
    }

    /** The user and groups of a verified client certificate; null without one. */
    static Subject subject(SslInfo ssl) {
        X509Certificate[] chain = ssl == null ? null : ssl.getPeerCertificates();
        if (chain == null || chain.length == 0) {
            return null;
        }
        return CertificateSubject.of(chain[0])
                .map(named -> {
                    List<String> groups = new ArrayList<>(named.groups());
                    groups.add("system:authenticated");
                    return new Subject(named.user(), null, groups, Map.of());
                })
                .orElse(null);
    }

    private static String verb(String method) {
        return switch (method) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "get";
        };
    }

    private static Mono<Void> refuse(ServerHttpResponse response, HttpStatus status, String message) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        return response.writeWith(
                Mono.just(response.bufferFactory().wrap((message + "\n").getBytes(StandardCharsets.UTF_8))));
    }
}
