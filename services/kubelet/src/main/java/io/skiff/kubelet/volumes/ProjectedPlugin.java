package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * projected: configMap, secret, downwardAPI and serviceAccountToken sources in one tmpfs, kept up
 * to date. Every source is tried; their errors are reported together.
 */
final class ProjectedPlugin extends WrappedVolumePlugin {

    static final String NAME = "kubernetes.io/projected";
    private static final int TOKEN_MODE_WITH_FS_GROUP = 0600;

    private final ServiceAccountTokens tokens;

    ProjectedPlugin(WrappedVolumes wrapped, ServiceAccountTokens tokens) {
        super(NAME, volume -> volume.getProjected() != null, true, wrapped);
        this.tokens = tokens;
    }

    @Override
    Map<String, FileProjection> payload(Pod pod, Volume volume) throws VolumeSetupException {
        return collect(pod, volume.getProjected());
    }

    private Map<String, FileProjection> collect(Pod pod, ProjectedVolumeSource source) throws VolumeSetupException {
        Integer defaultMode = source.getDefaultMode();
        if (defaultMode == null) {
            throw new VolumeSetupException("no defaultMode used, not even the default value for it");
        }
        String namespace = pod.getMetadata().getNamespace();
        Map<String, FileProjection> payload = new HashMap<>();
        List<String> errors = new ArrayList<>();
        for (VolumeProjection projection :
                source.getSources() == null ? List.<VolumeProjection>of() : source.getSources()) {
            try {
                if (projection.getSecret() != null) {
                    SecretProjection secret = projection.getSecret();
                    boolean optional = Boolean.TRUE.equals(secret.getOptional());
                    payload.putAll(Payloads.secret(
                            secret.getItems(),
                            SecretPlugin.find(wrapped.sources(), namespace, secret.getName(), optional),
                            defaultMode,
                            optional));
                } else if (projection.getConfigMap() != null) {
                    ConfigMapProjection configMap = projection.getConfigMap();
                    boolean optional = Boolean.TRUE.equals(configMap.getOptional());
                    payload.putAll(Payloads.configMap(
                            configMap.getItems(),
                            ConfigMapPlugin.find(wrapped.sources(), namespace, configMap.getName(), optional),
                            defaultMode,
                            optional));
                } else if (projection.getDownwardAPI() != null) {
                    payload.putAll(DownwardApiFiles.collect(
                            projection.getDownwardAPI().getItems(),
                            pod,
                            wrapped.sources().nodeAllocatable(),
                            defaultMode));
                } else if (projection.getServiceAccountToken() != null) {
                    ServiceAccountTokenProjection token = projection.getServiceAccountToken();
                    // with an fsGroup the token is 0600 and the group gets read through the ownership change
                    int mode = VolumePlugin.fsGroup(pod) != null ? TOKEN_MODE_WITH_FS_GROUP : defaultMode;
                    payload.put(
                            token.getPath(),
                            new FileProjection(tokens.token(pod, token).getBytes(StandardCharsets.UTF_8), mode));
                }
            } catch (VolumeSetupException | TokenIssuer.TokenRequestException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new VolumeSetupException(Errors.aggregate(errors));
        }
        return payload;
    }
}
