package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** LimitRanges and ResourceQuotas. */
final class QuotaValidators {

    private static final List<String> LIMIT_TYPES = List.of("Pod", "Container", "PersistentVolumeClaim");
    private static final List<String> QUOTA_SCOPES = List.of(
            "Terminating",
            "NotTerminating",
            "BestEffort",
            "NotBestEffort",
            "PriorityClass",
            "CrossNamespacePodAffinity");
    private static final List<String> LIMIT_FIELDS =
            List.of("max", "min", "default", "defaultRequest", "maxLimitRequestRatio");

    private QuotaValidators() {}

    static final class LimitRangeValidator implements KindValidator {
        @Override
        public void validate(ObjectNode limitRange, ObjectNode old, Causes causes) {
            ArrayNode limits = Json.array(Json.object(limitRange, "spec"), "limits");
            if (limits == null) {
                return;
            }
            Set<String> types = new HashSet<>();
            for (int i = 0; i < limits.size(); i++) {
                validateLimit(limits.get(i), FieldPath.of("spec.limits").index(i), types, causes);
            }
        }

        private static void validateLimit(JsonNode limit, FieldPath path, Set<String> types, Causes causes) {
            String type = Json.string(limit, "type");
            List<String> typeErrors = NameRules.isQualifiedName(type);
            if (!typeErrors.isEmpty()) {
                causes.invalid(path.child("type"), type, typeErrors);
            } else if (type.indexOf('/') < 0 && !LIMIT_TYPES.contains(type)) {
                causes.invalid(path.child("type"), type, "must be a standard limit type or fully qualified");
            }
            if (!types.add(type)) {
                causes.duplicate(path.child("type"), type);
            }
            boolean containerResources = type.equals("Pod") || type.equals("Container");
            Set<String> keys = new LinkedHashSet<>();
            Map<String, Map<String, String>> values = new HashMap<>();
            for (String field : LIMIT_FIELDS) {
                JsonNode quantities = Json.object(limit, field);
                if (type.equals("Pod") && (field.equals("default") || field.equals("defaultRequest"))) {
                    if (!Json.isEmpty(quantities)) {
                        causes.forbidden(path.child(field), "may not be specified when `type` is 'Pod'");
                    }
                    continue;
                }
                Map<String, String> byResource = new HashMap<>();
                values.put(field, byResource);
                Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(quantities);
                while (entries.hasNext()) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    FieldPath resourcePath = path.child(field).key(entry.getKey());
                    if (containerResources) {
                        ResourceRules.validateContainerResourceName(entry.getKey(), resourcePath, causes);
                    } else {
                        ResourceRules.validateResourceName(entry.getKey(), resourcePath, causes);
                    }
                    if (ResourceRules.quantity(entry.getValue(), resourcePath, causes) != null) {
                        byResource.put(entry.getKey(), Quantities.text(entry.getValue()));
                    }
                    keys.add(entry.getKey());
                }
            }
            if (type.equals("PersistentVolumeClaim")
                    && !values.get("min").containsKey("storage")
                    && !values.get("max").containsKey("storage")) {
                causes.required(
                        path.child("limits"),
                        "either minimum or maximum storage value is required, but neither was provided");
            }
            for (String resource : keys) {
                compareBounds(resource, values, path, causes);
            }
        }

