package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of rbac.authorization.k8s.io/v1 (pkg/apis/rbac/v1/defaults.go). */
final class RbacV1Defaults {

    private static final String GROUP = "rbac.authorization.k8s.io";

    private RbacV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(GROUP + "/v1", "RoleBinding", RbacV1Defaults::binding)
                .add(GROUP + "/v1", "ClusterRoleBinding", RbacV1Defaults::binding);
    }

    private static void binding(ObjectNode binding) {
        Json.putIfZero(GoEncoding.struct(binding, "roleRef"), "apiGroup", GROUP);
        for (ObjectNode subject : Json.items(binding, "subjects")) {
            String kind = Json.text(subject, "kind");
            // ServiceAccount subjects live in the core group, whose name "" is what Go omits anyway.
            if (kind.equals("User") || kind.equals("Group")) {
                Json.putIfZero(subject, "apiGroup", GROUP);
            }
        }
    }
}
