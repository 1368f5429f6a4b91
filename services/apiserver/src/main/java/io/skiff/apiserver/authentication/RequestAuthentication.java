package io.skiff.apiserver.authentication;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request before it is served, trying the authenticators in Kubernetes' order
 * (x509 client certificates first), and records who it is for the handlers ({@link #user}). A
 * request no authenticator accepts is {@link UserInfo#ANONYMOUS}.
 */
public final class RequestAuthentication implements WebFilter, Ordered {

    /** Before the filters that read the user (authorization). */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1;

    private static final String USER = RequestAuthentication.class.getName() + ".user";

    private final X509Authenticator x509;

    public RequestAuthentication(X509Authenticator x509) {
        this.x509 = x509;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        UserInfo user = x509.authenticate(exchange.getRequest().getSslInfo()).orElse(UserInfo.ANONYMOUS);
        exchange.getAttributes().put(USER, user);
        return chain.filter(exchange);
    }

    /** Who made the request: anonymous if it passed no authenticator (or this filter did not run). */
    public static UserInfo user(ServerWebExchange exchange) {
        Object user = exchange.getAttribute(USER);
        return user instanceof UserInfo info ? info : UserInfo.ANONYMOUS;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
