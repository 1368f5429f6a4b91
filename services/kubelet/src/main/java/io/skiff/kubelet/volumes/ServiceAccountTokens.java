package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.skiff.kubelet.volumes.TokenIssuer.IssuedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's token manager: one token per pod, service account, audience and lifetime, reused
 * until it is within 20% of its lifetime from expiry or 24 hours old, then requested anew.
 */
public final class ServiceAccountTokens {

    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    private static final Duration MAX_TOKEN_AGE = Duration.ofHours(24);

    private final TokenIssuer issuer;
    private final Clock clock;
    private final Map<Key, Cached> tokens = new ConcurrentHashMap<>();

    private record Key(
            String namespace, String serviceAccount, String audience, long expirationSeconds, String podUid) {}

    private record Cached(IssuedToken token, long expirationSeconds) {}

    public ServiceAccountTokens(TokenIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The token a serviceAccountToken projection of {@code pod} holds. */
    String token(Pod pod, ServiceAccountTokenProjection projection) {
        String serviceAccount = pod.getSpec().getServiceAccountName();
        if (serviceAccount == null || serviceAccount.isEmpty()) {
            serviceAccount = "default";
        }
        long expiration = projection.getExpirationSeconds() == null
                ? DEFAULT_EXPIRATION_SECONDS
                : projection.getExpirationSeconds();
        String audience = projection.getAudience() == null ? "" : projection.getAudience();
        Key key = new Key(
                pod.getMetadata().getNamespace(),
                serviceAccount,
                audience,
                expiration,
                pod.getMetadata().getUid());
        Cached cached = tokens.get(key);
        if (cached != null && !requiresRefresh(cached)) {
            return cached.token().token();
        }
        IssuedToken issued = issuer.issue(
                key.namespace(),
                serviceAccount,
                audience.isEmpty() ? List.of() : List.of(audience),
                expiration,
                pod.getMetadata().getName(),
                key.podUid());
        tokens.put(key, new Cached(issued, expiration));
        return issued.token();
    }

    /** Forgets the tokens of a pod that is gone. */
    void forget(String podUid) {
        tokens.keySet().removeIf(key -> key.podUid().equals(podUid));
    }

    private boolean requiresRefresh(Cached cached) {
        Instant now = clock.instant();
        Instant expiry = cached.token().expiration();
        Instant issuedAt = expiry.minusSeconds(cached.expirationSeconds());
        if (now.isAfter(issuedAt.plus(MAX_TOKEN_AGE))) {
            return true;
        }
        return now.isAfter(expiry.minusSeconds(cached.expirationSeconds() * 20 / 100));
    }
}
