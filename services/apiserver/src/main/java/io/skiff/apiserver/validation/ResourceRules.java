package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Resource names and quantities: container requirements, quotas, limit ranges, node capacity. */
final class ResourceRules {

    private static final Set<String> CONTAINER_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage");
    private static final Set<String> INTEGER_RESOURCES = Set.of(
            "pods",
            "services",
            "replicationcontrollers",
            "resourcequotas",
            "secrets",
            "persistentvolumeclaims",
            "configmaps",
            "services.nodeports",
            "services.loadbalancers");
    private static final Set<String> QUOTA_RESOURCES = Set.of(
            "pods",
            "services",
            "replicationcontrollers",
            "resourcequotas",
            "secrets",
            "configmaps",
            "persistentvolumeclaims",
            "services.nodeports",
            "services.loadbalancers",
            "requests.cpu",
            "requests.memory",
            "requests.storage",
            "requests.ephemeral-storage",
            "limits.cpu",
            "limits.memory",
            "limits.ephemeral-storage",
            "cpu",
            "memory",
            "ephemeral-storage");
    private static final Set<String> STANDARD_RESOURCES = Set.of(
            "cpu",
            "memory",
            "ephemeral-storage",
            "requests.cpu",
            "requests.memory",
            "requests.ephemeral-storage",
            "limits.cpu",
            "limits.memory",
            "limits.ephemeral-storage",
            "pods",
            "services",
            "replicationcontrollers",
            "resourcequotas",
            "secrets",
            "persistentvolumeclaims",
            "configmaps",
            "storage",
            "requests.storage",
            "services.nodeports",
            "services.loadbalancers");

    private ResourceRules() {}

    /** {@code validateResourceName}: a qualified name, standard unless it has a domain prefix. */
    static boolean validateResourceName(String name, FieldPath path, Causes causes) {
        var errors = NameRules.isQualifiedName(name);
        if (!errors.isEmpty()) {
            causes.invalid(path, name, errors);
            return false;
        }
        if (name.indexOf('/') < 0 && !STANDARD_RESOURCES.contains(name) && !isQuotaHugePages(name)) {
            causes.invalid(path, name, "must be a standard resource type or fully qualified");
            return false;
        }
        return true;
    }

    /** {@code validateContainerResourceName}: cpu, memory, ephemeral-storage, hugepages or extended resources. */
    static void validateContainerResourceName(String name, FieldPath path, Causes causes) {
        validateResourceName(name, path, causes);
        if (name.indexOf('/') < 0) {
            if (!CONTAINER_RESOURCES.contains(name) && !isHugePages(name)) {
                causes.invalid(path, name, "must be a standard resource for containers");
            }
        } else if (!isNative(name) && !isExtended(name)) {
            causes.invalid(path, name, "doesn't follow extended resource name standard");
        }
    }

    /** {@code ValidateResourceQuotaResourceName}. */
    static void validateQuotaResourceName(String name, FieldPath path, Causes causes) {
        validateResourceName(name, path, causes);
        if (name.indexOf('/') < 0 && !QUOTA_RESOURCES.contains(name) && !isQuotaHugePages(name)) {
            causes.invalid(path, name, "must be a standard resource for quota");
        }
    }

    /** A quantity's value; reports and returns null when the field does not hold a valid quantity. */
    static BigDecimal quantity(JsonNode node, FieldPath path, Causes causes) {
        String text = Quantities.text(node);
        BigDecimal value = Quantities.parse(text);
        if (value == null) {
            causes.invalid(path, text == null ? node : text, Quantities.error(text));
        }
        return value;
    }

