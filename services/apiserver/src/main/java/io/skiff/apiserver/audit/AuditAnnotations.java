package io.skiff.apiserver.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.server.ServerWebExchange;

/**
 * Annotations other stages of a request add to its audit events, kept in the exchange attribute
 * {@value #ATTRIBUTE} (a {@code Map<String, String>}). The authorization filter records its
 * decision here with {@link #authorizationDecision}, which the events carry as Kubernetes' do.
 */
public final class AuditAnnotations {

    /** The exchange attribute holding the annotations. */
    public static final String ATTRIBUTE = "io.skiff.apiserver.audit.annotations";

    public static final String DECISION = "authorization.k8s.io/decision";
    public static final String REASON = "authorization.k8s.io/reason";

    private AuditAnnotations() {}

    /** Adds one annotation; the first value set for a key stays, as in Kubernetes. */
    public static void add(ServerWebExchange exchange, String key, String value) {
        of(exchange).putIfAbsent(key, value);
    }

    /**
     * Records an authorization decision: {@code allow} or {@code forbid}, with the authorizer's
     * reason (may be empty).
     */
    public static void authorizationDecision(ServerWebExchange exchange, boolean allowed, String reason) {
        add(exchange, DECISION, allowed ? "allow" : "forbid");
        add(exchange, REASON, reason == null ? "" : reason);
    }

    /** The annotations added so far, modifiable. */
    @SuppressWarnings("unchecked")
    static Map<String, String> of(ServerWebExchange exchange) {
        return (Map<String, String>) exchange.getAttributes()
                .computeIfAbsent(ATTRIBUTE, k -> Collections.synchronizedMap(new LinkedHashMap<String, String>()));
    }
}
