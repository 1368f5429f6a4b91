package io.skiff.component.controller;

/**
 * A controller's logic for one key, as in java-operator-sdk and client-go's sync handlers: read the
 * desired and the actual state (from informer caches), act through the API, and say whether to
 * come back. It must be idempotent, treat a key whose object is gone as deleted, and copy cached
 * objects before changing them. It is never called for the same key on two threads at once.
 */
@FunctionalInterface
public interface Reconciler<K> {

    /**
     * Brings the object of {@code key} to its desired state.
     *
     * @return {@link Result#done()} normally; an exception retries the key with backoff
     */
    Result sync(K key) throws Exception;
}
