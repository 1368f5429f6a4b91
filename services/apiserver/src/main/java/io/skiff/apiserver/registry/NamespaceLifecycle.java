package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.List;

/**
 * Namespaces as Kubernetes runs them: deleting one marks it Terminating, it accepts no new content
 * from then on, and it goes away once its spec.finalizers (emptied by the namespace controller
 * after it removed the content) and metadata.finalizers are empty.
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

    /** 403, as Kubernetes' NamespaceLifecycle admission answers a create in a terminating namespace. */
    static ApiException terminating(ResourceType type, String name, String namespace) {
        StatusCause cause = new StatusCause();
        cause.setReason("NamespaceTerminating");
        cause.setField("metadata.namespace");
        cause.setMessage("namespace " + namespace + " is being terminated");
        StatusDetails details = new StatusDetails();
        details.setName(name);
        details.setGroup(type.group());
        details.setKind(type.plural());
        details.setCauses(List.of(cause));
        String resource = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        return Statuses.failure(
                403,
                "Forbidden",
                resource + " \"" + name + "\" is forbidden: unable to create new content in namespace " + namespace
                        + " because it is being terminated",
                details);
    }
}
