package io.skiff.apiserver.registry;

/**
 * What a delete request asked for (meta/v1 DeleteOptions, from the body or the query).
 *
 * @param gracePeriodSeconds null for the object's default
 * @param propagationPolicy Orphan, Background, Foreground, or null for the resource's default
 * @param preconditionUid delete only if the object still has this uid
 * @param preconditionResourceVersion delete only if the object is still at this resourceVersion
 */
public record DeleteOptions(
        Long gracePeriodSeconds,
        String propagationPolicy,
        String preconditionUid,
        String preconditionResourceVersion,
        boolean dryRun) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null, false);
    }
}
