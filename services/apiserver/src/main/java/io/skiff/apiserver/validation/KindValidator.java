package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules of one kind beyond the generic metadata rules. Implementations are stateless and shared by
 * all requests.
 */
interface KindValidator {

    /** Kinds with no rules of their own. */
    KindValidator METADATA_ONLY = (object, old, causes) -> {};

    /**
     * Validates the whole object on create ({@code old} is null) and on update, where it also checks what
     * may not change.
     */
    void validate(ObjectNode object, ObjectNode old, Causes causes);

    /** Validates a write to the status subresource. */
    default void validateStatus(ObjectNode object, ObjectNode old, Causes causes) {}

    /**
     * Validates a write through another subresource that takes the whole object (a
     * CertificateSigningRequest's approval).
     */
    default void validateSubresource(String subresource, ObjectNode object, ObjectNode old, Causes causes) {}
}
