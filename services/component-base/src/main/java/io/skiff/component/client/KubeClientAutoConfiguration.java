package io.skiff.component.client;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link KubeClient} from {@code skiff.apiserver.*}, built on the application's
 * WebClient.Builder when it has one (Boot's spring-boot-webclient) and recording metrics in its
 * MeterRegistry when it has one. In a Kubernetes pod ({@link InClusterProperties}) it sends the
 * pod's service-account token, and without {@code skiff.apiserver.urls} it goes to the API server
 * that {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT} name.
 */
@AutoConfiguration
@EnableConfigurationProperties({ApiClientProperties.class, InClusterProperties.class})
public final class KubeClientAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubeClientAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    KubeClient kubeClient(
            ApiClientProperties properties,
            InClusterProperties inClusterProperties,
            Environment environment,
            ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<MeterRegistry> meters) {
        InClusterConfig inCluster = new InClusterConfig(inClusterProperties, environment::getProperty);
        return KubeClient.create(
                withInClusterUrl(properties, inCluster, environment),
                webClients.getIfAvailable(WebClient::builder),
                meters.getIfAvailable(),
                bearerTokens(properties, inCluster));
    }

    /** The configured API servers, or without any, the in-cluster one when this runs in a pod. */
    private static ApiClientProperties withInClusterUrl(
            ApiClientProperties properties, InClusterConfig inCluster, Environment environment) {
        if (urlsConfigured(environment)) {
            return properties;
        }
        return inCluster
                .apiServerUrl()
                .map(url -> {
                    log.info("skiff.apiserver.urls is not set: using the in-cluster API server {}", url);
                    return properties.withUrls(List.of(url));
                })
                .orElse(properties);
    }

    /** skiff.apiserver.bearer-token when set, else the pod's service-account token if one is mounted. */
    private static BearerTokenSource bearerTokens(ApiClientProperties properties, InClusterConfig inCluster) {
        if (properties.bearerToken() != null) {
            return BearerTokenSource.fixed(properties.bearerToken());
        }
        return inCluster
                .serviceAccountToken()
                .map(token -> {
                    log.info("sending the pod's service account token ({})", token);
                    return token;
                })
                .orElse(BearerTokenSource.none());
    }

    /** Whether the API servers were named at all (ApiClientProperties fills in a default). */
    private static boolean urlsConfigured(Environment environment) {
        return Binder.get(environment)
                .bind("skiff.apiserver.urls", Bindable.listOf(URI.class))
                .isBound();
    }
}
