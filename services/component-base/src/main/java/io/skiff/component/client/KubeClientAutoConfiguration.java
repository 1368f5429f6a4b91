package io.skiff.component.client;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link KubeClient} from {@code skiff.apiserver.*}, built on the application's
 * WebClient.Builder when it has one (Boot's spring-boot-webclient) and recording metrics in its
 * MeterRegistry when it has one.
 */
@AutoConfiguration
@EnableConfigurationProperties(ApiClientProperties.class)
public final class KubeClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KubeClient kubeClient(
            ApiClientProperties properties,
            ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<MeterRegistry> meters) {
        return KubeClient.create(properties, webClients.getIfAvailable(WebClient::builder), meters.getIfAvailable());
    }
}
