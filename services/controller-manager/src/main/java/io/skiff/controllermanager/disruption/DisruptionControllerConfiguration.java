package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The disruption controller: informers on PodDisruptionBudgets, pods and the workloads whose scale
 * budgets count (ReplicationControllers, ReplicaSets, Deployments, StatefulSets). Off with {@code
 * skiff.controllers.disruption.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.disruption.enabled", matchIfMissing = true)
class DisruptionControllerConfiguration {

    /** The event source kube-controller-manager's disruption controller reports as. */
    private static final String EVENT_SOURCE = "controllermanager";

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    DisruptionController disruptionController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<PodDisruptionBudget> budgets = informers.informerFor(PodDisruptionBudget.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<ReplicationController> replicationControllers =
                informers.informerFor(ReplicationController.class);
        SharedIndexInformer<ReplicaSet> replicaSets = informers.informerFor(ReplicaSet.class);
        SharedIndexInformer<Deployment> deployments = informers.informerFor(Deployment.class);
        SharedIndexInformer<StatefulSet> statefulSets = informers.informerFor(StatefulSet.class);
        ControllerScales scales = new ControllerScales(
                replicationControllers.lister(),
                replicaSets.lister(),
                deployments.lister(),
                statefulSets.lister(),
                new ClientScaleReader(client, CALL_TIMEOUT));
        DisruptionWrites writes = new ClientDisruptionWrites(client);
        EventRecorder recorder = events.newRecorder(EventOrigin.of(EVENT_SOURCE, ""));
        Clock clock = Clock.systemUTC();
        return new DisruptionController(
                budgets,
                pods,
                List.of(replicationControllers, replicaSets, deployments, statefulSets),
                new DisruptionSync(
                        budgets.lister(),
                        pods.lister(),
                        new ExpectedPods(scales),
                        writes,
                        recorder,
                        clock,
                        CALL_TIMEOUT),
                new StaleDisruptionTargets(pods.lister(), writes, clock, CALL_TIMEOUT),
                recorder,
                clock,
                registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}
