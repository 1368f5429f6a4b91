package io.skiff.apiserver.authentication;

import java.util.Optional;
import org.springframework.http.HttpHeaders;

/**
 * The token of an {@code Authorization: Bearer <token>} header, read as Kubernetes' bearertoken
 * authenticator reads it: the scheme case-insensitive, the token the next space-separated word; a
 * header of another scheme or with an empty token carries no bearer token.
 */
public final class BearerToken {

    private BearerToken() {}

    public static Optional<String> from(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }
}
