package io.skiff.component.client;

import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a pod tells a client about its cluster, as client-go's rest.InClusterConfig reads it: the
 * API server's address from the {@code kubernetes} Service's environment variables, which the
 * kubelet puts in every container, and the service-account token mounted in the pod.
 */
public final class InClusterConfig {

    public static final String SERVICE_HOST = "KUBERNETES_SERVICE_HOST";
    public static final String SERVICE_PORT = "KUBERNETES_SERVICE_PORT";

    private final InClusterProperties properties;
    private final UnaryOperator<String> environment;

    /** @param environment looks an environment variable up (null when unset) */
    public InClusterConfig(InClusterProperties properties, UnaryOperator<String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The API server the kubernetes Service's variables name, if this runs in a pod that has them. */
    public Optional<URI> apiServerUrl() {
        String host = blankToNull(environment.apply(SERVICE_HOST));
        String port = blankToNull(environment.apply(SERVICE_PORT));
        if (!properties.enabled() || host == null || port == null) {
            return Optional.empty();
        }
        // net.JoinHostPort: an IPv6 address goes in brackets.
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return Optional.of(URI.create(properties.scheme() + "://" + authority));
    }

    /** The pod's service-account token, re-read as it rotates, if one is mounted. */
    public Optional<BearerTokenSource> serviceAccountToken() {
        if (!properties.enabled() || !Files.isRegularFile(properties.tokenFile())) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccountTokenFile(properties.tokenFile(), properties.tokenReloadPeriod()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
