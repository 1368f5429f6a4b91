package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.expectations.Expectations;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The replication controller: v1 ReplicationControllers run by the ReplicaSet controller's sync
 * behind conversion, as in Kubernetes. Switched off with {@code
 * skiff.controllers.replicationcontroller.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.replicationcontroller.enabled", matchIfMissing = true)
class ReplicationControllerConfiguration {

    /** kube-controller-manager's name for this controller's queue. */
    static final String NAME = "replicationmanager";

    /** The component its events carry, as in Kubernetes. */
    static final String EVENT_SOURCE = "replication-controller";

    /** kube-controller-manager's --concurrent-rc-syncs default. */
    private static final int WORKERS = 5;

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    ReplicaSetController replicationController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<ReplicationController> controllers = informers.informerFor(ReplicationController.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        ReplicaSetView view = ReplicaSetView.converting(
                controllers.lister(), ReplicationControllers::toReplicaSet, "", ReplicationControllers.KIND);
        Expectations expectations = new Expectations();
        ReplicaSetSync sync = new ReplicaSetSync(
                view,
                pods.lister(),
                ReplicationPodControl.of(client),
                expectations,
                events.newRecorder(EventOrigin.of(EVENT_SOURCE, "")),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new ReplicaSetController(
                NAME,
                controllers,
                view,
                handler -> controllers.addEventHandler(converting(handler)),
                pods,
                sync,
                expectations,
                registry.getIfAvailable(CompositeMeterRegistry::new),
                WORKERS);
    }

    private static ResourceEventHandler<ReplicationController> converting(ResourceEventHandler<ReplicaSet> handler) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicationController object) {
                handler.onAdd(ReplicationControllers.toReplicaSet(object));
            }

            @Override
            public void onUpdate(ReplicationController oldObject, ReplicationController newObject) {
                handler.onUpdate(
                        ReplicationControllers.toReplicaSet(oldObject), ReplicationControllers.toReplicaSet(newObject));
            }

            @Override
            public void onDelete(ReplicationController object, boolean finalStateUnknown) {
                handler.onDelete(ReplicationControllers.toReplicaSet(object), finalStateUnknown);
            }
        };
    }
}
