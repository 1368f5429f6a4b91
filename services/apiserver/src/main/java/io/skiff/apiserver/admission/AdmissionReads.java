package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * How plugins read other objects: from the API server's own watch cache, as Kubernetes' plugins
 * read from informers. Each call returns fresh trees the caller may modify.
 */
public interface AdmissionReads {

    /** One object from the watch cache. */
    Optional<ObjectNode> get(ResourceType type, String namespace, String name);

    /** All objects of a type in one namespace ({@code null}: all namespaces, or cluster-scoped). */
    List<ObjectNode> list(ResourceType type, String namespace);

    /**
     * One object read from the database, as a plugin's live lookup through the API: for when the
     * cache may not have seen a recent change yet. Blocks; see {@link AdmissionPlugin#readsStorage}.
     */
    Optional<ObjectNode> getLive(ResourceType type, String namespace, String name);
}
