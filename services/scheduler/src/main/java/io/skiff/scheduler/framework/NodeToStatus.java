package io.skiff.scheduler.framework;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Why each node was rejected in one cycle: an explicit status per filtered node, and one status for
 * the nodes never filtered because PreFilter narrowed them away or rejected the pod (by default
 * UnschedulableAndUnresolvable), as Kubernetes' NodeToStatus. Thread-safe for writes from the
 * filter workers.
 */
public final class NodeToStatus {

    private final Map<String, Status> statuses;
    private volatile Status absentNodesStatus;

    public NodeToStatus() {
        this.statuses = Collections.synchronizedMap(new HashMap<>());
        this.absentNodesStatus = Status.unschedulableAndUnresolvable();
    }

    /** The status of the node: its own if it was filtered, otherwise the absent-nodes status. */
    public Status get(String nodeName) {
        Status status = statuses.get(nodeName);
        return status != null ? status : absentNodesStatus;
    }

    public void set(String nodeName, Status status) {
        statuses.put(nodeName, status);
    }

    public Status absentNodesStatus() {
        return absentNodesStatus;
    }

    public void setAbsentNodesStatus(Status status) {
        this.absentNodesStatus = status;
    }

    /** The number of nodes with an explicit status. */
    public int size() {
        return statuses.size();
    }

    public void forEachExplicitNode(BiConsumer<String, Status> action) {
        synchronized (statuses) {
            statuses.forEach(action);
        }
    }

    /**
     * The nodes of the snapshot whose status has the given code, absent nodes included when the
     * absent-nodes status has it: preemption looks for Unschedulable nodes this way.
     */
    public List<NodeInfo> nodesWithCode(Snapshot snapshot, Status.Code code) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (NodeInfo info : snapshot.nodeInfos()) {
            if (get(info.nodeName()).code() == code) {
                nodes.add(info);
            }
        }
        return nodes;
    }
}
