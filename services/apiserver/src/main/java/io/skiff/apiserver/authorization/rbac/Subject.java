package io.skiff.apiserver.authorization.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.authentication.UserInfo;

/** A binding's subject: a User, a Group or a ServiceAccount. */
public record Subject(String kind, String name, String namespace) {

    public static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public static Subject from(JsonNode subject) {
        return new Subject(
                subject.path("kind").asText(""),
                subject.path("name").asText(""),
                subject.path("namespace").asText(""));
    }

    /**
     * rbac's appliesToUser: a ServiceAccount is the user {@code system:serviceaccount:ns:name}, its
     * namespace defaulting to the binding's ({@code bindingNamespace}, "" for a ClusterRoleBinding).
     */
    public boolean appliesTo(UserInfo user, String bindingNamespace) {
        return switch (kind) {
            case "User" -> user.name().equals(name);
            case "Group" -> user.groups().contains(name);
            case "ServiceAccount" -> {
                String saNamespace = namespace.isEmpty() ? bindingNamespace : namespace;
                yield !saNamespace.isEmpty() && user.name().equals(serviceAccountUser(saNamespace, name));
            }
            default -> false;
        };
    }

    public static String serviceAccountUser(String namespace, String name) {
        return SERVICE_ACCOUNT_PREFIX + namespace + ":" + name;
    }
}
