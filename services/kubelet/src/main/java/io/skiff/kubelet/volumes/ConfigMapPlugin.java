package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.util.Map;

/** configMap: a ConfigMap's keys as files, kept up to date. */
final class ConfigMapPlugin extends WrappedVolumePlugin {

    static final String NAME = "kubernetes.io/configmap";

    ConfigMapPlugin(WrappedVolumes wrapped) {
        super(NAME, volume -> volume.getConfigMap() != null, false, wrapped);
    }

    @Override
    Map<String, FileProjection> payload(Pod pod, Volume volume) throws VolumeSetupException {
        ConfigMapVolumeSource source = volume.getConfigMap();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        ConfigMap configMap = find(wrapped.sources(), pod.getMetadata().getNamespace(), source.getName(), optional);
        return Payloads.configMap(source.getItems(), configMap, source.getDefaultMode(), optional);
    }

    /** The ConfigMap; a missing optional one reads as empty. */
    static ConfigMap find(VolumeSources sources, String namespace, String name, boolean optional)
            throws VolumeSetupException {
        return foundOrEmpty(
                () -> sources.configMap(namespace, name),
                "configmap",
                name,
                optional,
                () -> new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(name)
                        .endMetadata()
                        .build());
    }
}
