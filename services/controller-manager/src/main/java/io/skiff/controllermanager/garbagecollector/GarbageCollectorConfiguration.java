package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The garbage collector (kube-controller-manager's garbage-collector-controller): informers on the
 * monitored types, asked for here so they start with the others, and the leader work that runs
 * the collector. Off with {@code skiff.controllers.garbage-collector.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.garbage-collector.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GarbageCollectorProperties.class)
public class GarbageCollectorConfiguration {

    /** The name kube-controller-manager's collector records events under. */
    static final String CONTROLLER_NAME = "garbage-collector-controller";

    @Bean
    GarbageCollectorLeaderWork garbageCollectorLeaderWork(
            SharedInformerFactory informers,
            KubeClient client,
            EventBroadcaster broadcaster,
            GarbageCollectorProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        List<SharedIndexInformer<?>> monitored = new ArrayList<>();
        for (Class<? extends HasMetadata> type : MonitoredTypes.ALL) {
            monitored.add(informers.informerFor(type));
        }
        return new GarbageCollectorLeaderWork(
                informers,
                monitored,
                new ApiClusterObjects(client),
                client.catalog(),
                broadcaster.newRecorder(EventOrigin.of(CONTROLLER_NAME, "")),
                properties,
                meters.getIfAvailable(CompositeMeterRegistry::new));
    }
}
