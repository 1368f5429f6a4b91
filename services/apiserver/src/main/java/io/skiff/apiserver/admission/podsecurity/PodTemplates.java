package io.skiff.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceType;
import java.util.Map;
import java.util.Optional;

/**
 * Where the workload resources keep the pod they make (the PodSpecExtractor): replication
 * controllers, ReplicaSets, Deployments, StatefulSets, DaemonSets and Jobs at spec.template,
 * PodTemplates at template, CronJobs at spec.jobTemplate.spec.template.
 */
final class PodTemplates {

    private static final Map<String, String> TEMPLATE_POINTERS = Map.of(
            "/replicationcontrollers", "/spec/template",
            "/podtemplates", "/template",
            "apps/replicasets", "/spec/template",
            "apps/deployments", "/spec/template",
            "apps/statefulsets", "/spec/template",
            "apps/daemonsets", "/spec/template",
            "batch/jobs", "/spec/template",
            "batch/cronjobs", "/spec/jobTemplate/spec/template");

    private PodTemplates() {}

    /** The pod template of a workload object as a pod ({@code metadata}, {@code spec}), if it is one. */
    static Optional<JsonNode> of(ResourceType type, JsonNode object) {
        String pointer = TEMPLATE_POINTERS.get(type.group() + "/" + type.plural());
        if (pointer == null) {
            return Optional.empty();
        }
        JsonNode template = object.at(pointer);
        if (!template.isObject() || !template.path("spec").isObject()) {
            return Optional.empty();
        }
        return Optional.of(PodSecurityAdmission.podOf(template.get("metadata"), template.get("spec")));
    }
}
