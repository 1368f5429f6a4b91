package io.skiff.apiserver.defaulting;

import io.skiff.model.catalog.ResourceType;
import java.util.HashMap;
import java.util.Map;

/** Mutators by API version and kind; several registered for one kind run in registration order. */
final class KindTable {

    private final Map<String, ObjectMutator> mutators = new HashMap<>();

    KindTable add(String apiVersion, String kind, ObjectMutator mutator) {
        mutators.merge(key(apiVersion, kind), mutator, ObjectMutator::andThen);
        return this;
    }

    /** The mutator for the type, or null when the kind has none. */
    ObjectMutator find(ResourceType type) {
        return mutators.get(key(type.apiVersion(), type.kind()));
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