    /** {@code ValidateResourceQuantityValue}: a non-negative quantity, whole for countable resources. */
    static BigDecimal validateQuantityValue(String resource, JsonNode node, FieldPath path, Causes causes) {
        BigDecimal value = quantity(node, path, causes);
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            causes.invalid(path, Quantities.text(node), FieldRules.NEGATIVE);
        }
        if (isInteger(resource) && value.stripTrailingZeros().scale() > 0) {
            causes.invalid(path, Quantities.text(node), FieldRules.NOT_INTEGER);
        }
        return value;
    }

    /**
     * A container's (or a pod overhead's) {@code resources}: valid names and quantities, requests not above
     * limits, and requests equal to limits for resources that cannot be overcommitted.
     */
    static void validateRequirements(JsonNode resources, FieldPath path, Causes causes) {
        validateRequirements(Json.object(resources, "limits"), Json.object(resources, "requests"), path, causes);
    }

    /** As {@link #validateRequirements(JsonNode, FieldPath, Causes)} for separate limit and request maps. */
    static void validateRequirements(JsonNode limits, JsonNode requests, FieldPath path, Causes causes) {
        FieldPath limitsPath = path.child("limits");
        FieldPath requestsPath = path.child("requests");
        boolean cpuOrMemory = false;
        boolean hugePages = false;
        Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(limits);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> limit = entries.next();
            FieldPath limitPath = limitsPath.key(limit.getKey());
            validateContainerResourceName(limit.getKey(), limitPath, causes);
            validateQuantityValue(limit.getKey(), limit.getValue(), limitPath, causes);
            cpuOrMemory |= isCpuOrMemory(limit.getKey());
            hugePages |= isHugePages(limit.getKey());
        }
        entries = Json.fields(requests);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> request = entries.next();
            String resource = request.getKey();
            FieldPath requestPath = requestsPath.key(resource);
            validateContainerResourceName(resource, requestPath, causes);
            BigDecimal value = validateQuantityValue(resource, request.getValue(), requestPath, causes);
            JsonNode limitNode = limits == null ? null : limits.get(resource);
            if (limitNode != null) {
                BigDecimal limit = Quantities.parse(Quantities.text(limitNode));
                if (value != null && limit != null) {
                    String requestText = Quantities.text(request.getValue());
                    String limitText = Quantities.text(limitNode);
                    if (value.compareTo(limit) != 0 && !isOvercommitAllowed(resource)) {
                        causes.invalid(
                                requestsPath, requestText, "must be equal to " + resource + " limit of " + limitText);
                    } else if (value.compareTo(limit) > 0) {
                        causes.invalid(
                                requestsPath,
                                requestText,
                                "must be less than or equal to " + resource + " limit of " + limitText);
                    }
                }
            } else if (!isOvercommitAllowed(resource)) {
                causes.required(limitsPath, "Limit must be set for non overcommitable resources");
            }
            cpuOrMemory |= isCpuOrMemory(resource);
            hugePages |= isHugePages(resource);
        }
        if (hugePages && !cpuOrMemory) {
            causes.forbidden(path, "HugePages require cpu or memory");
        }
    }

    static boolean isHugePages(String name) {
        return name.startsWith("hugepages-");
    }

    private static boolean isQuotaHugePages(String name) {
        return name.startsWith("hugepages-") || name.startsWith("requests.hugepages-");
    }

    private static boolean isCpuOrMemory(String name) {
        return name.equals("cpu") || name.equals("memory");
    }

    /** Resources Kubernetes itself defines: unprefixed, or under kubernetes.io. */
    static boolean isNative(String name) {
        return name.indexOf('/') < 0 || name.contains("kubernetes.io/");
    }

    /** Extended resources (devices): prefixed outside kubernetes.io, usable after {@code requests.}. */
    static boolean isExtended(String name) {
        if (isNative(name) || name.startsWith("requests.")) {
            return false;
        }
        return NameRules.isQualifiedName("requests." + name).isEmpty();
    }

    private static boolean isOvercommitAllowed(String name) {
        return isNative(name) && !isHugePages(name);
    }

    static boolean isInteger(String name) {
        return INTEGER_RESOURCES.contains(name) || isExtended(name);
    }
}
