package io.skiff.kubelet.logs;

import io.skiff.kubelet.config.ContainerLogProperties;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rotation of the logs the runtime writes; the hollow runtime writes none. A negative
 * container-log-max-size turns it off, as in Kubernetes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${skiff.kubelet.runtime:process}'.equalsIgnoreCase('hollow')")
@EnableConfigurationProperties(ContainerLogProperties.class)
class ContainerLogConfiguration {

    @Bean
    ContainerLogManager containerLogManager(RuntimeService runtime, ContainerLogProperties properties) {
        return new ContainerLogManager(
                runtime,
                new LogRotatePolicy(properties.maxSizeBytes(), properties.containerLogMaxFiles()),
                properties.containerLogMonitorInterval(),
                Clock.systemDefaultZone());
    }
}
