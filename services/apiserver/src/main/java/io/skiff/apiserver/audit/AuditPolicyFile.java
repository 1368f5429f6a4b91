package io.skiff.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an audit.k8s.io/v1 Policy (YAML or JSON) as kube-apiserver's {@code --audit-policy-file},
 * refusing what its validation refuses: an unknown level or stage, a rule mixing resources with
 * nonResourceURLs, a non-resource URL not starting with "/" or with "*" other than at the end, and a
 * policy without rules.
 */
public final class AuditPolicyFile {

    static final String API_VERSION = "audit.k8s.io/v1";
    static final String KIND = "Policy";

    private AuditPolicyFile() {}

    public static AuditPolicy load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidAuditPolicyException("failed to read file path \"" + file + "\": " + e.getMessage());
        }
        try {
            return parse(text);
        } catch (InvalidAuditPolicyException e) {
            throw new InvalidAuditPolicyException("failed decoding file \"" + file + "\": " + e.getMessage());
        }
    }

    static AuditPolicy parse(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new InvalidAuditPolicyException("not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidAuditPolicyException("the file holds no Policy");
        }
        if (!API_VERSION.equals(root.path("apiVersion").asText())
                || !KIND.equals(root.path("kind").asText())) {
            throw new InvalidAuditPolicyException("expected apiVersion " + API_VERSION + " and kind " + KIND + ", got "
                    + root.path("apiVersion").asText() + " " + root.path("kind").asText());
        }
        Set<AuditStage> omitStages = stages(root.path("omitStages"), "omitStages");
        boolean omitManagedFields = root.path("omitManagedFields").asBoolean(false);
        JsonNode rules = root.path("rules");
        if (!rules.isArray() || rules.isEmpty()) {
            throw new InvalidAuditPolicyException("loaded illegal policy with 0 rules");
        }
        List<PolicyRule> parsed = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            parsed.add(rule(rules.get(i), "rules[" + i + "]"));
        }
        return new AuditPolicy(parsed, omitStages, omitManagedFields);
    }

    private static PolicyRule rule(JsonNode rule, String path) {
        AuditLevel level = level(rule.path("level"), path + ".level");
        List<PolicyRule.GroupResources> resources = new ArrayList<>();
        JsonNode groups = rule.path("resources");
        for (int j = 0; j < groups.size(); j++) {
            JsonNode group = groups.get(j);
            String groupPath = path + ".resources[" + j + "]";
            List<String> names = strings(group.path("resources"), groupPath + ".resources");
            List<String> resourceNames = strings(group.path("resourceNames"), groupPath + ".resourceNames");
            for (String name : names) {
                if (name.contains("/") && !resourceNames.isEmpty() && name.startsWith("*")) {
                    throw new InvalidAuditPolicyException(
                            groupPath + ".resourceNames: Invalid value: using resource names with wildcard"
                                    + " subresources is not supported");
                }
            }
            resources.add(new PolicyRule.GroupResources(group.path("group").asText(""), names, resourceNames));
        }
        List<String> namespaces = strings(rule.path("namespaces"), path + ".namespaces");
        List<String> urls = strings(rule.path("nonResourceURLs"), path + ".nonResourceURLs");
        if (!urls.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
            throw new InvalidAuditPolicyException(path + ".nonResourceURLs: Invalid value: rules cannot apply to"
                    + " both regular resources and non-resource URLs");
        }
        for (String url : urls) {
            if (!url.equals("*") && !url.startsWith("/")) {
                throw new InvalidAuditPolicyException(path + ".nonResourceURLs: Invalid value: \"" + url
                        + "\": non-resource URL rules must begin" + " with a '/' character");
            }
            if (url.indexOf('*') >= 0 && url.indexOf('*') != url.length() - 1) {
                throw new InvalidAuditPolicyException(path + ".nonResourceURLs: Invalid value: \"" + url
                        + "\": non-resource URL wildcards (\"*\") must be the final character of the rule");
            }
        }
        JsonNode omitFields = rule.path("omitManagedFields");
        return new PolicyRule(
                level,
                strings(rule.path("users"), path + ".users"),
                strings(rule.path("userGroups"), path + ".userGroups"),
                strings(rule.path("verbs"), path + ".verbs"),
                resources,
                namespaces,
                urls,
                stages(rule.path("omitStages"), path + ".omitStages"),
                omitFields.isBoolean() ? omitFields.asBoolean() : null);
    }

    private static AuditLevel level(JsonNode node, String path) {
        if (node.isMissingNode() || node.asText().isEmpty()) {
            throw new InvalidAuditPolicyException(path + ": Required value");
        }
        try {
            return AuditLevel.valueOf(node.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidAuditPolicyException(path + ": Unsupported value: \"" + node.asText()
                    + "\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"");
        }
    }

    private static Set<AuditStage> stages(JsonNode list, String path) {
        Set<AuditStage> stages = EnumSet.noneOf(AuditStage.class);
        for (String name : strings(list, path)) {
            try {
                stages.add(AuditStage.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidAuditPolicyException(path + ": Unsupported value: \"" + name + "\": supported"
                        + " values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"");
            }
        }
        return Set.copyOf(stages);
    }

    private static List<String> strings(JsonNode list, String path) {
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidAuditPolicyException(path + ": Invalid value: expected a list");
        }
        List<String> values = new ArrayList<>();
        list.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }
}
