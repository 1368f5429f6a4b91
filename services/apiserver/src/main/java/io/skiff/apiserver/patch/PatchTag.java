package io.skiff.apiserver.patch;

/**
 * A field's {@code patchStrategy} and {@code patchMergeKey} struct tags. {@code retainKeys} is kept
 * apart from the strategy because Kubernetes only uses it to generate {@code $retainKeys}; applying
 * a patch honours the directive wherever it appears.
 *
 * @param mergeKey the element key of a merging list of objects, or null
 */
record PatchTag(PatchStrategy strategy, boolean retainKeys, String mergeKey) {

    static final PatchTag NONE = new PatchTag(PatchStrategy.DEFAULT, false, null);
}
