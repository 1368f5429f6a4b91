package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Instant;
import java.time.ZoneOffset;

/** Nodes with a Ready condition and node Leases for the lifecycle fixtures. */
final class NodeFixtures {

    private NodeFixtures() {}

    static Node node(String name, String ready, Instant heartbeat, String... noExecuteTaints) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withResourceVersion("1")
                .withCreationTimestamp(PodMaker.NOW.minusSeconds(3600).toString())
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready)
                .withReason("KubeletReady")
                .withLastHeartbeatTime(heartbeat.toString())
                .withLastTransitionTime(heartbeat.toString())
                .endCondition()
                .addNewCondition()
                .withType("MemoryPressure")
                .withStatus("False")
                .withLastHeartbeatTime(heartbeat.toString())
                .endCondition()
                .endStatus();
        for (String key : noExecuteTaints) {
            node.editSpec()
                    .addNewTaint()
                    .withKey(key)
                    .withEffect("NoExecute")
                    .endTaint()
                    .endSpec();
        }
        return node.build();
    }

    static Lease lease(String node, Instant renewed) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withNamespace("kube-node-lease")
                .withName(node)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(node)
                .withRenewTime(renewed.atZone(ZoneOffset.UTC))
                .endSpec()
                .build();
    }
}
