package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.history.ClientRevisionWrites;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The StatefulSet controller: informers on StatefulSets, pods, PersistentVolumeClaims and
 * ControllerRevisions (shared with the other controllers), and its workers as
 * {@link io.skiff.component.leaderelection.LeaderWork}. Switched off with
 * {@code skiff.controllers.statefulset.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.statefulset.enabled", matchIfMissing = true)
class StatefulSetControllerConfiguration {

    /** kube-controller-manager's --concurrent-statefulset-syncs default. */
    private static final int WORKERS = 5;

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    StatefulSetController statefulSetController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<StatefulSet> sets = informers.informerFor(StatefulSet.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<PersistentVolumeClaim> claims = informers.informerFor(PersistentVolumeClaim.class);
        SharedIndexInformer<ControllerRevision> revisions = informers.informerFor(ControllerRevision.class);
        ClientStatefulSetControl control = new ClientStatefulSetControl(client);
        EventRecorder recorder = events.newRecorder(EventOrigin.of(StatefulSetController.NAME, ""));
        StatefulSetUpdate update = new StatefulSetUpdate(
                new StatefulPodControl(control, claims.lister(), recorder, CALL_TIMEOUT),
                recorder,
                Clock.systemUTC(),
                CALL_TIMEOUT);
        StatefulSetSync sync = new StatefulSetSync(
                sets.lister(),
                pods.lister(),
                revisions.lister(),
                new ClientRevisionWrites(client),
                control,
                update,
                CALL_TIMEOUT);
        return new StatefulSetController(
                sets, pods, claims, revisions, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
