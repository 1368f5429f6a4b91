package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Optional;

/** secret: a Secret's keys as files in a tmpfs, kept up to date. */
final class SecretPlugin implements VolumePlugin {

    static final String NAME = "kubernetes.io/secret";

    private final WrappedVolumes wrapped;

    SecretPlugin(WrappedVolumes wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Volume volume) {
        return volume.getSecret() != null;
    }

    @Override
    public boolean refreshable() {
        return true;
    }

    @Override
    public MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        SecretVolumeSource source = volume.getSecret();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        Secret secret = find(wrapped.sources(), pod.getMetadata().getNamespace(), source.getSecretName(), optional);
        return wrapped.write(
                pod, volume, NAME, true, Payloads.secret(source.getItems(), secret, source.getDefaultMode(), optional));
    }

    /** The Secret; a missing optional one reads as empty. */
    static Secret find(VolumeSources sources, String namespace, String name, boolean optional)
            throws VolumeSetupException {
        Optional<Secret> found = sources.secret(namespace, name);
        if (found.isPresent()) {
            return found.get();
        }
        if (!optional) {
            throw new VolumeSetupException("secret \"" + name + "\" not found");
        }
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build();
    }
}
