package io.skiff.controllermanager.resourcequota;

import java.util.OptionalLong;

/**
 * Counts the objects of kinds no informer here watches, for {@code count/<resource>.<group>}
 * quotas on them (custom resources included), by listing them from the API server.
 */
@FunctionalInterface
interface ObjectCounter {

    /**
     * How many objects of {@code groupResource} the namespace holds; empty when no quotable kind
     * (namespaced, listable, creatable, deletable and watchable) has that name.
     */
    OptionalLong count(String groupResource, String namespace);
}
