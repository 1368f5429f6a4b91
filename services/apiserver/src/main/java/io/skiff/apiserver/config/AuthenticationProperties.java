package io.skiff.apiserver.config;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API server authenticates requests, as kube-apiserver's authentication flags.
 *
 * @param anonymous whether requests without credentials are served as {@code system:anonymous}
 * @param tokenAuthFile a static token file, CSV {@code token,user,uid,"group1,group2"}
 *     (kube-apiserver's --token-auth-file); read once at start
 * @param apiAudiences the audiences a token must be meant for to reach this API (kube-apiserver's
 *     --api-audiences); empty for the ServiceAccount token issuer alone
 * @param enableBootstrapTokenAuth whether bootstrap tokens (Secrets kube-system/bootstrap-token-*)
 *     authenticate, as --enable-bootstrap-token-auth, which kubeadm clusters turn on and Skiff's
 *     agents need to join
 */
@ConfigurationProperties("skiff.apiserver.authentication")
public record AuthenticationProperties(
        @DefaultValue Anonymous anonymous,
        Path tokenAuthFile,
        @DefaultValue List<String> apiAudiences,
        @DefaultValue("true") boolean enableBootstrapTokenAuth) {

    /**
     * Anonymous requests (kube-apiserver's --anonymous-auth and AuthenticationConfiguration's
     * anonymous.conditions).
     *
     * @param enabled whether requests without credentials are allowed at all; otherwise they get 401
     * @param paths the only paths anonymous requests may reach (exact paths, e.g. {@code
     *     /healthz,/livez,/readyz,/version}); empty for all
     */
    public record Anonymous(
            @DefaultValue("true") boolean enabled,
            @DefaultValue List<String> paths) {}
}
