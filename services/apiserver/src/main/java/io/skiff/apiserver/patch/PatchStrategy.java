package io.skiff.apiserver.patch;

/** How a strategic merge patch combines a field's live value with the patch's, by its Go struct tag. */
public enum PatchStrategy {
    /** No {@code patchStrategy} tag: maps merge key by key, lists are replaced whole. */
    DEFAULT,
    /** {@code patchStrategy:"merge"}: lists merge, by merge key for lists of objects, as a set for scalars. */
    MERGE,
    /** {@code patchStrategy:"replace"}: the patch value replaces the live one, even for maps. */
    REPLACE
}
