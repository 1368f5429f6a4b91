package io.skiff.component.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventSink;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderElectionProperties;
import io.skiff.component.leaderelection.LeaseLock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a control-plane component imports to run on the API server: the shared informers, the
 * lease lock of its leader election and the sink of its Events, all over the component's
 * {@link KubeClient}. Imported explicitly (not auto-configured) so that only components, never the
 * API server sharing their classpath in {@code skiff server}, elect leaders and record events.
 */
@Configuration(proxyBeanMethods = false)
public class ComponentRuntimeConfiguration {

    /** No periodic resync unless a handler asks for its own period. */
    private static final Duration DEFAULT_RESYNC = Duration.ZERO;

    @Bean(destroyMethod = "stop")
    SharedInformerFactory sharedInformerFactory(KubeClient client, ObjectProvider<MeterRegistry> registry) {
        return new SharedInformerFactory(
                new ClientListerWatchers(client),
                DEFAULT_RESYNC,
                ReflectorSettings.defaults(),
                registry.getIfAvailable(CompositeMeterRegistry::new));
    }

    @Bean
    InformersLifecycle informersLifecycle(SharedInformerFactory informers) {
        return new InformersLifecycle(informers);
    }

    @Bean
    InformersHealthIndicator informersHealthIndicator(SharedInformerFactory informers) {
        return new InformersHealthIndicator(informers);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "skiff.leader-election.enabled", matchIfMissing = true)
    LeaseLock leaseLock(KubeClient client, LeaderElectionProperties properties) {
        return new ClientLeaseLock(
                client, properties.identity(), properties.leaseNamespace(), properties.requiredLeaseName());
    }

    @Bean
    EventSink eventSink(KubeClient client) {
        return new ClientEventSink(client);
    }
}
