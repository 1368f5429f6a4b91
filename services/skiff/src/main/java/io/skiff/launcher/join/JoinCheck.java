package io.skiff.launcher.join;

import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.model.api.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code skiff agent} asks the server before it starts anything: whether its join token is
 * one the server issued and would accept. Until the API server authenticates requests (issue 9)
 * this reads the token's bootstrap token Secret and applies the authenticator's checks to it;
 * every refusal is a {@link JoinRefusedException} whose message says which problem it is.
 */
public final class JoinCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private JoinCheck() {}

    /**
     * The client settings an agent's components use: the server, with the token as bearer, trusting
     * {@code certificateAuthority} for an HTTPS server (null for plain HTTP).
     */
    public static ApiClientProperties clientFor(String serverUrl, JoinToken token, Path certificateAuthority) {
        ApiClientProperties properties =
                ApiClientProperties.defaults().withUrls(serverUrl).withBearerToken(token.value());
        return certificateAuthority == null
                ? properties
                : properties.withTls(new ApiClientProperties.TlsSettings(certificateAuthority, null, null));
    }

    public static void verify(String serverUrl, JoinToken token, Path certificateAuthority) {
        Secret secret;
        try (KubeClient client = KubeClient.create(clientFor(serverUrl, token, certificateAuthority)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(new ApiClientProperties.RetrySettings(2, Duration.ofMillis(200), Duration.ofSeconds(1))))) {
            Optional<Secret> found = client.resources(Secret.class)
                    .find(BootstrapTokenSecret.NAMESPACE, token.secretName())
                    .blockOptional(TIMEOUT);
            if (found.isEmpty()) {
                throw new JoinRefusedException("unknown token: the server at " + serverUrl + " has no join token \""
                        + token.id() + "\" (no Secret " + BootstrapTokenSecret.NAMESPACE + "/" + token.secretName()
                        + ")");
            }
            secret = found.get();
        } catch (ApiException e) {
            if (e.code() == 401 || e.code() == 403) {
                throw new JoinRefusedException(
                        "the server at " + serverUrl + " refused join token \"" + token.id() + "\": " + e.getMessage());
            }
            throw new JoinRefusedException(
                    "the server at " + serverUrl + " answered " + e.code() + ": " + e.getMessage());
        } catch (JoinRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JoinRefusedException(
                    "server unreachable: cannot reach " + serverUrl + ": " + rootMessage(serverUrl, e));
        }
        BootstrapTokenSecret.check(secret, token, Instant.now()).ifPresent(rejection -> {
            String prefix = switch (rejection.reason()) {
                case WRONG -> "wrong token: ";
                case UNKNOWN -> "unknown token: ";
                case NOT_USABLE, EXPIRED -> "unusable token: ";
            };
            throw new JoinRefusedException(prefix + rejection.message());
        });
    }

    /**
     * Why the server could not be reached, in plain words where the cause is a common one
     * ("connection refused", "unknown host skiff-1"), else the innermost cause's message.
     */
    static String rootMessage(String serverUrl, Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + java.net.URI.create(serverUrl).getHost();
            }
            if (t instanceof java.net.ConnectException && message.contains("Connection refused")) {
                return "connection refused";
            }
            if (t instanceof java.util.concurrent.TimeoutException) {
                return "no answer in time";
            }
            root = t;
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    /** A join the server would not accept; its message is the one line the user reads. */
    public static final class JoinRefusedException extends RuntimeException {
        public JoinRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
