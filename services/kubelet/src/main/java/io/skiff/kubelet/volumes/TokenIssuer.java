package io.skiff.kubelet.volumes;

import java.time.Instant;
import java.util.List;

/** Issues service account tokens through the API's TokenRequest (serviceaccounts/token). */
public interface TokenIssuer {

    /**
     * @param audiences empty for the API server's own audience
     * @param boundPodName the pod the token is bound to; it stops working when the pod goes
     * @throws TokenRequestException when no token can be had, with the reason
     */
    IssuedToken issue(
            String namespace,
            String serviceAccount,
            List<String> audiences,
            long expirationSeconds,
            String boundPodName,
            String boundPodUid);

    /** @param expiration when the token stops being valid */
    record IssuedToken(String token, Instant expiration) {}

    /** No token could be issued; the message says why. */
    final class TokenRequestException extends RuntimeException {
        public TokenRequestException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
