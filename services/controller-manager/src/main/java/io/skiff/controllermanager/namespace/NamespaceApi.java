package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.DiscoveryClient;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * What deleting a namespace's content needs from the API server, apart from the deleter so that
 * tests run it on fixtures. Calls block; failures are the client's ApiExceptions.
 */
interface NamespaceApi {

    /** The namespace as the API server has it now (not a cache: others edit it while it terminates). */
    Optional<Namespace> get(String name);

    Namespace updateStatus(Namespace namespace);

    /** PUT namespaces/{name}/finalize. */
    Namespace finalize(Namespace namespace);

    /** The served resources, each in its group's preferred version. */
    DiscoveryClient.PreferredResources discover();

    /** DELETE on the collection, with background propagation. */
    void deleteCollection(ResourceType type, String namespace);

    /** The metadata of every object of the type in the namespace. */
    List<ObjectMeta> list(ResourceType type, String namespace);

    /** Deletes one object, with background propagation. */
    void delete(ResourceType type, String namespace, String name);

    List<Pod> pods(String namespace);
}
