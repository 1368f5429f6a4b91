package io.skiff.apiserver.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import io.skiff.apiserver.admission.ValidatingAdmission;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' PodSecurity plugin (pod-security-admission): namespaces choose a Pod Security
 * Standards level per mode with their {@code pod-security.kubernetes.io/enforce|audit|warn} labels.
 * A pod that violates the enforce level is refused (403 {@code violates PodSecurity
 * "restricted:latest": ...}); one that violates the warn level is admitted with a warning ({@code
 * would violate PodSecurity ...}); audit-level violations become the audit annotation {@code
 * pod-security.kubernetes.io/audit-violations}. Workload resources (their pod templates) are
 * warned and audited, never refused. A namespace whose enforce level tightens gets warnings naming
 * its existing pods that violate it; invalid labels are refused (422). Nothing is exempt.
 */
public final class PodSecurityAdmission implements ValidatingAdmission {

    public static final String NAME = "PodSecurity";

    static final String AUDIT_VIOLATIONS = "pod-security.kubernetes.io/audit-violations";
    static final String ENFORCE_POLICY = "pod-security.kubernetes.io/enforce-policy";
    static final String AUDIT_ERROR = "pod-security.kubernetes.io/error";
    /** namespaceMaxPodsToCheck. */
    static final int MAX_PODS_TO_CHECK = 3000;

    private static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    private final AdmissionReads reads;