        /** min ≤ defaultRequest ≤ default ≤ max, and a limit/request ratio of at least 1. */
        private static void compareBounds(
                String resource, Map<String, Map<String, String>> values, FieldPath path, Causes causes) {
            String min = values.get("min").get(resource);
            String max = values.get("max").get(resource);
            Map<String, String> defaults = values.getOrDefault("default", Map.of());
            Map<String, String> defaultRequests = values.getOrDefault("defaultRequest", Map.of());
            String defaultLimit = defaults.get(resource);
            String defaultRequest = defaultRequests.get(resource);
            String ratio = values.get("maxLimitRequestRatio").get(resource);
            if (greater(min, max)) {
                causes.invalid(
                        path.child("min").key(resource), min, "min value " + min + " is greater than max value " + max);
            }
            if (greater(min, defaultRequest)) {
                causes.invalid(
                        path.child("defaultRequest").key(resource),
                        defaultRequest,
                        "min value " + min + " is greater than default request value " + defaultRequest);
            }
            if (greater(defaultRequest, max)) {
                causes.invalid(
                        path.child("defaultRequest").key(resource),
                        defaultRequest,
                        "default request value " + defaultRequest + " is greater than max value " + max);
            }
            if (greater(defaultRequest, defaultLimit)) {
                causes.invalid(
                        path.child("defaultRequest").key(resource),
                        defaultRequest,
                        "default request value " + defaultRequest + " is greater than default limit value "
                                + defaultLimit);
            }
            if (greater(min, defaultLimit)) {
                causes.invalid(
                        path.child("default").key(resource),
                        min,
                        "min value " + min + " is greater than default value " + defaultLimit);
            }
            if (greater(defaultLimit, max)) {
                causes.invalid(
                        path.child("default").key(resource),
                        max,
                        "default value " + defaultLimit + " is greater than max value " + max);
            }
            if (ratio != null && Quantities.parse(ratio).compareTo(BigDecimal.ONE) < 0) {
                causes.invalid(
                        path.child("maxLimitRequestRatio").key(resource), ratio, "ratio " + ratio + " is less than 1");
            }
        }

        private static boolean greater(String a, String b) {
            return a != null && b != null && Quantities.parse(a).compareTo(Quantities.parse(b)) > 0;
        }
    }

    static final class ResourceQuotaValidator implements KindValidator {
        @Override
        public void validate(ObjectNode quota, ObjectNode old, Causes causes) {
            JsonNode spec = Json.object(quota, "spec");
            validateAmounts(Json.object(spec, "hard"), FieldPath.of("spec.hard"), causes);
            ArrayNode scopes = Json.array(spec, "scopes");
            if (scopes != null) {
                Set<String> seen = new HashSet<>();
                for (JsonNode scope : scopes) {
                    if (!QUOTA_SCOPES.contains(scope.asText())) {
                        causes.invalid(FieldPath.of("spec.scopes"), scopes, "unsupported scope");
                    }
                    seen.add(scope.asText());
                }
                if ((seen.contains("BestEffort") && seen.contains("NotBestEffort"))
                        || (seen.contains("Terminating") && seen.contains("NotTerminating"))) {
                    causes.invalid(FieldPath.of("spec.scopes"), scopes, "conflicting scopes");
                }
            }
            validateStatus(quota, old, causes);
            if (old != null && !sameScopes(scopes, Json.array(Json.object(old, "spec"), "scopes"))) {
                causes.immutable(FieldPath.of("spec.scopes"), scopes);
            }
        }

        @Override
        public void validateStatus(ObjectNode quota, ObjectNode old, Causes causes) {
            JsonNode status = Json.object(quota, "status");
            validateAmounts(Json.object(status, "hard"), FieldPath.of("status.hard"), causes);
            validateAmounts(Json.object(status, "used"), FieldPath.of("status.used"), causes);
        }

        private static void validateAmounts(JsonNode amounts, FieldPath path, Causes causes) {
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(amounts);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                FieldPath resourcePath = path.key(entry.getKey());
                ResourceRules.validateQuotaResourceName(entry.getKey(), resourcePath, causes);
                ResourceRules.validateQuantityValue(entry.getKey(), entry.getValue(), resourcePath, causes);
            }
        }

        private static boolean sameScopes(ArrayNode scopes, ArrayNode old) {
            Set<String> a = new HashSet<>();
            Set<String> b = new HashSet<>();
            if (scopes != null) {
                scopes.forEach(scope -> a.add(scope.asText()));
            }
            if (old != null) {
                old.forEach(scope -> b.add(scope.asText()));
            }
            return a.equals(b);
        }
    }
}
