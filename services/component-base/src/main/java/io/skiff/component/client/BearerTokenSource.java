package io.skiff.component.client;

/**
 * Where the client's bearer token comes from on each request: a fixed token
 * ({@code skiff.apiserver.bearer-token}), a pod's service-account token file that the kubelet
 * rotates ({@link ServiceAccountTokenFile}), or none.
 */
@FunctionalInterface
public interface BearerTokenSource {

    /** The token to send now, or null to send no Authorization header. */
    String token();

    static BearerTokenSource none() {
        return () -> null;
    }

    /** Always {@code token}; none when it is null or blank. */
    static BearerTokenSource fixed(String token) {
        String trimmed = token == null || token.isBlank() ? null : token.trim();
        return () -> trimmed;
    }
}