    public PodSecurityAdmission(AdmissionReads reads) {
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
    public void validate(Attributes a) {
        if (a.object() == null) {
            return;
        }
        if (a.isFor("", "namespaces")) {
            validateNamespace(a);
        } else if (a.type().group().isEmpty() && a.type().plural().equals("pods")) {
            validatePod(a);
        } else if (a.subresource().isEmpty()) {
            PodTemplates.of(a.type(), a.object()).ifPresent(template -> validateController(a, template));
        }
    }

    // ---- pods

    private void validatePod(Attributes a) {
        if (!a.subresource().isEmpty() && !a.subresource().equals("ephemeralcontainers")) {
            return;
        }
        NamespacePolicy policy = policyOf(a.namespace());
        if (policy.errors().isEmpty() && policy.allPrivileged()) {
            return;
        }
        if (a.operation() == Operation.UPDATE
                && a.oldObject() != null
                && !isSignificantUpdate(a.object(), a.oldObject())) {
            return;
        }
        evaluate(a, policy, a.object(), true);
    }

    /**
     * isSignificantPodUpdate: only changed images, new containers and changed seccomp annotations
     * are looked at again; other updates could not have made a passing pod fail.
     */
    static boolean isSignificantUpdate(JsonNode pod, JsonNode old) {
        JsonNode annotations = pod.path("metadata").path("annotations");
        JsonNode oldAnnotations = old.path("metadata").path("annotations");
        if (!Objects.equals(
                annotations.path(SECCOMP_POD_ANNOTATION).asText(null),
                oldAnnotations.path(SECCOMP_POD_ANNOTATION).asText(null))) {
            return true;
        }
        for (String field : List.of("containers", "initContainers")) {
            JsonNode containers = pod.path("spec").path(field);
            JsonNode oldContainers = old.path("spec").path(field);
            if (containers.size() != oldContainers.size()) {
                return true;
            }
            for (int i = 0; i < containers.size(); i++) {
                if (containerChanged(containers.get(i), oldContainers.get(i), annotations, oldAnnotations)) {
                    return true;
                }
            }
        }
        for (JsonNode container : pod.path("spec").path("ephemeralContainers")) {
            JsonNode previous = null;
            for (JsonNode oldContainer : old.path("spec").path("ephemeralContainers")) {
                if (oldContainer
                        .path("name")
                        .asText()
                        .equals(container.path("name").asText())) {
                    previous = oldContainer;
                    break;
                }
            }
            if (previous == null || containerChanged(container, previous, annotations, oldAnnotations)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containerChanged(
            JsonNode container, JsonNode old, JsonNode annotations, JsonNode oldAnnotations) {
        if (!container.path("image").asText("").equals(old.path("image").asText(""))) {
            return true;
        }
        String key =
                SECCOMP_CONTAINER_ANNOTATION_PREFIX + container.path("name").asText("");
        return !Objects.equals(
                annotations.path(key).asText(null), oldAnnotations.path(key).asText(null));
    }

    // ---- workload resources

    private void validateController(Attributes a, JsonNode template) {
        NamespacePolicy policy = policyOf(a.namespace());
        if (policy.errors().isEmpty()
                && policy.warn().level() == LevelVersion.Level.PRIVILEGED
                && policy.audit().level() == LevelVersion.Level.PRIVILEGED) {
            return;
        }
        evaluate(a, policy, template, false);
    }

    // ---- evaluation

    /** EvaluatePod: enforce (pods only), then audit and warn, reusing results of the same level. */
    private void evaluate(Attributes a, NamespacePolicy policy, JsonNode pod, boolean enforce) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!policy.errors().isEmpty()) {
            annotations.put(AUDIT_ERROR, "Failed to parse policy: " + aggregate(policy.errors()));
        }
        Map<LevelVersion, List<CheckResult>> results = new HashMap<>();
        String refusal = null;
        if (enforce) {
            annotations.put(ENFORCE_POLICY, policy.enforce().toString());
            List<CheckResult> failed =
                    results.computeIfAbsent(policy.enforce(), lv -> PodChecks.evaluate(lv.level(), pod));
            if (!failed.isEmpty()) {
                refusal = "violates PodSecurity \"" + policy.enforce() + "\": " + PodChecks.describe(failed);
            }
        }
        List<CheckResult> audit = results.computeIfAbsent(policy.audit(), lv -> PodChecks.evaluate(lv.level(), pod));
        if (!audit.isEmpty()) {
            annotations.put(
                    AUDIT_VIOLATIONS,
                    "would violate PodSecurity \"" + policy.audit() + "\": " + PodChecks.describe(audit));
        }
        annotations.forEach(a.recorder()::annotate);
        if (refusal != null) {
            throw AdmissionErrors.forbidden(a.type(), a.name(), refusal);
        }
        List<CheckResult> warn = results.computeIfAbsent(policy.warn(), lv -> PodChecks.evaluate(lv.level(), pod));
        if (!warn.isEmpty()) {
            a.recorder().warn("would violate PodSecurity \"" + policy.warn() + "\": " + PodChecks.describe(warn));
        }
    }

    // ---- namespaces

    private void validateNamespace(Attributes a) {
        NamespacePolicy policy = NamespacePolicy.of(a.object());
        if (a.operation() == Operation.CREATE) {
            if (!policy.errors().isEmpty()) {
                throw invalid(a, policy.errors());
            }
            return;
        }
        NamespacePolicy old = NamespacePolicy.of(a.oldObject());
        if (!policy.errors().isEmpty()
                && (old.errors().isEmpty() || !policy.errors().equals(old.errors()))) {
            throw invalid(a, policy.errors());
        }
        LevelVersion enforce = policy.enforce();
        LevelVersion oldEnforce = old.enforce();
        if (enforce.equals(oldEnforce) || enforce.level() == LevelVersion.Level.PRIVILEGED) {
            return;
        }
        if (enforce.version().equals(oldEnforce.version()) && enforce.level().compareTo(oldEnforce.level()) <= 0) {
            return;
        }
        existingPodWarnings(a.name(), enforce).forEach(a.recorder()::warn);
    }

    /** EvaluatePodsInNamespace: which existing pods the new enforce level would refuse. */
    private List<String> existingPodWarnings(String namespace, LevelVersion enforce) {
        List<ObjectNode> pods = reads.list(Resources.PODS, namespace);
        int total = pods.size();
        List<ObjectNode> checked = pods.size() > MAX_PODS_TO_CHECK ? pods.subList(0, MAX_PODS_TO_CHECK) : pods;
        Map<String, String> firstPod = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (ObjectNode pod : checked) {
            List<CheckResult> failed = PodChecks.evaluate(enforce.level(), pod);
            if (failed.isEmpty()) {
                continue;
            }
            String reasons =
                    String.join(", ", failed.stream().map(CheckResult::reason).toList());
            String name = pod.path("metadata").path("name").asText();
            firstPod.merge(reasons, name, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            counts.merge(reasons, 1, Integer::sum);
        }
        List<String> warnings = new ArrayList<>();
        if (checked.size() < total) {
            warnings.add("new PodSecurity enforce level only checked against the first " + checked.size() + " of "
                    + total + " existing pods");
        }
        if (!firstPod.isEmpty()) {
            warnings.add("existing pods in namespace \"" + namespace + "\" violate the new PodSecurity enforce level \""
                    + enforce + "\"");
        }
        List<String> podWarnings = new ArrayList<>();
        firstPod.forEach((reasons, pod) -> {
            int count = counts.get(reasons);
            String who = count == 1
                    ? pod
                    : count == 2 ? pod + " (and 1 other pod)" : pod + " (and " + (count - 1) + " other pods)";
            podWarnings.add(who + ": " + reasons);
        });
        podWarnings.sort(null);
        warnings.addAll(podWarnings);
        return warnings;
    }

    private static io.skiff.model.api.ApiException invalid(Attributes a, List<String> errors) {
        String resource = a.type().group().isEmpty()
                ? a.type().plural()
                : a.type().plural() + "." + a.type().group();
        return Statuses.failure(
                422, "Invalid", resource + " \"" + a.name() + "\" is invalid: " + aggregate(errors), null);
    }

    private static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
    }

    private NamespacePolicy policyOf(String namespace) {
        return NamespacePolicy.of(reads.get(Resources.NAMESPACES, "", namespace).orElse(null));
    }

    /** For tests: a pod document from a template's metadata and spec. */
    static ObjectNode podOf(JsonNode metadata, JsonNode spec) {
        ObjectNode pod = KubeJson.mapper().createObjectNode();
        pod.set("metadata", metadata == null ? KubeJson.mapper().createObjectNode() : metadata);
        pod.set("spec", spec == null ? KubeJson.mapper().createObjectNode() : spec);
        return pod;
    }
}
