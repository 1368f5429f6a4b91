package io.skiff.apiserver.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How requests are authorized, as kube-apiserver's --authorization-mode.
 *
 * @param modes the authorizers, asked in this order until one allows or denies: {@code
 *     AlwaysAllow} (the default, as kube-apiserver's), {@code AlwaysDeny}, {@code Node}, {@code
 *     RBAC}; e.g. {@code skiff.apiserver.authorization.modes=Node,RBAC}. Members of {@code
 *     system:masters} are always allowed. With RBAC the default roles and bindings are created at
 *     start.
 */
@ConfigurationProperties("skiff.apiserver.authorization")
public record AuthorizationProperties(
        @DefaultValue("AlwaysAllow") List<String> modes) {}
