package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.history.ClientRevisionWrites;
import io.skiff.controllermanager.pods.ClientPodControl;
import io.skiff.controllermanager.pods.PodControl;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The DaemonSet controller: informers on DaemonSets, pods, nodes and ControllerRevisions (shared
 * with the other controllers), and its workers as {@link io.skiff.component.leaderelection.LeaderWork}.
 * Switched off with {@code skiff.controllers.daemonset.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.daemonset.enabled", matchIfMissing = true)
class DaemonSetControllerConfiguration {

    /** kube-controller-manager's --concurrent-daemonset-syncs default. */
    private static final int WORKERS = 2;

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    DaemonSetController daemonSetController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<DaemonSet> daemonSets = informers.informerFor(DaemonSet.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<Node> nodes = informers.informerFor(Node.class);
        SharedIndexInformer<ControllerRevision> revisions = informers.informerFor(ControllerRevision.class);
        Expectations expectations = new Expectations();
        PodControl<DaemonSet> control = new ClientPodControl<>(client, DaemonSet.class);
        DaemonSetSync sync = new DaemonSetSync(
                daemonSets.lister(),
                pods.lister(),
                nodes.lister(),
                new DaemonSetHistory(revisions.lister(), new ClientRevisionWrites(client), control, CALL_TIMEOUT),
                control,
                expectations,
                new FailedPodBackoff(),
                events.newRecorder(EventOrigin.of(DaemonSetController.NAME, "")),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new DaemonSetController(
                daemonSets,
                pods,
                nodes,
                revisions,
                sync,
                expectations,
                registry.getIfAvailable(CompositeMeterRegistry::new),
                WORKERS);
    }
}
