package io.skiff.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.HostPortInfo;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.StateData;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;

/** Keeps a pod off nodes where one of the host ports it asks for is already taken. */
public final class NodePorts implements PreFilter, Filter, EnqueueExtensions {

    /** Kubernetes' reason for a host port conflict. */
    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

    private static final StateKey<WantedPorts> PRE_FILTER_KEY =
            StateKey.of("PreFilter" + Plugins.NODE_PORTS, WantedPorts.class);

    /** The host ports the pod asks for. */
    private record WantedPorts(List<ContainerPort> ports) implements StateData {
        @Override
        public StateData copy() {
            // other pods never change what this pod wants
            return this;
        }
    }

    @Override
    public String name() {
        return Plugins.NODE_PORTS;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<ContainerPort> wanted = hostPorts(pod);
        if (wanted.isEmpty()) {
            return PreFilterResult.skip();
        }
        state.write(PRE_FILTER_KEY, new WantedPorts(wanted));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<ContainerPort> wanted =
                state.read(PRE_FILTER_KEY).map(WantedPorts::ports).orElseGet(() -> hostPorts(pod));
        return fits(wanted, nodeInfo.usedPorts()) ? Status.success() : Status.unschedulable(ERR_REASON);
    }

    /** A new node, or the deletion of a pod holding a port this pod wants, may help. */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                ClusterEventWithHint.always(ClusterEvent.of(EventResource.NODE, ActionType.ADD)),
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.ASSIGNED_POD, ActionType.DELETE), NodePorts::afterPodDeleted));
    }

    private static QueueingHint afterPodDeleted(Pod pod, Object oldObject, Object newObject) {
        if (!(oldObject instanceof Pod)) {
            return QueueingHint.SKIP;
        }
        Pod deleted = (Pod) oldObject;
        if (deleted.getSpec().getNodeName() == null
                || deleted.getSpec().getNodeName().isEmpty()) {
            return QueueingHint.SKIP;
        }
        HostPortInfo released = new HostPortInfo();
        for (ContainerPort port : hostPorts(deleted)) {
            released.add(port.getHostIP(), port.getProtocol(), port.getHostPort());
        }
        return fits(hostPorts(pod), released) ? QueueingHint.SKIP : QueueingHint.QUEUE;
    }

    private static boolean fits(List<ContainerPort> wanted, HostPortInfo used) {
        for (ContainerPort port : wanted) {
            if (used.conflicts(port.getHostIP(), port.getProtocol(), port.getHostPort())) {
                return false;
            }
        }
        return true;
    }

    /** The app containers' ports that bind a host port. */
    static List<ContainerPort> hostPorts(Pod pod) {
        List<ContainerPort> ports = new ArrayList<>();
        if (pod.getSpec().getContainers() == null) {
            return ports;
        }
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(port);
                }
            }
        }
        return ports;
    }
}
