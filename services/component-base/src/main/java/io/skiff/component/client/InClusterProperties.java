package io.skiff.component.client;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a component running in a Kubernetes pod reaches the API server
 * ({@code skiff.apiserver.in-cluster.*}), as client-go's in-cluster configuration: the
 * service-account token the kubelet mounts in the pod as its bearer token (unless
 * {@code skiff.apiserver.bearer-token} is set), and, when {@code skiff.apiserver.urls} is not set,
 * the API server named by {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}.
 *
 * @param enabled whether to use the pod's service account and the in-cluster address at all
 *     (default true; outside a pod there are none and nothing changes)
 * @param serviceAccountDir where the pod's service account is mounted: {@code token} and
 *     {@code namespace} (default {@code /var/run/secrets/kubernetes.io/serviceaccount})
 * @param tokenReloadPeriod how long a token read from the file is used before it is read again:
 *     projected tokens are rotated by the kubelet (default 1 min, client-go's)
 * @param scheme the scheme of the in-cluster URL (default {@code http}: Skiff's API server serves
 *     plain HTTP, TLS being a proxy's or load balancer's job in front of it)
 */
@ConfigurationProperties("skiff.apiserver.in-cluster")
public record InClusterProperties(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("/var/run/secrets/kubernetes.io/serviceaccount")
        Path serviceAccountDir,

        @DefaultValue("1m") Duration tokenReloadPeriod,
        @DefaultValue("http") String scheme) {

    public static final Path DEFAULT_SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public InClusterProperties {
        serviceAccountDir = serviceAccountDir == null ? DEFAULT_SERVICE_ACCOUNT_DIR : serviceAccountDir;
        tokenReloadPeriod = tokenReloadPeriod == null ? Duration.ofMinutes(1) : tokenReloadPeriod;
        scheme = scheme == null || scheme.isBlank() ? "http" : scheme;
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "skiff.apiserver.in-cluster.scheme must be http or https, got " + scheme);
        }
    }

    public static InClusterProperties defaults() {
        return new InClusterProperties(true, null, null, null);
    }

    public Path tokenFile() {
        return serviceAccountDir.resolve("token");
    }

    public Path namespaceFile() {
        return serviceAccountDir.resolve("namespace");
    }
}
