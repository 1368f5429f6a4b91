package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.skiff.component.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat (the node lease controller of component-helpers): the Lease named after the
 * node in kube-node-lease, held by the node, renewed with a new renewTime. The last Lease written is
 * updated directly; when that fails (a conflict, the Lease was deleted) it is read again or created.
 * The Lease is owned by the Node, so it goes when the Node does.
 */
public final class NodeLease {

    public static final String NAMESPACE = "kube-node-lease";

    private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

    private final NodeApi api;
    private final String nodeName;
    private final int durationSeconds;
    private final Clock clock;
    private final Supplier<Optional<String>> nodeUid;
    private Lease latest;

    /**
     * @param nodeUid the registered Node's UID, once known
     */
    NodeLease(NodeApi api, String nodeName, Duration duration, Clock clock, Supplier<Optional<String>> nodeUid) {
        this.api = api;
        this.nodeName = nodeName;
        this.durationSeconds = (int) duration.toSeconds();
        this.clock = clock;
        this.nodeUid = nodeUid;
    }

    /**
     * The heartbeat of {@code nodeName} through the API server (also for the hollow runtime's
     * simulated nodes).
     *
     * @param timeout how long each API call may take
     * @param nodeUid the registered Node's UID, once known
     */
    public static NodeLease through(
            KubeClient client,
            Duration timeout,
            String nodeName,
            Duration duration,
            Clock clock,
            Supplier<Optional<String>> nodeUid) {
        return new NodeLease(new ClientNodeApi(client, timeout), nodeName, duration, clock, nodeUid);
    }

    /** Renews the Lease once; throws when it could not. */
    public synchronized Lease renew() {
        if (latest != null) {
            try {
                latest = api.updateLease(next(latest));
                return latest;
            } catch (RuntimeException e) {
                log.debug(
                        "Failed to update the node lease from the last one written, reading it again: {}",
                        e.toString());
                latest = null;
            }
        }
        Optional<Lease> existing = api.getLease(NAMESPACE, nodeName);
        latest = existing.isEmpty() ? api.createLease(next(null)) : api.updateLease(next(existing.get()));
        return latest;
    }

    private Lease next(Lease base) {
        Lease lease;
        if (base == null) {
            lease = new Lease();
            ObjectMeta metadata = new ObjectMeta();
            metadata.setName(nodeName);
            metadata.setNamespace(NAMESPACE);
            lease.setMetadata(metadata);
            LeaseSpec spec = new LeaseSpec();
            spec.setHolderIdentity(nodeName);
            spec.setLeaseDurationSeconds(durationSeconds);
            lease.setSpec(spec);
        } else {
            lease = new LeaseBuilder(base).build();
            if (lease.getSpec() == null) {
                lease.setSpec(new LeaseSpec());
            }
        }
        lease.getSpec().setHolderIdentity(nodeName);
        lease.getSpec().setLeaseDurationSeconds(durationSeconds);
        lease.getSpec()
                .setRenewTime(ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        nodeUid.get().ifPresent(uid -> {
            List<OwnerReference> owners = lease.getMetadata().getOwnerReferences();
            boolean owned = owners != null
                    && owners.stream().anyMatch(o -> "Node".equals(o.getKind()) && uid.equals(o.getUid()));
            if (!owned) {
                OwnerReference owner = new OwnerReference();
                owner.setApiVersion("v1");
                owner.setKind("Node");
                owner.setName(nodeName);
                owner.setUid(uid);
                lease.getMetadata().setOwnerReferences(List.of(owner));
            }
        });
        return lease;
    }
}
