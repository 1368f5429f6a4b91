package io.skiff.kubelet.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.kubelet.config.KubeletProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The kubelet's metrics, in the actuator's registry (so on /actuator/prometheus) when there is one. */
@Configuration(proxyBeanMethods = false)
class KubeletMetricsConfiguration {

    @Bean
    KubeletMetrics kubeletMetrics(KubeletProperties properties, ObjectProvider<MeterRegistry> registries) {
        return new KubeletMetrics(registries.getIfAvailable(CompositeMeterRegistry::new), properties.nodeName());
    }
}
