package io.skiff.controllermanager.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
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
 * The ClusterRole aggregation controller: fills the rules of aggregating ClusterRoles (admin, edit,
 * view, ...). Off with {@code skiff.controllers.clusterrole-aggregation.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.clusterrole-aggregation.enabled", matchIfMissing = true)
class ClusterRoleAggregationControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    ClusterRoleAggregationController clusterRoleAggregationController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<ClusterRole> clusterRoles = informers.informerFor(ClusterRole.class);
        ClusterRoleAggregationSync sync = new ClusterRoleAggregationSync(
                clusterRoles.lister(),
                role -> client.resources(ClusterRole.class).update(role),
                CALL_TIMEOUT);
        return new ClusterRoleAggregationController(
                clusterRoles, sync, registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}
