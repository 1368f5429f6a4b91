package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Deployment controller: informers on Deployments, ReplicaSets and pods (shared with the other
 * controllers), and its workers as {@link io.skiff.component.leaderelection.LeaderWork}. Switched off
 * with {@code skiff.controllers.deployment.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.deployment.enabled", matchIfMissing = true)
class DeploymentControllerConfiguration {

    /** kube-controller-manager's --concurrent-deployment-syncs default. */
    private static final int WORKERS = 5;

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    DeploymentController deploymentController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Deployment> deployments = informers.informerFor(Deployment.class);
        SharedIndexInformer<ReplicaSet> replicaSets = informers.informerFor(ReplicaSet.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        DeploymentSync sync = new DeploymentSync(
                deployments.lister(),
                replicaSets.lister(),
                pods.lister(),
                new ClientDeploymentWrites(client),
                events.newRecorder(EventOrigin.of(DeploymentController.NAME, "")),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new DeploymentController(
                deployments, replicaSets, pods, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
