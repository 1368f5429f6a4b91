package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** rbac.authorization.k8s.io Roles, ClusterRoles and their bindings. */
final class RbacValidators {

    static final String GROUP = "rbac.authorization.k8s.io";
    private static final FieldPath ROLE_REF = FieldPath.root("roleRef");

    private RbacValidators() {}

    /** Role (namespaced rules) and ClusterRole (which may also grant non-resource URLs and aggregate). */
    static final class RoleValidator implements KindValidator {
        private final boolean namespaced;

        RoleValidator(boolean namespaced) {
            this.namespaced = namespaced;
        }

        @Override
        public void validate(ObjectNode role, ObjectNode old, Causes causes) {
            ArrayNode rules = Json.array(role, "rules");
            for (int i = 0; rules != null && i < rules.size(); i++) {
                validateRule(rules.get(i), namespaced, FieldPath.root("rules").index(i), causes);
            }
            JsonNode aggregation = Json.object(role, "aggregationRule");
            if (!namespaced && aggregation != null) {
                ArrayNode selectors = Json.array(aggregation, "clusterRoleSelectors");
                FieldPath selectorsPath = FieldPath.of("aggregationRule.clusterRoleSelectors");
                if (Json.isEmpty(selectors)) {
                    causes.required(
                            selectorsPath, "at least one clusterRoleSelector required if aggregationRule is non-nil");
                }
                for (int i = 0; selectors != null && i < selectors.size(); i++) {
                    SelectorRules.validate(selectors.get(i), selectorsPath.index(i), causes);
                }
            }
        }

        private static void validateRule(JsonNode rule, boolean namespaced, FieldPath path, Causes causes) {
            if (Json.isEmpty(Json.array(rule, "verbs"))) {
                causes.required(path.child("verbs"), "verbs must contain at least one value");
            }
            ArrayNode urls = Json.array(rule, "nonResourceURLs");
            if (!Json.isEmpty(urls)) {
                if (namespaced) {
                    causes.invalid(
                            path.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs");
                }
                if (!Json.isEmpty(Json.array(rule, "apiGroups"))
                        || !Json.isEmpty(Json.array(rule, "resources"))
                        || !Json.isEmpty(Json.array(rule, "resourceNames"))) {
                    causes.invalid(
                            path.child("nonResourceURLs"),
                            urls,
                            "rules cannot apply to both regular resources and non-resource URLs");
                }
                return;
            }
            if (Json.isEmpty(Json.array(rule, "apiGroups"))) {
                causes.required(path.child("apiGroups"), "resource rules must supply at least one api group");
            }
            if (Json.isEmpty(Json.array(rule, "resources"))) {
                causes.required(path.child("resources"), "resource rules must supply at least one resource");
            }
        }
    }

    /** RoleBinding (to a Role or ClusterRole) and ClusterRoleBinding (to a ClusterRole). */
    static final class BindingValidator implements KindValidator {
        private final boolean namespaced;

        BindingValidator(boolean namespaced) {
            this.namespaced = namespaced;
        }

        @Override
        public void validate(ObjectNode binding, ObjectNode old, Causes causes) {
            JsonNode roleRef = Json.object(binding, "roleRef");
            String apiGroup = Json.string(roleRef, "apiGroup");
            if (!apiGroup.equals(GROUP)) {
                causes.notSupported(ROLE_REF.child("apiGroup"), apiGroup, List.of(GROUP));
            }
            String kind = Json.string(roleRef, "kind");
            List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
            if (!kinds.contains(kind)) {
                causes.notSupported(ROLE_REF.child("kind"), kind, kinds);
            }
            String name = Json.string(roleRef, "name");
            if (name.isEmpty()) {
                causes.required(ROLE_REF.child("name"), "");
            } else {
                causes.invalidAt(ROLE_REF, "name", name, NameRules.isPathSegmentName(name));
            }
            ArrayNode subjects = Json.array(binding, "subjects");
            for (int i = 0; subjects != null && i < subjects.size(); i++) {
                validateSubject(
                        subjects.get(i), namespaced, FieldPath.root("subjects").index(i), causes);
            }
            // Changing what a binding grants would let whoever may edit bindings escalate; recreate instead.
            if (old != null && !Json.semanticEquals(roleRef, old.get("roleRef"))) {
                causes.invalid(ROLE_REF, roleRef, "cannot change roleRef");
            }
        }

        private static void validateSubject(JsonNode subject, boolean namespaced, FieldPath path, Causes causes) {
            String name = Json.string(subject, "name");
            if (name.isEmpty()) {
                causes.required(path.child("name"), "");
            }
            String kind = Json.string(subject, "kind");
            switch (kind) {
                case "ServiceAccount" -> {
                    if (!name.isEmpty()) {
                        causes.invalidAt(path, "name", name, NameRules.isDns1123Subdomain(name));
                    }
                    String apiGroup = Json.string(subject, "apiGroup");
                    if (!apiGroup.isEmpty()) {
                        causes.notSupported(path.child("apiGroup"), apiGroup, List.of(""));
                    }
                    if (!namespaced && Json.string(subject, "namespace").isEmpty()) {
                        causes.required(path.child("namespace"), "");
                    }
                }
                case "User", "Group" -> {
                    if (name.isEmpty()) {
                        causes.invalid(path.child("name"), name, kind.toLowerCase() + " name cannot be empty");
                    }
                    // Kubernetes defaults an absent apiGroup of users and groups to the RBAC group.
                    String apiGroup = Json.stringOr(subject, "apiGroup", GROUP);
                    if (!apiGroup.equals(GROUP)) {
                        causes.notSupported(path.child("apiGroup"), apiGroup, List.of(GROUP));
                    }
                }
                default -> causes.notSupported(path.child("kind"), kind, List.of("ServiceAccount", "User", "Group"));
            }
        }
    }
}
