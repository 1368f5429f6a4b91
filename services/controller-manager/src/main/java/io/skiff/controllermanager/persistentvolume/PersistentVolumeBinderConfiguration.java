package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The PersistentVolume binder on shared informers of volumes, claims, storage classes, nodes (the
 * node selected for a delayed claim) and pods (who waits for a delayed claim). Switched off with
 * {@code skiff.controllers.persistentvolume-binder.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.persistentvolume-binder.enabled", matchIfMissing = true)
class PersistentVolumeBinderConfiguration {

    /** Bounds each sync's waits on the API server; the client's own request timeout is shorter. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    PersistentVolumeBinderController persistentVolumeBinderController(
            KubeClient client,
            SharedInformerFactory informers,
            EventBroadcaster events,
            ObjectProvider<MeterRegistry> registry) {
        return new PersistentVolumeBinderController(
                informers.informerFor(PersistentVolume.class),
                informers.informerFor(PersistentVolumeClaim.class),
                informers.informerFor(StorageClass.class),
                informers.informerFor(Node.class),
                informers.informerFor(Pod.class),
                new ClientBinderApi(client),
                events.newRecorder(EventOrigin.of(PersistentVolumeBinderController.EVENT_COMPONENT, "")),
                Clock.systemUTC(),
                CALL_TIMEOUT,
                registry.getIfAvailable(CompositeMeterRegistry::new));
    }
}
