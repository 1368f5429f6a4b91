package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.DiscoveryClient;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link NamespaceApi} through the API server. */
final class ClientNamespaceApi implements NamespaceApi {

    private final KubeClient client;
    private final Duration timeout;

    ClientNamespaceApi(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Optional<Namespace> get(String name) {
        return client.namespaces().find(null, name).blockOptional(timeout);
    }

    @Override
    public Namespace updateStatus(Namespace namespace) {
        return client.namespaces().updateStatus(namespace).block(timeout);
    }

    @Override
    public Namespace finalize(Namespace namespace) {
        return client.namespaces().updateSubresource(namespace, "finalize").block(timeout);
    }

    @Override
    public DiscoveryClient.PreferredResources discover() {
        return client.discovery().preferredResources().block(timeout);
    }

    @Override
    public void deleteCollection(ResourceType type, String namespace) {
        client.resources(type)
                .deleteCollection(namespace, ListOptions.all(), background())
                .block(timeout);
    }

    @Override
    public List<ObjectMeta> list(ResourceType type, String namespace) {
        return client.resources(type).listAll(namespace, ListOptions.all()).block(timeout).items().stream()
                .map(GenericKubernetesResource::getMetadata)
                .toList();
    }

    @Override
    public void delete(ResourceType type, String namespace, String name) {
        client.resources(type).delete(namespace, name, background()).block(timeout);
    }

    @Override
    public List<Pod> pods(String namespace) {
        return client.pods()
                .listAll(namespace, ListOptions.all())
                .block(timeout)
                .items();
    }

    /** The namespace controller deletes everything itself; dependents need no orphaning. */
    private static DeleteOptions background() {
        return new DeleteOptionsBuilder().withPropagationPolicy("Background").build();
    }
}
