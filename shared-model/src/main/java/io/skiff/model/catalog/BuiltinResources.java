package io.skiff.model.catalog;

import java.util.List;

/** The built-in Kubernetes resource types Skiff serves. */
final class BuiltinResources {

    private BuiltinResources() {}

    static List<ResourceType> all() {
        return List.of();
    }
}
