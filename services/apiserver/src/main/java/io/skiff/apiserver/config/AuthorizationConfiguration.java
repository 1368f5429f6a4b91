package io.skiff.apiserver.config;

import io.skiff.apiserver.authorization.AuthorizationModes;
import io.skiff.apiserver.authorization.RequestAuthorization;
import io.skiff.apiserver.authorization.bootstrap.PolicyReconciler;
import io.skiff.apiserver.authorization.node.NodeGraph;
import io.skiff.apiserver.authorization.rbac.RbacPolicySource;
import io.skiff.apiserver.authorization.review.AccessReviews;
import io.skiff.apiserver.protobuf.ProtobufDecoder;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.rest.RequestBodies;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Authorization: the configured modes, the filter that applies them, the reviews and RBAC's defaults. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthorizationProperties.class)
public class AuthorizationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationConfiguration.class);

    @Bean
    RbacPolicySource rbacPolicySource(WatchCache cache, ResourceCatalog catalog) {
        return new RbacPolicySource(cache, catalog);
    }

    @Bean
    AuthorizationModes authorizationModes(
            AuthorizationProperties properties, RbacPolicySource rbac, WatchCache cache, ResourceCatalog catalog) {
        AuthorizationModes modes =
                AuthorizationModes.of(properties.modes(), rbac::current, () -> new NodeGraph(cache, catalog));
        log.info("Authorization modes: {}", modes.modes());
        return modes;
    }

    @Bean
    RequestAuthorization requestAuthorization(AuthorizationModes modes) {
        return new RequestAuthorization(modes.authorizer());
    }

    @Bean
    AccessReviews accessReviews(AuthorizationModes modes, ApiServerProperties properties) {
        return new AccessReviews(
                modes.authorizer(),
                modes.ruleResolver(),
                new RequestBodies(properties.maxRequestBytes(), ProtobufDecoder.builtin()));
    }

    /** RBAC's default roles and bindings, made or brought up to date at start when RBAC is on. */
    @Bean
    ApplicationRunner bootstrapRbacPolicy(AuthorizationModes modes, ObjectRegistry registry, ResourceCatalog catalog) {
        return args -> {
            if (modes.rbacEnabled()) {
                new PolicyReconciler(registry, catalog).ensure();
            }
        };
    }
}
