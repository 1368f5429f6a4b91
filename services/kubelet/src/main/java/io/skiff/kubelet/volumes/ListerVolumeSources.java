package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.kubelet.envvars.EnvironmentSources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Volume sources: the environment's sources plus claims and volumes by name (the kubelet gets them
 * from the API server, as Kubernetes' volume manager does; tests read listers).
 */
public record ListerVolumeSources(
        EnvironmentSources environment,
        BiFunction<String, String, Optional<PersistentVolumeClaim>> claims,
        Function<String, Optional<PersistentVolume>> volumes)
        implements VolumeSources {

    @Override
    public Optional<PersistentVolumeClaim> persistentVolumeClaim(String namespace, String name) {
        return claims.apply(namespace, name);
    }

    @Override
    public Optional<PersistentVolume> persistentVolume(String name) {
        return volumes.apply(name);
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return environment.configMap(namespace, name);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return environment.secret(namespace, name);
    }

    @Override
    public List<Service> services(String namespace) {
        return environment.services(namespace);
    }

    @Override
    public boolean servicesSynced() {
        return environment.servicesSynced();
    }

    @Override
    public Map<String, Quantity> nodeAllocatable() {
        return environment.nodeAllocatable();
    }
}
