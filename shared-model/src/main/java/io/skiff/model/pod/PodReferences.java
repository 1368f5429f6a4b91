package io.skiff.model.pod;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * What one pod makes its node able to read, as the node authorizer's graph has edges from
 * secrets, configmaps, claims and the service account to the pod: volumes (projected sources
 * too), environment references of every container, image pull secrets. The API server's node
 * authorizer and the kubelet's per-object watches read pods through this one definition, so a
 * kubelet watches exactly the objects it may read.
 */
public record PodReferences(String serviceAccount, Set<String> secrets, Set<String> configMaps, Set<String> claims) {

    public static PodReferences of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        Set<String> secrets = new HashSet<>();
        Set<String> configMaps = new HashSet<>();
        Set<String> claims = new HashSet<>();
        spec.path("imagePullSecrets").forEach(s -> add(secrets, s.path("name")));
        for (String containers : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode container : spec.path(containers)) {
                for (JsonNode from : container.path("envFrom")) {
                    add(secrets, from.path("secretRef").path("name"));
                    add(configMaps, from.path("configMapRef").path("name"));
                }
                for (JsonNode env : container.path("env")) {
                    add(secrets, env.path("valueFrom").path("secretKeyRef").path("name"));
                    add(
                            configMaps,
                            env.path("valueFrom").path("configMapKeyRef").path("name"));
                }
            }
        }
        String podName = pod.path("metadata").path("name").asText();
        for (JsonNode volume : spec.path("volumes")) {
            add(secrets, volume.path("secret").path("secretName"));
            add(configMaps, volume.path("configMap").path("name"));
            add(claims, volume.path("persistentVolumeClaim").path("claimName"));
            if (volume.has("ephemeral")) {
                claims.add(podName + "-" + volume.path("name").asText());
            }
            for (JsonNode source : volume.path("projected").path("sources")) {
                add(secrets, source.path("secret").path("name"));
                add(configMaps, source.path("configMap").path("name"));
            }
            for (String driver : new String[] {"csi", "flexVolume", "cephfs", "rbd", "iscsi", "scaleIO", "storageos"}) {
                add(secrets, volume.path(driver).path("secretRef").path("name"));
                add(secrets, volume.path(driver).path("nodePublishSecretRef").path("name"));
            }
            add(secrets, volume.path("azureFile").path("secretName"));
        }
        String serviceAccount = spec.path("serviceAccountName").asText("");
        return new PodReferences(serviceAccount, secrets, configMaps, claims);
    }

    private static void add(Set<String> names, JsonNode name) {
        if (name.isTextual() && !name.asText().isEmpty()) {
            names.add(name.asText());
        }
    }
}
