package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The namespace controller (namespace deletion): an informer on namespaces and its workers as
 * leader work. Off with {@code skiff.controllers.namespace.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.namespace.enabled", matchIfMissing = true)
class NamespaceControllerConfiguration {

    /** kube-controller-manager's --concurrent-namespace-syncs default. */
    private static final int WORKERS = 10;

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    NamespaceController namespaceController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Namespace> namespaces = informers.informerFor(Namespace.class);
        NamespacedResourcesDeleter deleter =
                new NamespacedResourcesDeleter(new ClientNamespaceApi(client, CALL_TIMEOUT), Clock.systemUTC());
        return new NamespaceController(
                namespaces,
                new NamespaceSync(namespaces.lister(), deleter),
                registry.getIfAvailable(CompositeMeterRegistry::new),
                WORKERS);
    }
}
