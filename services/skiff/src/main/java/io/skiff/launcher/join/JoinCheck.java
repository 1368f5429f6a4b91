package io.skiff.launcher.join;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code skiff agent} asks the server before it starts anything: whether it accepts the join
 * token, as the API server's bootstrap token authenticator decides. Every refusal is a {@link
 * JoinRefusedException} whose message is the one line the user reads.
 */
public final class JoinCheck {

    /** As discovery would describe it: SelfSubjectReviews are created, never stored. */
    private static final ResourceType SELF_SUBJECT_REVIEWS = new ResourceType(
            "authentication.k8s.io",
            "v1",
            "SelfSubjectReview",
            "selfsubjectreviews",
            "selfsubjectreview",
            List.of(),
            false,
            List.of("create"),
            List.of(),
            List.of(),
            Set.of());

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

    /**
     * Asks the server who the token makes the agent (a SelfSubjectReview, which anyone the server
     * authenticates may make): {@code system:bootstrap:<id>} when the server accepts the token. A
     * token it does not accept (unknown, wrong secret, expired, not for authentication) is a 401,
     * which by design does not say which of these it is.
     */
    public static void verify(String serverUrl, JoinToken token, Path certificateAuthority) {
        GenericKubernetesResource answered;
        try (KubeClient client = KubeClient.create(clientFor(serverUrl, token, certificateAuthority)
                .withRequestTimeout(Duration.ofSeconds(5))
                .withRetry(new ApiClientProperties.RetrySettings(2, Duration.ofMillis(200), Duration.ofSeconds(1))))) {
            GenericKubernetesResource review = new GenericKubernetesResource();
            review.setApiVersion("authentication.k8s.io/v1");
            review.setKind("SelfSubjectReview");
            answered = client.resources(SELF_SUBJECT_REVIEWS).create(review).block(TIMEOUT);
        } catch (ApiException e) {
            if (e.code() == 401) {
                throw new JoinRefusedException("the server at " + serverUrl + " does not accept join token \""
                        + token.id() + "\": it is unknown there, its secret is wrong, it expired or it is not for"
                        + " authentication (on the server: kubectl -n " + BootstrapTokenSecret.NAMESPACE
                        + " get secret " + token.secretName() + ")");
            }
            throw new JoinRefusedException(
                    "the server at " + serverUrl + " answered " + e.code() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new JoinRefusedException(
                    "server unreachable: cannot reach " + serverUrl + ": " + rootMessage(serverUrl, e));
        }
        String expected = "system:bootstrap:" + token.id();
        String user = username(answered);
        if (!expected.equals(user)) {
            throw new JoinRefusedException("the server at " + serverUrl + " took join token \"" + token.id() + "\" for "
                    + user + ", not " + expected + ": it does not authenticate bootstrap tokens");
        }
    }

    private static String username(GenericKubernetesResource review) {
        Object status = review == null ? null : review.getAdditionalProperties().get("status");
        Object userInfo = status instanceof Map<?, ?> map ? map.get("userInfo") : null;
        Object username = userInfo instanceof Map<?, ?> map ? map.get("username") : null;
        return username == null ? "nobody" : username.toString();
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
