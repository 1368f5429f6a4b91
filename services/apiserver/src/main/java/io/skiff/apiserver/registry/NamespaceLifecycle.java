package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;

/**
 * Namespaces as Kubernetes runs them: deleting one marks it Terminating (from then on the
 * NamespaceLifecycle admission plugin lets no new content in), and it goes away once its
 * spec.finalizers (emptied by the namespace controller after it removed the content) and
 * metadata.finalizers are empty.
 */
final class NamespaceLifecycle {

    static final ResourceType NAMESPACES =
            ResourceCatalog.builtin().byPlural("", "v1", "namespaces").orElseThrow();

    private NamespaceLifecycle() {}

    static boolean isNamespace(ResourceType type) {
        return type.group().isEmpty() && type.plural().equals("namespaces");
    }

    static boolean isTerminating(ObjectNode namespace) {
        return "Terminating".equals(namespace.path("status").path("phase").asText()) || Meta.isDeleting(namespace);
    }

    /** Whether spec.finalizers is empty, so only metadata.finalizers can still hold it. */
    static boolean finalized(ObjectNode namespace) {
        JsonNode finalizers = namespace.path("spec").path("finalizers");
        return !finalizers.isArray() || finalizers.isEmpty();
    }

    static void markTerminating(ObjectNode namespace, String now) {
        Meta.metadata(namespace).put("deletionTimestamp", now);
        Meta.metadata(namespace).put("deletionGracePeriodSeconds", 0);
        JsonNode status = namespace.get("status");
        ObjectNode statusNode = status instanceof ObjectNode node ? node : namespace.putObject("status");
        statusNode.put("phase", "Terminating");
    }
}
