package io.skiff.kubelet;

import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.node.NodeAgent;
import io.skiff.kubelet.node.NodeHealthIndicator;
import io.skiff.kubelet.pods.PlegHealthIndicator;
import io.skiff.kubelet.pods.PodLifecycle;
import io.skiff.kubelet.pods.PodsHealthIndicator;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The kubelet's health contributors, grouped in kubelet.yaml: readiness is "pods" (the pod
 * informer synced) and "node" (the Node registered, its Lease renewed within its duration);
 * liveness is "pleg" (a relist within three minutes, as the kubelet's PLEG health check). Hollow
 * nodes have none of these parts: their kubelet reports the application's own states only.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
class KubeletHealthConfiguration {

    @Bean
    PodsHealthIndicator podsHealthIndicator(PodLifecycle lifecycle) {
        return new PodsHealthIndicator(lifecycle);
    }

    @Bean
    PlegHealthIndicator plegHealthIndicator(PodLifecycle lifecycle) {
        return new PlegHealthIndicator(lifecycle);
    }

    @Bean
    NodeHealthIndicator nodeHealthIndicator(NodeAgent agent, KubeletProperties properties) {
        return new NodeHealthIndicator(agent, properties.nodeName(), Clock.systemUTC());
    }
}
