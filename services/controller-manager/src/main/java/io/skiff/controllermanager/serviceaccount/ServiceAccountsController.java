package io.skiff.controllermanager.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The ServiceAccount controller's workers, run only while this controller manager leads: a new or
 * changed namespace, or a deleted ServiceAccount, queues its namespace.
 */
public final class ServiceAccountsController implements LeaderWork {

    public static final String NAME = "serviceaccount-controller";

    private final LeaderControllerLoop loop;

    ServiceAccountsController(
            SharedIndexInformer<Namespace> namespaces,
            SharedIndexInformer<ServiceAccount> serviceAccounts,
            ServiceAccountsSync sync,
            MeterRegistry registry) {
        // One worker, as kube-controller-manager runs it.
        this.loop = new LeaderControllerLoop(
                "serviceaccount",
                sync,
                List.of(namespaces, serviceAccounts),
                () -> namespaces.lister().list(LabelSelector.everything()).stream()
                        .map(ObjectKeys::keyOf)
                        .toList(),
                registry,
                1);
        namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                loop.enqueue(namespace.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace oldNamespace, Namespace newNamespace) {
                loop.enqueue(newNamespace.getMetadata().getName());
            }
        });
        serviceAccounts.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onDelete(ServiceAccount serviceAccount, boolean finalStateUnknown) {
                loop.enqueue(serviceAccount.getMetadata().getNamespace());
            }
        });
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
