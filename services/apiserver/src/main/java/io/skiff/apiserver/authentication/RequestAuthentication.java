package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Authenticates every request before it is served, as kube-apiserver's union authenticator with
 * anonymous last and FailOnError: an x509 client certificate first, then a bearer token through
 * the {@link TokenAuthenticators}, else anonymous. A bearer token nobody accepts is 401, not
 * anonymous; so is a request without credentials where {@link AnonymousAccess} does not allow
 * one. The user is recorded for the handlers ({@link #user}).
 */
public final class RequestAuthentication implements WebFilter, Ordered, ApplicationContextAware {

    /** Early: everything after it (flow control, authorization, handlers) asks who the requester is. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final String USER = RequestAuthentication.class.getName() + ".user";

    private final X509Authenticator x509;
    private ApplicationContext context;
    private final TokenAuthenticators tokens;
    private final AnonymousAccess anonymous;
    private final Scheduler tokenScheduler;

    /**
     * @param tokenScheduler where token authentication runs: a ServiceAccount token whose objects
     *     are not in the watch cache is checked against the database, which blocks
     */
    public RequestAuthentication(
            X509Authenticator x509, TokenAuthenticators tokens, AnonymousAccess anonymous, Scheduler tokenScheduler) {
        this.x509 = x509;
        this.tokens = tokens;
        this.anonymous = anonymous;
        this.tokenScheduler = tokenScheduler;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (context != null && exchange.getApplicationContext() != context) {
            // The management server (health, metrics on its own port) runs in a child context that
            // sees this context's filters too; it is not the Kubernetes API and asks for no credentials.
            return chain.filter(exchange);
        }
        Optional<UserInfo> certificateUser =
                x509.authenticate(exchange.getRequest().getSslInfo());
        if (certificateUser.isPresent()) {
            return proceed(exchange, chain, certificateUser.get().withAuthenticatedGroup());
        }
        Optional<String> token = BearerToken.from(exchange.getRequest().getHeaders());
        if (token.isPresent()) {
            return Mono.fromCallable(() -> tokens.authenticate(token.get(), List.of()))
                    .subscribeOn(tokenScheduler)
                    .flatMap(outcome -> outcome.isAccepted()
                            ? proceed(exchange, chain, outcome.user())
                            : unauthorized(exchange.getResponse()));
        }
        if (anonymous.allows(exchange.getRequest().getPath().value())) {
            return proceed(exchange, chain, UserInfo.ANONYMOUS);
        }
        return unauthorized(exchange.getResponse());
    }

    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, UserInfo user) {
        exchange.getAttributes().put(USER, user);
        return chain.filter(exchange);
    }

    /** Kubernetes' answer to a request it cannot authenticate: a bare 401 Status. */
    private static Mono<Void> unauthorized(ServerHttpResponse response) {
        byte[] body;
        try {
            body = KubeJson.mapper()
                    .writeValueAsBytes(Statuses.failure(401, "Unauthorized", "Unauthorized", null)
                            .status());
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** Who made the request: anonymous if it passed no authenticator (or this filter did not run). */
    public static UserInfo user(ServerWebExchange exchange) {
        Object user = exchange.getAttribute(USER);
        return user instanceof UserInfo info ? info : UserInfo.ANONYMOUS;
    }
}
