package io.skiff.component.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test double of the API server's Lease storage: whole objects keyed by namespace/name, a global
 * increasing resourceVersion, 404 NotFound, 409 AlreadyExists on a duplicate create and 409
 * Conflict on an update whose resourceVersion is stale, as the real registry answers.
 */
final class InMemoryLeaseServer {

    private static final String GROUP = "coordination.k8s.io";
    private static final String RESOURCE = "leases";

    /** A successful write: when (System.nanoTime) and who held the lease after it. */
    record Write(long nanos, String holder) {}

    private final Map<String, Lease> leases = new HashMap<>();
    private final List<Write> writes = new ArrayList<>();
    private long revision;

    synchronized Lease get(String namespace, String name) {
        Lease lease = leases.get(key(namespace, name));
        if (lease == null) {
            throw Statuses.notFound(GROUP, RESOURCE, name);
        }
        return copy(lease);
    }

    synchronized Lease create(Lease lease) {
        String namespace = lease.getMetadata().getNamespace();
        String name = lease.getMetadata().getName();
        if (leases.containsKey(key(namespace, name))) {
            throw Statuses.alreadyExists(GROUP, RESOURCE, name);
        }
        Lease stored = copy(lease);
        stored.getMetadata().setUid(UUID.randomUUID().toString());
        stored.getMetadata().setResourceVersion(Long.toString(++revision));
        leases.put(key(namespace, name), stored);
        logWrite(stored);
        return copy(stored);
    }

    synchronized Lease update(Lease lease) {
        String namespace = lease.getMetadata().getNamespace();
        String name = lease.getMetadata().getName();
        Lease current = leases.get(key(namespace, name));
        if (current == null) {
            throw Statuses.notFound(GROUP, RESOURCE, name);
        }
        String precondition = lease.getMetadata().getResourceVersion();
        if (precondition != null
                && !precondition.isEmpty()
                && !precondition.equals(current.getMetadata().getResourceVersion())) {
            throw Statuses.staleResourceVersion(GROUP, RESOURCE, name);
        }
        Lease stored = copy(lease);
        stored.getMetadata().setUid(current.getMetadata().getUid());
        stored.getMetadata().setResourceVersion(Long.toString(++revision));
        leases.put(key(namespace, name), stored);
        logWrite(stored);
        return copy(stored);
    }

    /** The stored lease, or null; for assertions. */
    synchronized Lease peek(String namespace, String name) {
        Lease lease = leases.get(key(namespace, name));
        return lease == null ? null : copy(lease);
    }

    /** Every successful create and update, in order. */
    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    private void logWrite(Lease stored) {
        String holder = stored.getSpec() == null ? "" : stored.getSpec().getHolderIdentity();
        writes.add(new Write(System.nanoTime(), holder == null ? "" : holder));
    }

    private static Lease copy(Lease lease) {
        return new LeaseBuilder(lease).build();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
