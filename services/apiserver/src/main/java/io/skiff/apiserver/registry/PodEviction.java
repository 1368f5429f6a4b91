package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
        return registry.get(pods, namespace, podName).flatMap(json -> {
            ObjectNode pod = ObjectRegistry.parse(json);
            if (canIgnoreBudgets(pod)) {
                return registry.delete(pods, namespace, podName, options).then();
            }
            List<ObjectNode> matching = budgetsFor(namespace, pod);
            if (matching.isEmpty()) {
                return registry.delete(pods, namespace, podName, options).then();
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
                        status.put(
                                "disruptionsAllowed",
                                status.path("disruptionsAllowed").asInt() - 1);
                        JsonNode disrupted = status.get("disruptedPods");
                        ObjectNode disruptedPods =
                                disrupted instanceof ObjectNode node ? node : status.putObject("disruptedPods");
                        disruptedPods.put(podName, Meta.timestamp(clock.instant()));
                        return updated;
                    });
            return charge.then(registry.delete(pods, namespace, podName, options))
                    .then();
        });
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
                    budget, "the disruption budget " + Meta.name(budget) + " is still being processed by the server");
        }
        if (status.path("disruptionsAllowed").asInt(0) <= 0) {
            throw violation(
                    budget,
                    "The disruption budget " + Meta.name(budget) + " needs "
                            + status.path("desiredHealthy").asInt(0) + " healthy pods and has "
                            + status.path("currentHealthy").asInt(0) + " currently");
        }
        if (!(budget.get("status") instanceof ObjectNode)) {
            budget.putObject("status");
        }
    }

    private static ApiException violation(ObjectNode budget, String why) {
        StatusCause cause = new StatusCause();
        cause.setReason("DisruptionBudget");
        cause.setMessage(why);
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(cause));
        details.setRetryAfterSeconds(10);
        return Statuses.failure(
                429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.", details);
    }
}
