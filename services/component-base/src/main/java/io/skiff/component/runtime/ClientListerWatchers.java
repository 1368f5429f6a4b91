package io.skiff.component.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.informer.ListerWatcherFactory;

/** Informers' data source: lists and SSE watches through the API client, with fixed selectors. */
public final class ClientListerWatchers implements ListerWatcherFactory {

    private final KubeClient client;

    public ClientListerWatchers(KubeClient client) {
        this.client = client;
    }

    @Override
    public <T extends HasMetadata> ListerWatcher<T> create(Class<T> type, String namespace, ListOptions selectors) {
        String scope = namespace == null || namespace.isEmpty() ? null : namespace;
        return client.resources(type).listerWatcher(scope, selectors.labelSelector(), selectors.fieldSelector());
    }
}
