package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.util.Map;

/** secret: a Secret's keys as files in a tmpfs, kept up to date. */
final class SecretPlugin extends WrappedVolumePlugin {

    static final String NAME = "kubernetes.io/secret";

    SecretPlugin(WrappedVolumes wrapped) {
        super(NAME, volume -> volume.getSecret() != null, true, wrapped);
    }

    @Override
    Map<String, FileProjection> payload(Pod pod, Volume volume) throws VolumeSetupException {
        SecretVolumeSource source = volume.getSecret();
        boolean optional = Boolean.TRUE.equals(source.getOptional());
        Secret secret = find(wrapped.sources(), pod.getMetadata().getNamespace(), source.getSecretName(), optional);
        return Payloads.secret(source.getItems(), secret, source.getDefaultMode(), optional);
    }

    /** The Secret; a missing optional one reads as empty. */
    static Secret find(VolumeSources sources, String namespace, String name, boolean optional)
            throws VolumeSetupException {
        return foundOrEmpty(
                () -> sources.secret(namespace, name),
                "secret",
                name,
                optional,
                () -> new SecretBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName(name)
                        .endMetadata()
                        .build());
    }
}
