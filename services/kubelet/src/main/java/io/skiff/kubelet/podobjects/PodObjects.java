package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ListerWatcherFactory;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.model.json.KubeJson;
import io.skiff.model.pod.PodReferences;
import java.time.Duration;
import java.util.Optional;

/**
 * The ConfigMaps and Secrets the pods on this node reference, each watched by name while a pod
 * references it (see {@link WatchedObjects}). Which names a pod references is {@link
 * PodReferences}, the definition the API server's node authorizer allows reads by: volumes
 * (projected sources too), every container's env and envFrom, image pull secrets.
 */
public final class PodObjects implements PodRegistrations, AutoCloseable {

    private final WatchedObjects<ConfigMap> configMaps;
    private final WatchedObjects<Secret> secrets;

    public PodObjects(WatchedObjects<ConfigMap> configMaps, WatchedObjects<Secret> secrets) {
        this.configMaps = configMaps;
        this.secrets = secrets;
    }

    /**
     * @param syncTimeout how long a read waits for a new watch's first list
     */
    public static PodObjects watching(
            ListerWatcherFactory listerWatchers,
            ReflectorSettings settings,
            MeterRegistry registry,
            Duration syncTimeout) {
        return new PodObjects(
                new WatchedObjects<>(ConfigMap.class, "configmap", listerWatchers, settings, registry, syncTimeout),
                new WatchedObjects<>(Secret.class, "secret", listerWatchers, settings, registry, syncTimeout));
    }

    /**
     * Registers the pod's references; a pod that has terminated (Succeeded, Failed, or deleted with
     * no container running) is unregistered instead, as the kubelet's pod manager does, since it
     * needs its objects no more and would keep their watches open until it is garbage-collected.
     */
    @Override
    public void registerPod(Pod pod) {
        if (terminated(pod)) {
            unregisterPod(pod);
            return;
        }
        PodReferences references = PodReferences.of(KubeJson.mapper().valueToTree(pod));
        String uid = pod.getMetadata().getUid();
        String namespace = pod.getMetadata().getNamespace();
        configMaps.registerPod(uid, namespace, references.configMaps());
        secrets.registerPod(uid, namespace, references.secrets());
    }

    @Override
    public void unregisterPod(Pod pod) {
        configMaps.unregisterPod(pod.getMetadata().getUid());
        secrets.unregisterPod(pod.getMetadata().getUid());
    }

    /** Kubernetes' isPodInTerminatedState. */
    static boolean terminated(Pod pod) {
        PodStatus status = pod.getStatus();
        String phase = status == null ? null : status.getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        return pod.getMetadata().getDeletionTimestamp() != null
                && (status == null
                        || status.getContainerStatuses() == null
                        || status.getContainerStatuses().stream().allMatch(PodObjects::notRunning));
    }

    private static boolean notRunning(ContainerStatus status) {
        return status.getState() == null
                || status.getState().getTerminated() != null
                || status.getState().getWaiting() != null;
    }

    /** @see WatchedObjects#get */
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return configMaps.get(namespace, name);
    }

    /** @see WatchedObjects#get */
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.get(namespace, name);
    }

    public WatchedObjects<ConfigMap> configMaps() {
        return configMaps;
    }

    public WatchedObjects<Secret> secrets() {
        return secrets;
    }

    @Override
    public void close() {
        configMaps.close();
        secrets.close();
    }
}
