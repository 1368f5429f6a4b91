package io.skiff.apiserver.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.Attributes;

/** What a mirror pod may not reference, as the plugin's Validate checks it. */
final class MirrorPods {

    private MirrorPods() {}

    static void check(Attributes a) {
        JsonNode spec = a.object().path("spec");
        if (!spec.path("serviceAccountName").asText("").isEmpty()) {
            throw AdmissionErrors.forbidden(a, "a mirror pod may not reference service accounts");
        }
        if (referencesSecrets(spec)) {
            throw AdmissionErrors.forbidden(a, "a mirror pod may not reference secrets");
        }
        for (JsonNode volume : spec.path("volumes")) {
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    throw AdmissionErrors.forbidden(
                            a, "a mirror pod may not use ServiceAccountToken volume projections");
                }
            }
        }
    }

    /** podutil.VisitPodSecretNames over all containers: any Secret the pod names. */
    static boolean referencesSecrets(JsonNode spec) {
        if (!spec.path("imagePullSecrets").isEmpty()) {
            return true;
        }
        for (String containers : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode container : spec.path(containers)) {
                for (JsonNode envFrom : container.path("envFrom")) {
                    if (envFrom.has("secretRef")) {
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
            if (volume.has("secret")) {
                return true;
            }
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("secret")) {
                    return true;
                }
            }
            for (String driver : new String[] {
                "azureFile", "cephfs", "cinder", "flexVolume", "iscsi", "rbd", "scaleIO", "storageos", "csi"
            }) {
                JsonNode source = volume.path(driver);
                if (source.hasNonNull("secretRef")
                        || source.hasNonNull("secretName")
                        || source.hasNonNull("nodePublishSecretRef")) {
                    return true;
                }
            }
        }
        return false;
    }
}
