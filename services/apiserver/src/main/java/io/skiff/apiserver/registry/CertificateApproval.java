package io.skiff.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.FieldOwner;
import io.skiff.apiserver.certificates.CertificateSigningRequests;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import reactor.core.publisher.Mono;

/**
 * certificatesigningrequests/approval: the whole object comes in, only its conditions count
 * (csrApprovalStrategy), which is where Approved and Denied may be added, as {@code kubectl
 * certificate approve|deny} does with a PUT.
 */
public final class CertificateApproval {

    public static final String SUBRESOURCE = "approval";

    private final ObjectRegistry registry;

    public CertificateApproval(ObjectRegistry registry) {
        this.registry = registry;
    }

    /** Patches the object and keeps only the patched conditions (PATCH). */
    public Mono<byte[]> patch(
            ResourceType type, String name, String contentType, JsonNode patch, FieldOwner owner, boolean dryRun) {
        if (!CertificateSigningRequests.isCertificateSigningRequest(type)) {
            return Mono.error(Statuses.notFound(type.group(), type.plural(), name));
        }
        return registry.guaranteedUpdate(type, null, name, null, dryRun, current -> {
            ObjectNode patched = Patches.apply(type, contentType, patch, current.object());
            ObjectNode updated = CertificateSigningRequests.withConditionsOf(current.object(), patched);
            return registry.prepareUpdate(type, updated, current, SUBRESOURCE, owner, dryRun);
        });
    }

    /** Replaces the conditions (PUT), honouring the body's resourceVersion as a precondition. */
    public Mono<byte[]> update(ResourceType type, String name, ObjectNode requested, FieldOwner owner, boolean dryRun) {
        if (!CertificateSigningRequests.isCertificateSigningRequest(type)) {
            return Mono.error(Statuses.notFound(type.group(), type.plural(), name));
        }
        String bodyName = requested.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            return Mono.error(Statuses.badRequest(
                    "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")"));
        }
        String rv = requested.path("metadata").path("resourceVersion").asText("");
        Long precondition;
        try {
            precondition = rv.isEmpty() ? null : Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return Mono.error(Statuses.badRequest("invalid resourceVersion: " + rv));
        }
        return registry.guaranteedUpdate(type, null, name, precondition, dryRun, current -> {
            ObjectNode updated = CertificateSigningRequests.withConditionsOf(current.object(), requested);
            return registry.prepareUpdate(type, updated, current, SUBRESOURCE, owner, dryRun);
        });
    }
}
