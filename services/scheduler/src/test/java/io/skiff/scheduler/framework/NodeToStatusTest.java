package io.skiff.scheduler.framework;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeToStatusTest {

    private final Snapshot snapshot = Snapshot.of(
            List.of(), List.of(node("a").build(), node("b").build(), node("c").build()));

    @Test
    void nodesWithoutTheirOwnStatusShareTheAbsentNodesStatus() {
        NodeToStatus statuses = new NodeToStatus();
        statuses.set("a", Status.unschedulable("Insufficient cpu"));

        assertThat(statuses.get("a")).isEqualTo(Status.unschedulable("Insufficient cpu"));
        assertThat(statuses.get("b").code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(statuses.size()).isEqualTo(1);
    }

    @Test
    void nodesWithCodeIncludeAbsentNodesWhenTheirStatusHasIt() {
        NodeToStatus statuses = new NodeToStatus();
        statuses.set("a", Status.unschedulableAndUnresolvable("node(s) didn't match Pod's node affinity/selector"));
        statuses.setAbsentNodesStatus(Status.unschedulable("Insufficient cpu"));

        assertThat(statuses.nodesWithCode(snapshot, Status.Code.UNSCHEDULABLE))
                .extracting(NodeInfo::nodeName)
                .containsExactly("b", "c");
    }
}
