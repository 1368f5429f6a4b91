package io.skiff.kubelet.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.skiff.component.client.KubeClient;
import io.skiff.model.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}. An API server
 * that does not serve TokenRequest answers 404; the error then says so plainly, since every
 * retry will fail the same way until the API server learns it.
 */
public final class ClientTokenIssuer implements TokenIssuer {

    private final KubeClient client;
    private final Duration timeout;

    public ClientTokenIssuer(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public IssuedToken issue(
            String namespace,
            String serviceAccount,
            List<String> audiences,
            long expirationSeconds,
            String boundPodName,
            String boundPodUid) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("audiences", audiences);
        spec.put("expirationSeconds", expirationSeconds);
        spec.put("boundObjectRef", Map.of("apiVersion", "v1", "kind", "Pod", "name", boundPodName, "uid", boundPodUid));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("apiVersion", "authentication.k8s.io/v1");
        request.put("kind", "TokenRequest");
        request.put("spec", spec);
        JsonNode reply;
        try {
            reply = client.resources(ServiceAccount.class)
                    .createSubresource(namespace, serviceAccount, "token", request, JsonNode.class)
                    .block(timeout);
        } catch (ApiException e) {
            if (e.code() == 404 && !serviceAccount.equals(notFoundName(e))) {
                throw new TokenRequestException(
                        "failed to fetch token: " + e.getMessage() + " (the API server does not serve TokenRequest:"
                                + " POST /api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount
                                + "/token)",
                        e);
            }
            throw new TokenRequestException("failed to fetch token: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TokenRequestException("failed to fetch token: " + e.getMessage(), e);
        }
        String token = reply == null ? "" : reply.at("/status/token").asText("");
        if (token.isEmpty()) {
            throw new TokenRequestException("failed to fetch token: the reply holds no status.token", null);
        }
        Instant expiration;
        try {
            expiration = Instant.parse(reply.at("/status/expirationTimestamp").asText());
        } catch (DateTimeParseException e) {
            throw new TokenRequestException("failed to fetch token: the reply holds no valid expirationTimestamp", e);
        }
        return new IssuedToken(token, expiration);
    }

    /** The object a NotFound Status names: the ServiceAccount when it is missing, nothing when the endpoint is. */
    private static String notFoundName(ApiException e) {
        return e.status() == null || e.status().getDetails() == null
                ? null
                : e.status().getDetails().getName();
    }
}
