package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authorization.RequestAttributes;
import java.util.ArrayList;
import java.util.List;

/** One rule of a Role or ClusterRole (rbac/v1 PolicyRule), and how it matches a request. */
public record PolicyRule(
        List<String> verbs,
        List<String> apiGroups,
        List<String> resources,
        List<String> resourceNames,
        List<String> nonResourceURLs) {

    public static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    public static PolicyRule resources(List<String> verbs, List<String> apiGroups, List<String> resources) {
        return new PolicyRule(verbs, apiGroups, resources, List.of(), List.of());
    }

    public static PolicyRule nonResource(List<String> verbs, List<String> urls) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    public PolicyRule withNames(List<String> names) {
        return new PolicyRule(verbs, apiGroups, resources, names, nonResourceURLs);
    }

    public static List<PolicyRule> listFrom(JsonNode rules) {
        List<PolicyRule> result = new ArrayList<>();
        if (rules != null && rules.isArray()) {
            for (JsonNode rule : rules) {
                result.add(from(rule));
            }
        }
        return result;
    }

    public static PolicyRule from(JsonNode rule) {
        return new PolicyRule(
                strings(rule.path("verbs")),
                strings(rule.path("apiGroups")),
                strings(rule.path("resources")),
                strings(rule.path("resourceNames")),
                strings(rule.path("nonResourceURLs")));
    }

    public ObjectNode toJson() {
        ObjectNode rule = JsonNodeFactory.instance.objectNode();
        rule.set("verbs", array(verbs));
        if (!apiGroups.isEmpty()) {
            rule.set("apiGroups", array(apiGroups));
        }
        if (!resources.isEmpty()) {
            rule.set("resources", array(resources));
        }
        if (!resourceNames.isEmpty()) {
            rule.set("resourceNames", array(resourceNames));
        }
        if (!nonResourceURLs.isEmpty()) {
            rule.set("nonResourceURLs", array(nonResourceURLs));
        }
        return rule;
    }

    /** rbac.RuleAllows. */
    public boolean allows(RequestAttributes request) {
        if (request.resourceRequest()) {
            return verbMatches(request.verb())
                    && apiGroupMatches(request.apiGroup())
                    && resourceMatches(request.resourceWithSubresource(), request.subresource())
                    && resourceNameMatches(request.name());
        }
        return verbMatches(request.verb()) && nonResourceUrlMatches(request.path());
    }

    boolean verbMatches(String verb) {
        return verbs.contains(ALL) || verbs.contains(verb);
    }

    boolean apiGroupMatches(String group) {
        return apiGroups.contains(ALL) || apiGroups.contains(group);
    }

    /** An exact match, {@code *}, or {@code *}/subresource. */
    boolean resourceMatches(String combined, String subresource) {
        for (String resource : resources) {
            if (resource.equals(ALL) || resource.equals(combined)) {
                return true;
            }
            if (!subresource.isEmpty() && resource.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    boolean resourceNameMatches(String name) {
        return resourceNames.isEmpty() || resourceNames.contains(name);
    }

    /** An exact path, {@code *}, or a prefix before a trailing {@code *}. */
    boolean nonResourceUrlMatches(String path) {
        for (String url : nonResourceURLs) {
            if (url.equals(ALL) || url.equals(path)) {
                return true;
            }
            if (url.endsWith("*") && path.startsWith(trimStars(url))) {
                return true;
            }
        }
        return false;
    }

    static String trimStars(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '*') {
            end--;
        }
        return url.substring(0, end);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
