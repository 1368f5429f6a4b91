package io.skiff.apiserver.rest;

import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** deletecollection: deletes every matching object, one by one, and answers with what it deleted. */
final class CollectionDeletion {

    private final ObjectRegistry registry;
    private final ReadConsistency consistency;

    CollectionDeletion(ObjectRegistry registry, ReadConsistency consistency) {
        this.registry = registry;
        this.consistency = consistency;
    }

    Mono<byte[]> delete(ResourceType type, String namespace, ListOptions list, DeleteOptions options) {
        WatchFilter filter = new WatchFilter(namespace, null, list.labelSelector(), list.fieldSelector());
        return consistency
                .consistent()
                .flatMapMany(rv -> Flux.fromIterable(
                        consistency.list(type, filter, -1, list).items()))
                .concatMap(object -> deleteOne(type, object, options))
                .collectList()
                .zipWith(consistency.consistent())
                .map(t -> ListBodies.listOf(type, t.getT2(), t.getT1()));
    }

    private Mono<byte[]> deleteOne(ResourceType type, CachedObject object, DeleteOptions options) {
        return registry.delete(type, object.key().namespace(), object.key().name(), options)
                .map(outcome -> outcome.object())
                // Already gone: someone else deleted it meanwhile, which is what was asked.
                .onErrorResume(ApiException.class, e -> e.code() == 404 ? Mono.empty() : Mono.error(e));
    }
}
