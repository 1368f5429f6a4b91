package io.skiff.controllermanager.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ServiceAccount controller: informers on namespaces and ServiceAccounts and its worker as
 * leader work. Off with {@code skiff.controllers.serviceaccount.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.serviceaccount.enabled", matchIfMissing = true)
class ServiceAccountsControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    ServiceAccountsController serviceAccountsController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Namespace> namespaces = informers.informerFor(Namespace.class);
        SharedIndexInformer<ServiceAccount> serviceAccounts = informers.informerFor(ServiceAccount.class);
        ServiceAccountsSync sync = new ServiceAccountsSync(
                namespaces.lister(),
                serviceAccounts.lister(),
                account -> client.resources(ServiceAccount.class).create(account),
                CALL_TIMEOUT);
        return new ServiceAccountsController(
                namespaces, serviceAccounts, sync, registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}
