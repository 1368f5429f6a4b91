package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * pods/eviction (policy/v1 Eviction): deletes a pod unless a PodDisruptionBudget forbids it, in
 * which case the answer is 429 and the pod stays. The budget's disruptionsAllowed is decremented
 * (with an optimistic-lock update) before the pod goes, so two concurrent evictions cannot both
 * use the last allowed disruption, as in Kubernetes.
 */
public final class PodEviction {

    /** Kubernetes' MaxDisruptedPodSize: evictions the disruption controller has not yet confirmed. */
    private static final int MAX_DISRUPTED_PODS = 2000;

    private final ObjectRegistry registry;
    private final WatchCache cache;
    private final ResourceType pods;
    private final ResourceType budgets;
    private final Clock clock;

    public PodEviction(
            ObjectRegistry registry, WatchCache cache, ResourceType pods, ResourceType budgets, Clock clock) {
        this.registry = registry;
        this.cache = cache;
        this.pods = pods;
        this.budgets = budgets;
        this.clock = clock;
    }

    public Mono<Void> evict(String namespace, String podName, ObjectNode eviction, DeleteOptions options) {
        String evictionName =
                eviction == null ? "" : eviction.path("metadata").path("name").asText("");
        if (!evictionName.isEmpty() && !evictionName.equals(podName)) {
            // kube-apiserver's check: an Eviction names the pod it evicts.
            return Mono.error(Statuses.badRequest("name in URL does not match name in Eviction object"));
        }
        return registry.get(pods, namespace, podName).flatMap(json -> {
            ObjectNode pod = ObjectRegistry.parse(json);
            if (canIgnoreBudgets(pod)) {
                return markAndDelete(namespace, podName, options);
            }
            List<ObjectNode> matching = budgetsFor(namespace, pod);
            if (matching.isEmpty()) {
                return markAndDelete(namespace, podName, options);
            }
            if (matching.size() > 1) {
                return Mono.error(Statuses.tooManyRequests(
                        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                        10));
            }
            ObjectNode budget = matching.get(0);
            String budgetName = Meta.name(budget);
            Mono<?> charge = options.dryRun()
                    ? Mono.fromRunnable(() -> checkAllows(budget.deepCopy()))
                    : registry.guaranteedUpdate(budgets, namespace, budgetName, null, false, current -> {
                        ObjectNode updated = current.object().deepCopy();
                        checkAllows(updated);
                        ObjectNode status = (ObjectNode) updated.get("status");
                        int allowed = status.path("disruptionsAllowed").asInt() - 1;
                        status.put("disruptionsAllowed", allowed);
                        if (allowed == 0) {
                            insufficientPods(status);
                        }
                        JsonNode disrupted = status.get("disruptedPods");
                        ObjectNode disruptedPods =
                                disrupted instanceof ObjectNode node ? node : status.putObject("disruptedPods");
                        disruptedPods.put(podName, Meta.timestamp(clock.instant()));
                        return updated;
                    });
            return charge.then(markAndDelete(namespace, podName, options));
        });
    }

    /**
     * addConditionAndDeletePod: the pod gets the DisruptionTarget condition (reason
     * EvictionByEvictionAPI) so that its controller knows why it goes, then it is deleted; a
     * resourceVersion precondition the caller gave moves to the version this update wrote.
     */
    private Mono<Void> markAndDelete(String namespace, String podName, DeleteOptions options) {
        if (options.dryRun()) {
            return registry.delete(pods, namespace, podName, options).then();
        }
        return registry.guaranteedUpdate(pods, namespace, podName, null, false, current -> {
                    ObjectNode updated = current.object().deepCopy();
                    ObjectNode status = updated.get("status") instanceof ObjectNode existing
                            ? existing
                            : updated.putObject("status");
                    setCondition(
                            status,
                            "DisruptionTarget",
                            "True",
                            "EvictionByEvictionAPI",
                            "Eviction API: evicting",
                            null);
                    return updated;
                })
                .flatMap(json -> {
                    DeleteOptions delete = options;
                    if (options.preconditionResourceVersion() != null) {
                        String written = Meta.text(ObjectRegistry.parse(json), "resourceVersion");
                        delete = new DeleteOptions(
                                options.gracePeriodSeconds(),
                                options.propagationPolicy(),
                                options.preconditionUid(),
                                written,
                                false);
                    }
                    return registry.delete(pods, namespace, podName, delete);
                })
                .then();
    }

