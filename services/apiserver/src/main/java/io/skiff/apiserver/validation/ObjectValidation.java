package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.model.catalog.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates objects on create and update as Kubernetes' API server does before storing them. Objects are
 * whole Kubernetes objects as Jackson 2 trees, after the API server has set metadata (name, namespace, uid,
 * creationTimestamp, ...). Each method returns the field errors found, empty when the object is valid; the
 * caller answers a non-empty list with a 422 Invalid status ({@code Statuses.invalid}).
 *
 * <p>Fields Kubernetes fills with defaults before validating (restart policies, protocols, strategies, ...)
 * are accepted when absent, so objects validate the same whether or not defaulting ran first.
 */
public final class ObjectValidation {

    private static final ObjectValidation BUILTIN = new ObjectValidation(BuiltinKinds.all());
    private static final Registration CUSTOM =
            new Registration(NameFormat.DNS_SUBDOMAIN, KindValidator.METADATA_ONLY, false);

    /** Registrations by API group, then kind: looked up on every write, without building a key. */
    private final Map<String, Map<String, Registration>> byGroupAndKind;

    ObjectValidation(Map<String, Map<String, Registration>> byGroupAndKind) {
        Map<String, Map<String, Registration>> copy = new HashMap<>();
        byGroupAndKind.forEach((group, kinds) -> copy.put(group, Map.copyOf(kinds)));
        this.byGroupAndKind = Map.copyOf(copy);
    }

    /** Validation with the rules of every built-in kind; other kinds get the generic metadata rules. */
    public static ObjectValidation builtin() {
        return BUILTIN;
    }

    /** The field errors of a new object. */
    public List<StatusCause> validateCreate(ResourceType type, ObjectNode object) {
        Registration registration = registration(type);
        Causes causes = new Causes();
        ObjectMetaRules.validateCreate(
                metadata(object), type.namespaced(), registration.nameFormat(), registration.builtin(), causes);
        registration.validator().validate(object, null, causes);
        return causes.toList();
    }

    /** The field errors of an update: the new object's, and changes to what may not change. */
    public List<StatusCause> validateUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        Registration registration = registration(type);
        Causes causes = new Causes();
        ObjectMetaRules.validateUpdate(metadata(object), metadata(old), registration.builtin(), causes);
        registration.validator().validate(object, old, causes);
        return causes.toList();
    }

    /** The field errors of a write to the status subresource: metadata rules and the kind's status rules. */
    public List<StatusCause> validateStatusUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
        Registration registration = registration(type);
        Causes causes = new Causes();
        ObjectMetaRules.validateUpdate(metadata(object), metadata(old), registration.builtin(), causes);
        registration.validator().validateStatus(object, old, causes);
        return causes.toList();
    }

    /**
     * The field errors of a write through {@code subresource}, one that takes the whole object but
     * may change only part of it (certificatesigningrequests/approval).
     */
    public List<StatusCause> validateSubresourceUpdate(
            ResourceType type, String subresource, ObjectNode object, ObjectNode old) {
        Registration registration = registration(type);
        Causes causes = new Causes();
        ObjectMetaRules.validateUpdate(metadata(object), metadata(old), registration.builtin(), causes);
        registration.validator().validateSubresource(subresource, object, old, causes);
        return causes.toList();
    }

    private Registration registration(ResourceType type) {
        Map<String, Registration> kinds = byGroupAndKind.get(type.group());
        Registration registration = kinds == null ? null : kinds.get(type.kind());
        return registration == null ? CUSTOM : registration;
    }

    private static JsonNode metadata(ObjectNode object) {
        JsonNode metadata = Json.object(object, "metadata");
        return metadata == null ? Json.EMPTY : metadata;
    }

    /**
     * How one kind is validated. {@code builtin} kinds follow the built-in API groups' extra metadata rules
     * (unprefixed finalizers must be Kubernetes' own).
     */
    record Registration(NameFormat nameFormat, KindValidator validator, boolean builtin) {}
}
