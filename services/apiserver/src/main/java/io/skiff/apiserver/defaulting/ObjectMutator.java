package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One in-place change to a whole Kubernetes object. */
@FunctionalInterface
interface ObjectMutator {

    void mutate(ObjectNode obj);

    default ObjectMutator andThen(ObjectMutator next) {
        return obj -> {
            mutate(obj);
            next.mutate(obj);
        };
    }
}
