package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rbac.authorization.k8s.io group: role bindings and cluster role bindings. Roles and cluster
 * roles have no printer in Kubernetes and get the default NAME / CREATED AT table.
 */
final class RbacPrinters {

    static final KindPrinter ROLE_BINDING = bindingPrinter(FieldDocs.ROLE_BINDING_ROLE_REF, "roleBinding");
    static final KindPrinter CLUSTER_ROLE_BINDING =
            bindingPrinter(FieldDocs.CLUSTER_ROLE_BINDING_ROLE_REF, "clusterRoleBinding");

    private RbacPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("rbac.authorization.k8s.io", "RoleBinding", ROLE_BINDING)
                .add("rbac.authorization.k8s.io", "ClusterRoleBinding", CLUSTER_ROLE_BINDING);
    }

    private static KindPrinter bindingPrinter(String roleRefDescription, String describedAs) {
        return KindPrinter.of(
                List.of(
                        Column.objectName(),
                        Column.string("Role", roleRefDescription),
                        Column.age(),
                        Column.string("Users", "Users in the " + describedAs).wide(),
                        Column.string("Groups", "Groups in the " + describedAs).wide(),
                        Column.string("ServiceAccounts", "ServiceAccounts in the " + describedAs)
                                .wide()),
                RbacPrinters::binding);
    }

    private static List<Object> binding(JsonNode binding, PrintContext context) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode subject : Fields.list(binding, "subjects")) {
            String name = Fields.text(subject, "name");
            switch (Fields.text(subject, "kind")) {
                case "ServiceAccount" -> serviceAccounts.add(Fields.text(subject, "namespace") + "/" + name);
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                default -> {
                    // Other subject kinds have no column.
                }
            }
        }
        return List.of(
                Fields.name(binding),
                Fields.text(binding, "roleRef", "kind") + "/" + Fields.text(binding, "roleRef", "name"),
                context.age(binding),
                String.join(", ", users),
                String.join(", ", groups),
                String.join(", ", serviceAccounts));
    }
}
