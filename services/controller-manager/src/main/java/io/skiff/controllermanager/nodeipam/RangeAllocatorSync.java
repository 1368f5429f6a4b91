package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.model.net.Ipv4Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one node by the range allocator (nodeipam's range_allocator.go): a node that holds a
 * podCIDR has it marked used; a node without one gets the next free subnet, patched into
 * spec.podCIDR and spec.podCIDRs; a node that is gone gives its subnet back. Keys are node names.
 */
final class RangeAllocatorSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(RangeAllocatorSync.class);

    /** range_allocator.go's cidrUpdateRetries. */
    static final int PATCH_ATTEMPTS = 3;

    static final String CIDR_NOT_AVAILABLE = "CIDRNotAvailable";
    static final String CIDR_ASSIGNMENT_FAILED = "CIDRAssignmentFailed";

    private final Lister<Node> nodes;
    private final NodeCidrs cidrs;
    private final NodeCidrWrites writes;
    private final EventRecorder events;
    private final Duration timeout;

    RangeAllocatorSync(
            Lister<Node> nodes, NodeCidrs cidrs, NodeCidrWrites writes, EventRecorder events, Duration timeout) {
        this.nodes = nodes;
        this.cidrs = cidrs;
        this.writes = writes;
        this.events = events;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<Node> cached = nodes.get(name);
        if (cached.isEmpty()) {
            cidrs.release(name);
            return Result.done();
        }
        Node node = cached.get();
        List<String> held = NodePodCidrs.of(node);
        if (!held.isEmpty()) {
            cidrs.occupy(name, held.get(0));
            return Result.done();
        }
        Optional<Ipv4Cidr> allocated = cidrs.allocate(name);
        if (allocated.isEmpty()) {
            recordStatusChange(node, CIDR_NOT_AVAILABLE);
            throw new IllegalStateException("no node subnet of the cluster CIDR " + cidrs.cluster()
                    + " is free for node " + name + "; retrying with back-off");
        }
        List<String> podCidrs = List.of(allocated.get().toString());
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= PATCH_ATTEMPTS; attempt++) {
            try {
                writes.patchPodCidrs(name, podCidrs).block(timeout);
                log.info("node-ipam: node {} gets podCIDR {}", name, podCidrs.get(0));
                return Result.done();
            } catch (RuntimeException e) {
                if (ApiErrors.isNotFound(e)) {
                    // Deleted since the cache saw it: its delete notification follows.
                    cidrs.release(name);
                    return Result.done();
                }
                failure = e;
                log.warn(
                        "node-ipam: setting podCIDR {} on node {} failed (attempt {} of {}): {}",
                        podCidrs.get(0),
                        name,
                        attempt,
                        PATCH_ATTEMPTS,
                        e.getMessage());
            }
        }
        recordStatusChange(node, CIDR_ASSIGNMENT_FAILED);
        cidrs.release(name);
        throw failure;
    }

    /** nodeutil.RecordNodeStatusChange: a Normal event on the node naming its new status. */
    private void recordStatusChange(Node node, String status) {
        events.event(
                node,
                EventType.NORMAL,
                status,
                "Node %s status is now: %s",
                node.getMetadata().getName(),
                status);
    }
}
