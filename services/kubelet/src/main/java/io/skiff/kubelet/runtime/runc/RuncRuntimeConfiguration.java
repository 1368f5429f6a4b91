package io.skiff.kubelet.runtime.runc;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The runc runtime as the kubelet's {@link io.skiff.kubelet.cri.RuntimeService}, chosen with
 * {@code skiff.kubelet.runtime=runc}. It needs a {@link RootfsSource} bean (the image store's
 * layers and image configs). Closing the context kills the containers and tears the sandboxes
 * down, as they cannot outlive the kubelet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "skiff.kubelet.runtime", havingValue = "runc")
@EnableConfigurationProperties(RuncProperties.class)
class RuncRuntimeConfiguration {

    @Bean(destroyMethod = "close")
    RuncRuntime runcRuntime(RuncProperties properties, RootfsSource images) {
        return new RuncRuntime(properties, images);
    }
}
