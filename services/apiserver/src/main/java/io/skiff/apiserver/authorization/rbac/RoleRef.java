package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;

/** What a binding grants: a Role (in the binding's namespace) or a ClusterRole. */
public record RoleRef(String apiGroup, String kind, String name) {

    public static RoleRef from(JsonNode roleRef) {
        return new RoleRef(
                roleRef.path("apiGroup").asText(""),
                roleRef.path("kind").asText(""),
                roleRef.path("name").asText(""));
    }

    /** The resource the referenced role is: {@code roles} or {@code clusterroles}. */
    public String resource() {
        return kind.equals("Role") ? "roles" : "clusterroles";
    }
}
