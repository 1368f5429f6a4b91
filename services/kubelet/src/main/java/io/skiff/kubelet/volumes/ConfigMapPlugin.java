package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Optional;

/** configMap: a ConfigMap's keys as files, kept up to date. */
final class ConfigMapPlugin implements VolumePlugin {

    static final String NAME = "kubernetes.io/configmap";

    private final WrappedVolumes wrapped;

    ConfigMapPlugin(WrappedVolumes wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getConfigMap() != null;
    }

    @Override
    public boolean refreshable() {
        return true;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        ConfigMapVolumeSource source = volume.getConfigMap();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        ConfigMap configMap = find(wrapped.sources(), pod.getMetadata().getNamespace(), source.getName(), optional);
        return wrapped.write(
                pod,
                volume,
                NAME,
                false,
                Payloads.configMap(source.getItems(), configMap, source.getDefaultMode(), optional));
    }

    /** The ConfigMap; a missing optional one reads as empty. */
    static ConfigMap find(VolumeSources sources, String namespace, String name, boolean optional)
            throws VolumeSetupException {
        Optional<ConfigMap> found = sources.configMap(namespace, name);
        if (found.isPresent()) {
            return found.get();
        }
        if (!optional) {
            throw new VolumeSetupException("configmap \"" + name + "\" not found");
        }
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build();
    }
}
