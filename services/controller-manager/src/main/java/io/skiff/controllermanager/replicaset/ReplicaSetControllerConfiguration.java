package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.pods.ClientPodControl;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ReplicaSet controller: informers on ReplicaSets and pods (shared with the other
 * controllers), and its workers as {@link io.skiff.component.leaderelection.LeaderWork}. Switched
 * off with {@code skiff.controllers.replicaset.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.replicaset.enabled", matchIfMissing = true)
class ReplicaSetControllerConfiguration {

    /** kube-controller-manager's --concurrent-replicaset-syncs default. */
    private static final int WORKERS = 5;

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    ReplicaSetController replicaSetController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<ReplicaSet> replicaSets = informers.informerFor(ReplicaSet.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        Expectations expectations = new Expectations();
        ReplicaSetSync sync = new ReplicaSetSync(
                ReplicaSetView.of(replicaSets.lister()),
                pods.lister(),
                new ClientPodControl<>(client, ReplicaSet.class),
                expectations,
                events.newRecorder(EventOrigin.of(ReplicaSetController.NAME, "")),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new ReplicaSetController(
                replicaSets, pods, sync, expectations, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
