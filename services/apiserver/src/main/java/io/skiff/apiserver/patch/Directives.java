package io.skiff.apiserver.patch;

/**
 * The directive keys of a strategic merge patch (k8s.io/apimachinery strategicpatch), besides
 * ordinary fields.
 */
final class Directives {

    /** {@code $patch: replace | delete | merge}, on a map or on an element of a merging list. */
    static final String PATCH = "$patch";

    static final String REPLACE = "replace";
    static final String DELETE = "delete";
    static final String MERGE = "merge";

    /** The keys a map keeps; every other key of the live map is cleared. */
    static final String RETAIN_KEYS = "$retainKeys";

    /** Prefix of {@code $deleteFromPrimitiveList/<field>}: values to remove from a list of scalars. */
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    /** Prefix of {@code $setElementOrder/<field>}: the order the merged list must end up in. */
    static final String SET_ELEMENT_ORDER = "$setElementOrder";

    private Directives() {}

    /** Whether a map key is one of the directives rather than a field. */
    static boolean isDirective(String key) {
        return key.equals(PATCH)
                || key.equals(RETAIN_KEYS)
                || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
                || key.startsWith(SET_ELEMENT_ORDER);
    }

    /**
     * The field a parallel-list key is about: {@code containers} for {@code
     * $setElementOrder/containers}; null when the key has no {@code /} or another prefix before it.
     */
    static String fieldOf(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            return null;
        }
        return key.substring(slash + 1);
    }
}
