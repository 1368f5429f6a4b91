package io.skiff.apiserver.authorization.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether one set of rules grants everything another does, as rbac/validation's Covers: the
 * servant rules are broken down to single (group, resource, verb, name) rules, each of which some
 * owner rule must cover whole. The uncovered ones are what an escalation lacks.
 */
public final class RuleCoverage {

    private RuleCoverage() {}

    /** The servant rules' atomic parts that no owner rule covers; empty when covered. */
    public static List<PolicyRule> uncovered(List<PolicyRule> owner, List<PolicyRule> servant) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : servant) {
            for (PolicyRule part : breakdown(rule)) {
                if (owner.stream().noneMatch(o -> covers(o, part))) {
                    missing.add(part);
                }
            }
        }
        return missing;
    }

    /** BreakdownRule: one rule per group × resource × verb (× name), and per URL × verb. */
    static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> parts = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    PolicyRule part = PolicyRule.resources(List.of(verb), List.of(group), List.of(resource));
                    if (rule.resourceNames().isEmpty()) {
                        parts.add(part);
                    } else {
                        rule.resourceNames().forEach(name -> parts.add(part.withNames(List.of(name))));
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                parts.add(PolicyRule.nonResource(List.of(verb), List.of(url)));
            }
        }
        return parts;
    }

    /** ruleCovers. */
    static boolean covers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = owner.verbs().contains(PolicyRule.ALL) || owner.verbs().containsAll(sub.verbs());
        boolean groups =
                owner.apiGroups().contains(PolicyRule.ALL) || owner.apiGroups().containsAll(sub.apiGroups());
        boolean resources = resourcesCover(owner.resources(), sub.resources());
        boolean urls = sub.nonResourceURLs().stream()
                .allMatch(path -> owner.nonResourceURLs().stream().anyMatch(o -> urlCovers(o, path)));
        boolean names = sub.resourceNames().isEmpty()
                ? owner.resourceNames().isEmpty()
                : owner.resourceNames().isEmpty() || owner.resourceNames().containsAll(sub.resourceNames());
        return verbs && groups && resources && names && urls;
    }

    private static boolean resourcesCover(List<String> owner, List<String> sub) {
        if (owner.contains(PolicyRule.ALL) || owner.containsAll(sub)) {
            return true;
        }
        for (String resource : sub) {
            if (owner.contains(resource)) {
                continue;
            }
            int slash = resource.indexOf('/');
            if (slash < 0) {
                return false;
            }
            if (owner.contains("*/" + resource.substring(slash + 1))
                    || owner.contains(resource.substring(0, slash) + "/*")) {
                continue;
            }
            return false;
        }
        return true;
    }

    private static boolean urlCovers(String owner, String path) {
        return owner.equals(path) || (owner.endsWith("*") && path.startsWith(PolicyRule.trimStars(owner)));
    }

    /**
     * CompactRules: simple rules (one group, one resource, no names) of the same group and resource
     * become one with all their verbs; others are kept as they are.
     */
    public static List<PolicyRule> compact(List<PolicyRule> rules) {
        Map<List<String>, List<String>> verbsByResource = new LinkedHashMap<>();
        List<PolicyRule> result = new ArrayList<>();
        for (PolicyRule rule : rules) {
            if (rule.apiGroups().size() == 1
                    && rule.resources().size() == 1
                    && rule.resourceNames().isEmpty()
                    && rule.nonResourceURLs().isEmpty()) {
                List<String> verbs = verbsByResource.computeIfAbsent(
                        List.of(rule.apiGroups().get(0), rule.resources().get(0)), k -> new ArrayList<>());
                rule.verbs().stream().filter(v -> !verbs.contains(v)).forEach(verbs::add);
            } else {
                result.add(rule);
            }
        }
        List<PolicyRule> compacted = new ArrayList<>();
        verbsByResource.forEach(
                (key, verbs) -> compacted.add(PolicyRule.resources(verbs, List.of(key.get(0)), List.of(key.get(1)))));
        compacted.addAll(result);
        return compacted;
    }

    /** rbacv1helpers.CompactString: {@code {APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}}. */
    public static String compactString(PolicyRule rule) {
        List<String> parts = new ArrayList<>();
        if (!rule.apiGroups().isEmpty()) {
            parts.add("APIGroups:" + quoted(rule.apiGroups()));
        }
        if (!rule.resources().isEmpty()) {
            parts.add("Resources:" + quoted(rule.resources()));
        }
        if (!rule.nonResourceURLs().isEmpty()) {
            parts.add("NonResourceURLs:" + quoted(rule.nonResourceURLs()));
        }
        if (!rule.resourceNames().isEmpty()) {
            parts.add("ResourceNames:" + quoted(rule.resourceNames()));
        }
        if (!rule.verbs().isEmpty()) {
            parts.add("Verbs:" + quoted(rule.verbs()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Go's %q of a []string: {@code ["a" "b"]}. */
    public static String quoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        values.forEach(v -> quoted.add("\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        return "[" + String.join(" ", quoted) + "]";
    }
}
