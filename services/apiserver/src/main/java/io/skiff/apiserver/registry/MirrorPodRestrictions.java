package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * What a mirror pod (a kubelet's copy of a static pod, marked by the kubernetes.io/config.mirror
 * annotation) may not refer to when it is created, as the ServiceAccount admission plugin refuses
 * it: a static pod runs without the API server, so it can use no ServiceAccount, Secret or
 * ServiceAccount token. The NodeRestriction plugin's further limits (a node creates only mirror pods
 * of its own, owned by its Node, without ConfigMaps or claims) need node identities, which this API
 * server does not authenticate yet.
 */
final class MirrorPodRestrictions {

    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    /** Volume sources that name a Secret in {@code secretRef} (VisitPodSecretNames). */
    private static final List<String> SECRET_REF_VOLUMES =
            List.of("cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos");

    private MirrorPodRestrictions() {}

    /** The 403 a mirror pod of {@code type} gets on create, if it refers to what it may not. */
    static Optional<ApiException> check(ResourceType type, ObjectNode pod) {
        if (!type.group().isEmpty() || !type.plural().equals("pods") || !isMirror(pod)) {
            return Optional.empty();
        }
        return reason(pod).map(reason -> forbidden(Meta.name(pod), reason));
    }

    private static boolean isMirror(ObjectNode pod) {
        return pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION);
    }

    private static Optional<String> reason(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        if (!spec.path("serviceAccountName").asText("").isEmpty()) {
            return Optional.of("a mirror pod may not reference service accounts");
        }
        if (referencesSecrets(spec)) {
            return Optional.of("a mirror pod may not reference secrets");
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    return Optional.of("a mirror pod may not use ServiceAccountToken volume projections");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean referencesSecrets(JsonNode spec) {
        if (!spec.path("imagePullSecrets").isEmpty()) {
            return true;
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                for (JsonNode source : container.path("envFrom")) {
                    if (source.has("secretRef")) {
                        return true;
                    }
                }
                for (JsonNode env : container.path("env")) {
                    if (env.path("valueFrom").has("secretKeyRef")) {
                        return true;
                    }
                }
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.has("secret")
                    || volume.has("azureFile")
                    || volume.path("csi").has("nodePublishSecretRef")
                    || SECRET_REF_VOLUMES.stream()
                            .anyMatch(kind -> volume.path(kind).has("secretRef"))) {
                return true;
            }
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("secret")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** admission.NewForbidden for pods. */
    private static ApiException forbidden(String name, String reason) {
        StatusDetails details = new StatusDetails();
        details.setName(name);
        details.setGroup("");
        details.setKind("pods");
        return Statuses.failure(403, "Forbidden", "pods \"" + name + "\" is forbidden: " + reason, details);
    }
}
