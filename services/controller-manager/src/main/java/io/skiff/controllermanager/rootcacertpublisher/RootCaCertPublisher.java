package io.skiff.controllermanager.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The root-ca-cert-publisher's workers, run only while this controller manager leads: a new or
 * changed namespace, and a changed or deleted {@code kube-root-ca.crt} ConfigMap, queue the
 * namespace.
 */
public final class RootCaCertPublisher implements LeaderWork {

    public static final String NAME = "root-ca-cert-publisher";

    private final LeaderControllerLoop loop;

    RootCaCertPublisher(
            SharedIndexInformer<Namespace> namespaces,
            SharedIndexInformer<ConfigMap> configMaps,
            RootCaCertPublisherSync sync,
            MeterRegistry registry) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(namespaces, configMaps),
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
        configMaps.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onUpdate(ConfigMap oldConfigMap, ConfigMap newConfigMap) {
                enqueueIfPublished(newConfigMap);
            }

            @Override
            public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
                enqueueIfPublished(configMap);
            }
        });
    }

    private void enqueueIfPublished(ConfigMap configMap) {
        if (RootCaCertPublisherSync.CONFIG_MAP.equals(configMap.getMetadata().getName())) {
            loop.enqueue(configMap.getMetadata().getNamespace());
        }
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
