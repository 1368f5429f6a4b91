package io.skiff.apiserver.authorization.rbac;

import io.skiff.apiserver.authentication.UserInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every Role, ClusterRole and binding at one moment, indexed for authorization: bindings by the
 * subject they name, so a check looks only at the bindings of the user's name and groups.
 * Immutable; built by {@link RbacPolicySource}.
 */
public final class RbacPolicy {

    /** What a binding grants, and the reason a role it names could not be read. */
    public interface RuleVisitor {
        /** Returns false to stop visiting. */
        boolean visit(Binding binding, Subject subject, PolicyRule rule, String error);
    }

    private final Map<String, List<PolicyRule>> clusterRoles;
    private final Map<String, List<PolicyRule>> roles;
    private final Map<String, List<Binding>> clusterBindingsBySubject;
    private final Map<String, Map<String, List<Binding>>> roleBindingsByNamespace;

    public RbacPolicy(
            Map<String, List<PolicyRule>> clusterRoles,
            Map<String, List<PolicyRule>> roles,
            List<Binding> clusterRoleBindings,
            List<Binding> roleBindings) {
        this.clusterRoles = Map.copyOf(clusterRoles);
        this.roles = Map.copyOf(roles);
        this.clusterBindingsBySubject = bySubject(clusterRoleBindings);
        Map<String, List<Binding>> byNamespace = new HashMap<>();
        roleBindings.forEach(b -> byNamespace
                .computeIfAbsent(b.namespace(), n -> new ArrayList<>())
                .add(b));
        Map<String, Map<String, List<Binding>>> indexed = new HashMap<>();
        byNamespace.forEach((namespace, bindings) -> indexed.put(namespace, bySubject(bindings)));
        this.roleBindingsByNamespace = indexed;
    }

    public static RbacPolicy empty() {
        return new RbacPolicy(Map.of(), Map.of(), List.of(), List.of());
    }

    /** rbac's key of a subject: a ServiceAccount is its user name; one without a namespace none. */
    private static Map<String, List<Binding>> bySubject(List<Binding> bindings) {
        Map<String, List<Binding>> index = new HashMap<>();
        for (Binding binding : bindings) {
            Set<String> keys = new LinkedHashSet<>();
            for (Subject subject : binding.subjects()) {
                switch (subject.kind()) {
                    case "User" -> keys.add("u:" + subject.name());
                    case "Group" -> keys.add("g:" + subject.name());
                    case "ServiceAccount" -> {
                        String ns = subject.namespace().isEmpty() ? binding.namespace() : subject.namespace();
                        if (!ns.isEmpty()) {
                            keys.add("u:" + Subject.serviceAccountUser(ns, subject.name()));
                        }
                    }
                    default -> {}
                }
            }
            keys.forEach(
                    key -> index.computeIfAbsent(key, k -> new ArrayList<>()).add(binding));
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(index);
    }

    /**
     * Visits the rules {@code user} holds in {@code namespace} ("" for cluster scope), as rbac's
     * VisitRulesFor: ClusterRoleBindings first, then the namespace's RoleBindings.
     */
    public void visitRulesFor(UserInfo user, String namespace, RuleVisitor visitor) {
        if (!visitBindings(candidates(clusterBindingsBySubject, user), user, visitor)) {
            return;
        }
        if (!namespace.isEmpty()) {
            Map<String, List<Binding>> bindings = roleBindingsByNamespace.getOrDefault(namespace, Map.of());
            visitBindings(candidates(bindings, user), user, visitor);
        }
    }

    /** Every rule {@code user} holds in {@code namespace}, and the errors met resolving roles. */
    public ResolvedRules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRulesFor(user, namespace, (binding, subject, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new ResolvedRules(rules, errors);
    }

    public record ResolvedRules(List<PolicyRule> rules, List<String> errors) {}

    /** The rules of what a binding in {@code bindingNamespace} refers to, or the error it meets. */
    public Optional<List<PolicyRule>> roleRules(RoleRef ref, String bindingNamespace) {
        return switch (ref.kind()) {
            case "Role" -> Optional.ofNullable(roles.get(bindingNamespace + "/" + ref.name()));
            case "ClusterRole" -> Optional.ofNullable(clusterRoles.get(ref.name()));
            default -> Optional.empty();
        };
    }

    /** The message of a role reference that does not resolve, as the RBAC listers' NotFound. */
    public static String unresolved(RoleRef ref) {
        return switch (ref.kind()) {
            case "Role" -> "role.rbac.authorization.k8s.io \"" + ref.name() + "\" not found";
            case "ClusterRole" -> "clusterrole.rbac.authorization.k8s.io \"" + ref.name() + "\" not found";
            default -> "unsupported role reference kind: \"" + ref.kind() + "\"";
        };
    }

    private static List<Binding> candidates(Map<String, List<Binding>> index, UserInfo user) {
        Set<Binding> found = new LinkedHashSet<>(index.getOrDefault("u:" + user.name(), List.of()));
        for (String group : user.groups()) {
            found.addAll(index.getOrDefault("g:" + group, List.of()));
        }
        return new ArrayList<>(found);
    }

    private boolean visitBindings(List<Binding> bindings, UserInfo user, RuleVisitor visitor) {
        for (Binding binding : bindings) {
            Subject subject = binding.subjectFor(user);
            if (subject == null) {
                continue;
            }
            Optional<List<PolicyRule>> rules = roleRules(binding.roleRef(), binding.namespace());
            if (rules.isEmpty()) {
                if (!visitor.visit(binding, subject, null, unresolved(binding.roleRef()))) {
                    return false;
                }
                continue;
            }
            for (PolicyRule rule : rules.get()) {
                if (!visitor.visit(binding, subject, rule, null)) {
                    return false;
                }
            }
        }
        return true;
    }
}
