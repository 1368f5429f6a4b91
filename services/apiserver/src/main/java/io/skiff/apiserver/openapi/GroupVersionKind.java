package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;

/** A kind as the {@code x-kubernetes-group-version-kind} extension names it; "" is the core group. */
record GroupVersionKind(String group, String version, String kind) {

    /** Kubernetes lists a schema's kinds sorted by group, then version. */
    static final Comparator<GroupVersionKind> ORDER = Comparator.comparing(GroupVersionKind::group)
            .thenComparing(GroupVersionKind::version)
            .thenComparing(GroupVersionKind::kind);

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("group", group);
        node.put("kind", kind);
        node.put("version", version);
        return node;
    }
}
