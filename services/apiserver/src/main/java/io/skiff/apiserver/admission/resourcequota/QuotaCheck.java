package io.skiff.apiserver.admission.resourcequota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.model.api.ApiException;
import io.skiff.model.json.KubeJson;
import io.skiff.model.quota.PodQuota;
import io.skiff.model.quota.ResourceAmount;
import io.skiff.model.quota.ResourceLists;
import io.skiff.model.quota.ScopeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * quota admission's CheckRequest for one write against the quotas of its namespace: the quotas that
 * cover the object (they limit something its evaluator measures, and it falls in all their scopes)
 * must know their usage and, for cpu and memory, see explicit requests or limits in every
 * container; the object's usage (on update, what it adds to its old usage) must fit under each
 * one's hard limits. The result is the quotas' new usage, to be written before the object is.
 */
final class QuotaCheck {

    /** The resources a pod's containers must state when a quota limits them (validationSet). */
    private static final Set<String> CONTAINER_REQUIRED =
            Set.of("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

    /** A quota whose usage the write changes, with its new status.used. */
    record Charge(ObjectNode quota, Map<String, ResourceAmount> used) {

        String name() {
            return quota.path("metadata").path("name").asText();
        }
    }

    private QuotaCheck() {}

    /**
     * The charges the write makes on {@code quotas}; empty when it changes no quota's usage.
     *
     * @throws ApiException 403 when the object does not fit or does not state what a quota needs
     */
    static <T extends HasMetadata> List<Charge> check(
            Attributes a, QuotaEvaluators.Evaluator<T> evaluator, List<ObjectNode> quotas) {
        T object = evaluator.convert(a.object());
        if (object.getMetadata() != null && object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(a.namespace());
        }
        List<ObjectNode> interesting = new ArrayList<>();
        for (ObjectNode quota : quotas) {
            String name = quota.path("metadata").path("name").asText();
            Map<String, ResourceAmount> hard = amounts(quota.path("status").path("hard"));
            List<String> restricted = evaluator.quota().matchingResources(hard.keySet());
            if (restricted.isEmpty() || !inScopes(a, evaluator, object, quota, name)) {
                continue;
            }
            if (object instanceof Pod pod) {
                constraints(restricted, pod).ifPresent(missing -> {
                    throw AdmissionErrors.forbidden(a, "failed quota: " + name + ": " + missing);
                });
            }
            Map<String, ResourceAmount> used = amounts(quota.path("status").path("used"));
            if (!restricted.stream().allMatch(used::containsKey)) {
                throw AdmissionErrors.forbidden(
                        a, "status unknown for quota: " + name + ", resources: " + names(restricted));
            }
            interesting.add(quota);
        }
        if (interesting.isEmpty()) {
            return List.of();
        }
        Map<String, ResourceAmount> delta = evaluator.quota().usage(object);
        List<String> negative = delta.entrySet().stream()
                .filter(e -> e.getValue().value().signum() < 0)
                .map(Map.Entry::getKey)
                .toList();
        if (!negative.isEmpty()) {
            throw AdmissionErrors.forbidden(a, "quota usage is negative for resource(s): " + names(negative));
        }
        if (a.operation() == Operation.UPDATE) {
            if (a.oldObject() == null) {
                throw AdmissionErrors.forbidden(
                        a, "unable to get previous usage since prior version of object was not found");
            }
            if (!a.oldObject()
                    .path("metadata")
                    .path("resourceVersion")
                    .asText("")
                    .isEmpty()) {
                delta = subtractNonNegative(delta, evaluator.quota().usage(evaluator.convert(a.oldObject())));
            }
        }
        delta.values().removeIf(amount -> amount.value().signum() == 0);
        if (delta.isEmpty()) {
            return List.of();
        }
        List<Charge> charges = new ArrayList<>();
        for (ObjectNode quota : interesting) {
            Map<String, ResourceAmount> hard = amounts(quota.path("status").path("hard"));
            Map<String, ResourceAmount> used = amounts(quota.path("status").path("used"));
            Map<String, ResourceAmount> requested = ResourceLists.mask(delta, hard.keySet());
            Map<String, ResourceAmount> newUsed = new LinkedHashMap<>(used);
            ResourceLists.addInto(newUsed, requested);
            Set<String> exceeded = new TreeSet<>();
            hard.forEach((resource, limit) -> {
                ResourceAmount wanted = requested.containsKey(resource) ? newUsed.get(resource) : null;
                if (wanted != null && !wanted.atMost(limit)) {
                    exceeded.add(resource);
                }
            });
            if (!exceeded.isEmpty()) {
                throw AdmissionErrors.forbidden(
                        a,
                        "exceeded quota: " + quota.path("metadata").path("name").asText() + ", requested: "
                                + prettyPrint(ResourceLists.mask(requested, exceeded)) + ", used: "
                                + prettyPrint(ResourceLists.mask(used, exceeded)) + ", limited: "
                                + prettyPrint(ResourceLists.mask(hard, exceeded)));
            }
            charges.add(new Charge(quota, newUsed));
        }
        return charges;
    }

    /** generic.Matches' scope half: the object falls in every scope of the quota. */
    private static <T extends HasMetadata> boolean inScopes(
            Attributes a, QuotaEvaluators.Evaluator<T> evaluator, T object, ObjectNode quota, String name) {
        for (ScopedResourceSelectorRequirement scope : scopes(quota)) {
            try {
                if (!evaluator.quota().matchesScope(scope, object)) {
                    return false;
                }
            } catch (ScopeException e) {
                throw AdmissionErrors.forbidden(a, "error matching quota " + name + ", err: " + e.getMessage());
            }
        }
        return true;
    }

    /** getScopeSelectorsFromQuota: spec.scopes as Exists requirements, then spec.scopeSelector's. */
    static List<ScopedResourceSelectorRequirement> scopes(ObjectNode quota) {
        List<ScopedResourceSelectorRequirement> scopes = new ArrayList<>();
        for (JsonNode scope : quota.path("spec").path("scopes")) {
            scopes.add(new ScopedResourceSelectorRequirement("Exists", scope.asText(), null));
        }
        for (JsonNode expression : quota.path("spec").path("scopeSelector").path("matchExpressions")) {
            scopes.add(KubeJson.mapper().convertValue(expression, ScopedResourceSelectorRequirement.class));
        }
        return scopes;
    }

    /**
     * The pod evaluator's Constraints: with cpu or memory under quota, every container and init
     * container must request or limit them, e.g. {@code must specify limits.cpu for: c1,c2}.
     */
    static Optional<String> constraints(Collection<String> restricted, Pod pod) {
        Set<String> required = new TreeSet<>(restricted);
        required.retainAll(CONTAINER_REQUIRED);
        if (required.isEmpty() || pod.getSpec() == null) {
            return Optional.empty();
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            containers.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        for (Container container : containers) {
            Map<String, Quantity> requests = container.getResources() == null
                    ? null
                    : container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources() == null
                    ? null
                    : container.getResources().getLimits();
            Set<String> stated = PodQuota.containerUsage(ResourceLists.of(requests), ResourceLists.of(limits))
                    .keySet();
            for (String resource : required) {
                if (!stated.contains(resource)) {
                    missing.computeIfAbsent(resource, r -> new TreeSet<>()).add(container.getName());
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(missing.entrySet().stream()
                .map(e -> "must specify " + e.getKey() + " for: " + String.join(",", e.getValue()))
                .collect(Collectors.joining("; ")));
    }

    /** quota.SubtractWithNonNegativeResult. */
    private static Map<String, ResourceAmount> subtractNonNegative(
            Map<String, ResourceAmount> a, Map<String, ResourceAmount> b) {
        Map<String, ResourceAmount> result = new LinkedHashMap<>();
        a.forEach((name, amount) -> {
            ResourceAmount difference = b.containsKey(name) ? amount.minus(b.get(name)) : amount;
            result.put(name, difference.value().signum() > 0 ? difference : ResourceAmount.ZERO);
        });
        b.keySet().forEach(name -> result.putIfAbsent(name, ResourceAmount.ZERO));
        return result;
    }

    static Map<String, ResourceAmount> amounts(JsonNode list) {
        Map<String, ResourceAmount> amounts = new LinkedHashMap<>();
        list.fields().forEachRemaining(e -> {
            try {
                amounts.put(
                        e.getKey(), ResourceAmount.of(new Quantity(e.getValue().asText())));
            } catch (IllegalArgumentException invalid) {
                // validation keeps quantities well-formed; an unreadable one limits nothing
            }
        });
        return amounts;
    }

    /** prettyPrint: name=value pairs sorted by name, comma-separated. */
    private static String prettyPrint(Map<String, ResourceAmount> amounts) {
        return new TreeMap<>(amounts)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().text())
                        .collect(Collectors.joining(","));
    }

    /** prettyPrintResourceNames: sorted, comma-separated. */
    private static String names(Collection<String> names) {
        return String.join(",", new TreeSet<>(names));
    }
}
