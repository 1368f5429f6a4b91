package io.skiff.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pod garbage collector. Off with {@code skiff.controllers.pod-gc.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.pod-gc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PodGcProperties.class)
class PodGcConfiguration {

    /** Bounds each call; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    PodGcController podGcController(
            KubeClient client,
            SharedInformerFactory informers,
            PodGcProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        PodGarbageCollector collector = new PodGarbageCollector(
                pods.lister(),
                nodes.lister(),
                new ClientPodGcWrites(client),
                properties,
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new PodGcController(pods, nodes, collector, registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}
