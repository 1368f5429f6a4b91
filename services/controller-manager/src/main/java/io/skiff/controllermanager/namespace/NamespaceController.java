package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.List;

/**
 * The namespace controller's workers, run only while this controller manager leads: namespaces
 * being deleted are queued a little after the deletion shows, so that other API servers have
 * seen it and last-moment creations inside have landed.
 */
public final class NamespaceController implements LeaderWork {

    /** The name kube-controller-manager gives this controller. */
    public static final String NAME = "namespace-controller";

    /** namespaceDeletionGracePeriod. */
    static final Duration DELETION_GRACE = Duration.ofSeconds(5);

    /** kube-controller-manager's --namespace-sync-period default. */
    static final Duration RESYNC = Duration.ofMinutes(5);

    private final LeaderControllerLoop loop;

    NamespaceController(
            SharedIndexInformer<Namespace> namespaces, NamespaceSync sync, MeterRegistry registry, int workers) {
        this.loop = new LeaderControllerLoop(
                "namespace",
                sync,
                List.of(namespaces),
                () -> namespaces.lister().list(LabelSelector.everything()).stream()
                        .filter(NamespaceController::isDeleting)
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                workers);
        namespaces.addEventHandlerWithResyncPeriod(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Namespace namespace) {
                        enqueueIfDeleting(namespace);
                    }

                    @Override
                    public void onUpdate(Namespace oldNamespace, Namespace newNamespace) {
                        enqueueIfDeleting(newNamespace);
                    }
                },
                RESYNC);
    }

    private void enqueueIfDeleting(Namespace namespace) {
        if (isDeleting(namespace)) {
            loop.enqueueAfter(ObjectKeys.keyOf(namespace), DELETION_GRACE);
        }
    }

    private static boolean isDeleting(Namespace namespace) {
        String deletion = namespace.getMetadata().getDeletionTimestamp();
        return deletion != null && !deletion.isEmpty();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
