package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;

/**
 * Makes the {@link ListerWatcher} of one informer; the application implements it over its API
 * client, as client-go's NewFilteredListWatchFromClient does.
 */
public interface ListerWatcherFactory {

    /**
     * A lister-watcher for {@code type}.
     *
     * @param namespace the one namespace to list and watch, or "" for all namespaces (and for
     *     cluster-scoped types)
     * @param selectors the label and field selectors of {@code selectors} (its other fields are
     *     unused), which the returned lister-watcher must apply to every list and watch: the
     *     reflector sends none of its own
     */
    <T extends HasMetadata> ListerWatcher<T> create(Class<T> type, String namespace, ListOptions selectors);
}
