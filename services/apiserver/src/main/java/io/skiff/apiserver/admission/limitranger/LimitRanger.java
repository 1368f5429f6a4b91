package io.skiff.apiserver.admission.limitranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.MutatingAdmission;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import io.skiff.apiserver.admission.ValidatingAdmission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' LimitRanger plugin, with the namespace's LimitRanges from the watch cache. A new pod's
 * containers and init containers get the {@code default} limits and {@code defaultRequest} requests
 * of the ranges' Container items for resources they leave out (noted in the {@value #ANNOTATION}
 * annotation); then each container (Container items) and the pod as a whole (Pod items) must lie
 * within min, max and maxLimitRequestRatio, and a PersistentVolumeClaim's storage request within a
 * PersistentVolumeClaim item's min and max, or the request is refused with 403.
 *
 * <p>Pods are checked on create only: their containers' resources cannot change afterwards.
 */
public final class LimitRanger implements MutatingAdmission, ValidatingAdmission {

    public static final String NAME = "LimitRanger";

    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final AdmissionReads reads;

    public LimitRanger(AdmissionReads reads) {
        this.reads = reads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }

    @Override
    public void admit(Attributes a) {
        if (!supports(a) || !a.isFor("", "pods")) {
            return;
        }
        for (ObjectNode limitRange : limitRanges(a)) {
            PodLimits.applyDefaults(a.object(), limitRange);
        }
    }

    @Override
    public void validate(Attributes a) {
        if (!supports(a)) {
            return;
        }
        boolean pod = a.isFor("", "pods");
        for (ObjectNode limitRange : limitRanges(a)) {
            List<String> errors =
                    pod ? PodLimits.violations(a.object(), limitRange) : claimViolations(a.object(), limitRange);
            if (!errors.isEmpty()) {
                throw AdmissionErrors.forbidden(a, AdmissionErrors.aggregate(errors));
            }
        }
    }

    /**
     * DefaultLimitRangerActions.SupportsAttributes: pods on create and claims on create and update,
     * never their subresources nor objects on their way out.
     */
    private static boolean supports(Attributes a) {
        if (a.object() == null || isDeleting(a.oldObject())) {
            return false;
        }
        if (a.isFor("", "pods")) {
            return a.operation() == Operation.CREATE;
        }
        return a.isFor("", "persistentvolumeclaims");
    }

    private static boolean isDeleting(ObjectNode old) {
        return old != null
                && !old.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    }

    private List<ObjectNode> limitRanges(Attributes a) {
        return reads.list(Resources.LIMIT_RANGES, a.namespace());
    }

    /** PersistentVolumeClaimValidateLimitFunc: only the claim's requests count. */
    private static List<String> claimViolations(ObjectNode claim, ObjectNode limitRange) {
        List<String> errors = new ArrayList<>();
        Map<String, String> requests =
                Constraints.resources(claim.path("spec").path("resources").path("requests"));
        for (JsonNode item : limitRange.path("spec").path("limits")) {
            String type = item.path("type").asText("");
            if (!type.equals("PersistentVolumeClaim")) {
                continue;
            }
            item.path("min")
                    .properties()
                    .forEach(e -> Constraints.min(
                                    type, e.getKey(), e.getValue().asText(), requests, new LinkedHashMap<>())
                            .ifPresent(errors::add));
            item.path("max")
                    .properties()
                    .forEach(e -> Constraints.maxRequest(
                                    type, e.getKey(), e.getValue().asText(), requests)
                            .ifPresent(errors::add));
        }
        return errors;
    }
}
