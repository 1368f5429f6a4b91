package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.util.Optional;

/**
 * How authenticators read the objects a credential refers to (bootstrap token Secrets,
 * ServiceAccounts, bound Pods), as kube-apiserver's read informers' listers: from this server's
 * watch cache, not a database round trip per request.
 */
public interface ObjectLookup {

    /** The object as the watch cache has it. */
    Optional<ObjectNode> cached(ResourceType type, String namespace, String name);

    /**
     * The object from the watch cache, else read from the database: Kubernetes' ServiceAccount
     * token getter falls back to a live read so a token for an object created a moment ago (not
     * yet in the cache) is not refused. Blocks on a miss.
     */
    Optional<ObjectNode> cachedOrLive(ResourceType type, String namespace, String name);

    /** The object read from the database, as a consistent get: for writes that must see the latest. Blocks. */
    Optional<ObjectNode> live(ResourceType type, String namespace, String name);
}
