package io.skiff.controllermanager.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.model.api.Statuses;
import io.skiff.model.net.Ipv4Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RangeAllocatorSyncTest {

    private final CacheIndexer<Node> nodes = new CacheIndexer<>();
    private final NodeCidrs cidrs = new NodeCidrs(Ipv4Cidr.parse("10.244.0.0/23"), 24);
    private final List<String> patches = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();
    private final RecordingEvents events = new RecordingEvents();
    private final NodeCidrWrites writes = (node, podCidrs) -> {
        if (!failures.isEmpty()) {
            return Mono.error(failures.remove(0));
        }
        patches.add(node + " " + podCidrs);
        return Mono.just(node(node, podCidrs.get(0)));
    };
    private final RangeAllocatorSync sync =
            new RangeAllocatorSync(new Lister<>(nodes), cidrs, writes, events, Duration.ofSeconds(5));

    private static Node node(String name, String podCidr) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withUid("uid-" + name)
                .endMetadata();
        if (podCidr != null) {
            node.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        return node.build();
    }

    @Test
    void nodesWithoutAPodCidrGetDistinctSubnets() throws Exception {
        nodes.put(node("a", null));
        nodes.put(node("b", null));

        sync.sync("a");
        sync.sync("b");

        assertThat(patches).containsExactly("a [10.244.0.0/24]", "b [10.244.1.0/24]");
        assertThat(events.events).isEmpty();
    }

    @Test
    void aResyncBeforeThePatchReachedTheCacheSendsTheSameSubnetAgain() throws Exception {
        nodes.put(node("a", null));
        sync.sync("a");
        sync.sync("a");

        assertThat(patches).containsExactly("a [10.244.0.0/24]", "a [10.244.0.0/24]");
        assertThat(cidrs.inUse()).isEqualTo(1);
    }

    @Test
    void subnetsNodesHoldAreNotHandedOutAgainAfterARebuild() throws Exception {
        nodes.put(node("old", "10.244.0.0/24"));
        nodes.put(node("new", null));
        cidrs.rebuild(nodes.list());

        sync.sync("new");

        assertThat(patches).containsExactly("new [10.244.1.0/24]");
    }

    @Test
    void aDeletedNodesSubnetIsReleasedAndReused() throws Exception {
        nodes.put(node("a", "10.244.0.0/24"));
        nodes.put(node("b", "10.244.1.0/24"));
        cidrs.rebuild(nodes.list());
        nodes.remove(node("a", "10.244.0.0/24"));
        nodes.put(node("c", null));

        sync.sync("a");
        sync.sync("c");

        assertThat(patches).containsExactly("c [10.244.0.0/24]");
    }

    @Test
    void anExhaustedClusterCidrRecordsCidrNotAvailableAndRetries() {
        nodes.put(node("a", "10.244.0.0/24"));
        nodes.put(node("b", "10.244.1.0/24"));
        nodes.put(node("c", null));
        cidrs.rebuild(nodes.list());

        assertThatThrownBy(() -> sync.sync("c")).hasMessageContaining("no node subnet");
        assertThat(events.events).containsExactly("NORMAL CIDRNotAvailable: Node c status is now: CIDRNotAvailable");
        assertThat(patches).isEmpty();
    }

    @Test
    void aPatchFailingEveryAttemptRecordsCidrAssignmentFailedAndReleasesTheSubnet() {
        nodes.put(node("a", null));
        for (int i = 0; i < RangeAllocatorSync.PATCH_ATTEMPTS; i++) {
            failures.add(Statuses.internalError("database unavailable"));
        }

        assertThatThrownBy(() -> sync.sync("a")).hasMessageContaining("database unavailable");
        assertThat(events.events)
                .containsExactly("NORMAL CIDRAssignmentFailed: Node a status is now: CIDRAssignmentFailed");
        assertThat(cidrs.inUse()).isZero();
    }

    @Test
    void aPatchThatFailsOnceIsRetried() throws Exception {
        nodes.put(node("a", null));
        failures.add(Statuses.conflict("", "nodes", "a", "the object has been modified"));

        sync.sync("a");

        assertThat(patches).containsExactly("a [10.244.0.0/24]");
        assertThat(events.events).isEmpty();
    }

    @Test
    void aNodeWithAPodCidrOutsideTheClusterIsLeftAlone() throws Exception {
        nodes.put(node("foreign", "192.168.0.0/24"));

        sync.sync("foreign");

        assertThat(patches).isEmpty();
        assertThat(cidrs.inUse()).isZero();
    }
}