    /** pdbhelper.UpdateDisruptionAllowedCondition once the last allowed disruption is used. */
    private void insufficientPods(ObjectNode status) {
        setCondition(
                status,
                "DisruptionAllowed",
                "False",
                "InsufficientPods",
                "",
                status.path("observedGeneration").isMissingNode()
                        ? null
                        : status.path("observedGeneration").asLong());
    }

    /**
     * Sets one condition as meta.SetStatusCondition / podutil.UpdatePodCondition do: the
     * transition time changes only when the status does.
     */
    private void setCondition(
            ObjectNode status, String type, String value, String reason, String message, Long observedGeneration) {
        JsonNode existing = status.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode array ? array : status.putArray("conditions");
        ObjectNode condition = null;
        for (JsonNode candidate : conditions) {
            if (type.equals(candidate.path("type").asText()) && candidate instanceof ObjectNode object) {
                condition = object;
            }
        }
        if (condition == null) {
            condition = conditions.addObject();
            condition.put("type", type);
        }
        if (!value.equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", Meta.timestamp(clock.instant()));
        }
        condition.put("status", value);
        condition.put("reason", reason);
        condition.put("message", message);
        if (observedGeneration != null) {
            condition.put("observedGeneration", observedGeneration);
        }
    }

    /** Pods that have not started or have finished, or are already going, disrupt nothing. */
    private static boolean canIgnoreBudgets(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return Meta.isDeleting(pod) || phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending");
    }

    private List<ObjectNode> budgetsFor(String namespace, ObjectNode pod) {
        Map<String, String> labels = new HashMap<>();
        JsonNode podLabels = pod.path("metadata").path("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = podLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        List<ObjectNode> matching = new ArrayList<>();
        WatchFilter inNamespace =
                new WatchFilter(namespace, null, LabelSelector.everything(), FieldSelector.everything());
        for (CachedObject cached : cache.list(budgets, inNamespace, -1, null, 0).items()) {
            ObjectNode budget = ObjectRegistry.parse(cached.json());
            try {
                io.fabric8.kubernetes.api.model.LabelSelector selector = KubeJson.mapper()
                        .treeToValue(
                                budget.path("spec").path("selector"),
                                io.fabric8.kubernetes.api.model.LabelSelector.class);
                // A budget with an empty selector selects every pod of its namespace (policy/v1).
                if (selector == null || LabelSelector.fromApi(selector).matches(labels)) {
                    matching.add(budget);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                // A budget whose selector cannot be read protects nothing, as Kubernetes skips it.
            }
        }
        return matching;
    }

    private static void checkAllows(ObjectNode budget) {
        JsonNode status = budget.path("status");
        long generation = budget.path("metadata").path("generation").asLong(0);
        if (status.path("observedGeneration").asLong(-1) < generation) {
            throw violation(
                    "The disruption budget " + Meta.name(budget) + " is still being processed by the server.", 10);
        }
        int allowed = status.path("disruptionsAllowed").asInt(0);
        if (allowed < 0) {
            throw forbidden(budget, "pdb disruptions allowed is negative");
        }
        if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
            throw forbidden(budget, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }
        if (allowed == 0) {
            throw violation(
                    "The disruption budget " + Meta.name(budget) + " needs "
                            + status.path("desiredHealthy").asInt(0) + " healthy pods and has "
                            + status.path("currentHealthy").asInt(0) + " currently",
                    0);
        }
        if (!(budget.get("status") instanceof ObjectNode)) {
            budget.putObject("status");
        }
    }

    private static ApiException forbidden(ObjectNode budget, String why) {
        return Statuses.forbidden("poddisruptionbudget.policy \"" + Meta.name(budget) + "\" is forbidden: " + why);
    }

    private static ApiException violation(String why, int retryAfterSeconds) {
        StatusCause cause = new StatusCause();
        cause.setReason("DisruptionBudget");
        cause.setMessage(why);
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(cause));
        details.setRetryAfterSeconds(retryAfterSeconds);
        return Statuses.failure(
                429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", details);
    }
}
