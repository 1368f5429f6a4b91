package io.skiff.apiserver.printing;

import java.util.Locale;

/**
 * What each Table row carries besides its cells: the {@code includeObject} query parameter of a
 * Table request (metav1.IncludeObjectPolicy). kubectl asks for {@code Object}; Kubernetes' default
 * is {@code Metadata}.
 */
public enum IncludeObject {
    /** No object: the row's {@code object} is null. */
    NONE,
    /** The object's metadata as a meta.k8s.io/v1 PartialObjectMetadata. */
    METADATA,
    /** The whole object. */
    OBJECT;

    /**
     * The policy a query parameter value names; null or empty means {@link #METADATA}, as in
     * Kubernetes.
     *
     * @throws IllegalArgumentException with Kubernetes' message for any other value, to be returned
     *     as a 400 Bad Request
     */
    public static IncludeObject fromQueryParameter(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        return switch (value) {
            case "None" -> NONE;
            case "Metadata" -> METADATA;
            case "Object" -> OBJECT;
            default ->
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "unrecognized includeObject value: \"%s\"", value));
        };
    }
}
