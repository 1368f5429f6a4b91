package io.skiff.apiserver.authorization;

import io.skiff.apiserver.audit.AuditAnnotations;
import io.skiff.apiserver.authentication.RequestAuthentication;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.registry.Requester;
import io.skiff.apiserver.rest.ErrorResponses;
import io.skiff.model.api.ApiException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authorizes every request once it is authenticated, as kube-apiserver's WithAuthorization filter:
 * a request the authorizer does not allow is answered 403 Forbidden, with the reason it gave.
 * Ordered after {@link RequestAuthentication}, whose user it reads.
 */
public final class RequestAuthorization implements WebFilter, Ordered, ApplicationContextAware {

    /** After authentication, which records the user, and priority and fairness (+10), as in kube-apiserver. */
    public static final int ORDER = RequestAuthentication.ORDER + 20;

    private final Authorizer authorizer;
    private ApplicationContext context;

    public RequestAuthorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (context != null && exchange.getApplicationContext() != context) {
            // The management server (health, metrics on its own port) runs in a child context that
            // sees this context's filters too; it is not the Kubernetes API and is not authorized here.
            return chain.filter(exchange);
        }
        UserInfo user = RequestAuthentication.user(exchange);
        RequestAttributes attributes = RequestAttributes.of(exchange, user);
        Decision decision = authorizer.authorize(attributes);
        AuditAnnotations.authorizationDecision(exchange, decision.allowed(), decision.reason());
        if (decision.allowed()) {
            // The registry tells admission who writes (RBAC's escalation checks, NodeRestriction).
            return chain.filter(exchange).contextWrite(Requester.of(user));
        }
        return forbidden(exchange, Forbidden.of(attributes, decision.reason()));
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange, ApiException error) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        DataBuffer body = response.bufferFactory().wrap(ErrorResponses.json(error.status()));
        return response.writeWith(Mono.just(body));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
