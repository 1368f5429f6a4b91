package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.client.KubeClient;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.time.Duration;
import java.util.Optional;

/**
 * Claims and the volumes bound to them, read from the API server when a pod's volume is set up, as
 * Kubernetes' volume manager gets them (the node authorizer lets a node get, not list or watch,
 * the claims of its pods and their volumes). Missing objects are empty; any other failure throws
 * {@link SourceUnavailableException} with the client's message.
 */
public final class ClientClaims {

    private final KubeClient client;
    private final Duration timeout;

    public ClientClaims(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        try {
            return Optional.ofNullable(client.resources(PersistentVolumeClaim.class)
                    .find(namespace, name)
                    .block(timeout));
        } catch (RuntimeException e) {
            throw new SourceUnavailableException(e.getMessage());
        }
    }

    public Optional<PersistentVolume> volume(String name) {
        try {
            return Optional.ofNullable(
                    client.resources(PersistentVolume.class).find(null, name).block(timeout));
        } catch (RuntimeException e) {
            throw new SourceUnavailableException(e.getMessage());
        }
    }
}
