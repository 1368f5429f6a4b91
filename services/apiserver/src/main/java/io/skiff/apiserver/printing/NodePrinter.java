package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME. STATUS is the Ready condition ("Ready", "NotReady", "Unknown" without one),
 * followed by "SchedulingDisabled" for a cordoned node.
 */
final class NodePrinter {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String LEGACY_ROLE_LABEL = "kubernetes.io/role";

    static final KindPrinter PRINTER = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Status", "The status of the node"),
                    Column.string("Roles", "The roles of the node"),
                    Column.age(),
                    Column.string("Version", FieldDocs.NODE_SYSTEM_INFO_KUBELET_VERSION),
                    Column.string("Internal-IP", FieldDocs.NODE_STATUS_ADDRESSES)
                            .wide(),
                    Column.string("External-IP", FieldDocs.NODE_STATUS_ADDRESSES)
                            .wide(),
                    Column.string("OS-Image", FieldDocs.NODE_SYSTEM_INFO_OS_IMAGE)
                            .wide(),
                    Column.string("Kernel-Version", FieldDocs.NODE_SYSTEM_INFO_KERNEL_VERSION)
                            .wide(),
                    Column.string("Container-Runtime", FieldDocs.NODE_SYSTEM_INFO_CONTAINER_RUNTIME_VERSION)
                            .wide()),
            NodePrinter::cells);

    private NodePrinter() {}

    private static List<Object> cells(JsonNode node, PrintContext context) {
        JsonNode info = Fields.at(node, "status", "nodeInfo");
        String roles = String.join(",", roles(Fields.stringMap(node, "metadata", "labels")));
        return List.of(
                Fields.name(node),
                status(node),
                Placeholders.orNone(roles),
                context.age(node),
                Fields.text(info, "kubeletVersion"),
                address(node, "InternalIP"),
                address(node, "ExternalIP"),
                Placeholders.orUnknown(Fields.text(info, "osImage")),
                Placeholders.orUnknown(Fields.text(info, "kernelVersion")),
                Placeholders.orUnknown(Fields.text(info, "containerRuntimeVersion")));
    }

    private static String status(JsonNode node) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        // Later conditions of a type replace earlier ones, as in Kubernetes' condition map.
        for (JsonNode condition : Fields.list(node, "status", "conditions")) {
            if (Fields.text(condition, "type").equals("Ready")) {
                ready = condition;
            }
        }
        if (ready == null) {
            status.add("Unknown");
        } else {
            status.add(Fields.text(ready, "status").equals("True") ? "Ready" : "NotReady");
        }
        if (Fields.bool(node, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    /** Roles from node-role.kubernetes.io/&lt;role&gt; label keys and the kubernetes.io/role value. */
    private static TreeSet<String> roles(Map<String, String> labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(ROLE_LABEL_PREFIX)) {
                String role = key.substring(ROLE_LABEL_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (key.equals(LEGACY_ROLE_LABEL) && !value.isEmpty()) {
                roles.add(value);
            }
        });
        return roles;
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode address : Fields.list(node, "status", "addresses")) {
            if (Fields.text(address, "type").equals(type)) {
                return Fields.text(address, "address");
            }
        }
        return Placeholders.NONE;
    }
}
