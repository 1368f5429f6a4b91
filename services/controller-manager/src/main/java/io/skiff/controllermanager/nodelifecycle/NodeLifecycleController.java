package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.model.scheduling.Taints;
import io.skiff.model.selector.LabelSelector;
import java.util.List;
import java.util.Objects;

/**
 * The node lifecycle controller and its taint-based eviction, run only while this controller
 * manager leads: the health monitor every node monitor period, NoSchedule taints per node on every
 * node change, and the eviction of each pod on a node whose NoExecute taints change. Each start
 * forgets earlier observations, so every node gets a full grace period from a new leader.
 */
public final class NodeLifecycleController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its queues. */
    public static final String NAME = "node-lifecycle-controller";

    /** The event source of node lifecycle events, as kube-controller-manager names it. */
    static final String EVENT_SOURCE = "node-controller";

    /** The taint eviction controller's name and event source. */
    public static final String TAINT_EVICTION_NAME = "taint-eviction-controller";

    private final LeaderControllerLoop monitorLoop;
    private final LeaderControllerLoop noScheduleLoop;
    private final LeaderControllerLoop evictionLoop;

    NodeLifecycleController(
            SharedIndexInformer<Node> nodes,
            SharedIndexInformer<Lease> leases,
            SharedIndexInformer<Pod> pods,
            NodeHealthMonitor monitor,
            NoScheduleTaintSync noSchedule,
            TaintEvictionSync eviction,
            MeterRegistry registry,
            int workers) {
        this.monitorLoop = new LeaderControllerLoop(
                NAME,
                monitor,
                List.of(nodes, leases, pods),
                () -> List.of(NodeHealthMonitor.KEY),
                registry,
                1,
                monitor::reset);
        this.noScheduleLoop = new LeaderControllerLoop(
                NAME + "-noschedule-taints", noSchedule, List.of(nodes), () -> nodeNames(nodes), registry, workers);
        this.evictionLoop = new LeaderControllerLoop(
                TAINT_EVICTION_NAME,
                eviction,
                List.of(nodes, pods),
                () -> boundPodKeys(pods),
                registry,
                workers,
                eviction::reset);
        nodes.addEventHandler(ResourceEventHandler.enqueueingKeys(noScheduleLoop::enqueue));
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                podsOn(pods, node);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                if (!Objects.equals(noExecute(oldNode), noExecute(newNode))) {
                    podsOn(pods, newNode);
                }
            }
        });
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueBound(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!Objects.equals(
                                oldPod.getSpec().getNodeName(), newPod.getSpec().getNodeName())
                        || !Objects.equals(
                                oldPod.getSpec().getTolerations(),
                                newPod.getSpec().getTolerations())) {
                    enqueueBound(newPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                evictionLoop.enqueue(ObjectKeys.keyOf(pod));
            }
        });
    }

    private void enqueueBound(Pod pod) {
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            evictionLoop.enqueue(ObjectKeys.keyOf(pod));
        }
    }

    private void podsOn(SharedIndexInformer<Pod> pods, Node node) {
        for (Pod pod :
                pods.lister().byIndex(Indexers.POD_NODE_NAME, node.getMetadata().getName())) {
            evictionLoop.enqueue(ObjectKeys.keyOf(pod));
        }
    }

    private static List<Taint> noExecute(Node node) {
        return NodeTaints.withEffect(NodeConditions.taints(node), Taints.NO_EXECUTE);
    }

    private static List<String> nodeNames(SharedIndexInformer<Node> nodes) {
        return nodes.lister().list(LabelSelector.everything()).stream()
                .map(node -> node.getMetadata().getName())
                .toList();
    }

    private static List<String> boundPodKeys(SharedIndexInformer<Pod> pods) {
        return pods.lister().list(LabelSelector.everything()).stream()
                .filter(pod -> pod.getSpec() != null && pod.getSpec().getNodeName() != null)
                .map(ObjectKeys::keyOf)
                .toList();
    }

    @Override
    public void start() {
        monitorLoop.start();
        noScheduleLoop.start();
        evictionLoop.start();
    }

    @Override
    public void stop() {
        monitorLoop.stop();
        noScheduleLoop.stop();
        evictionLoop.stop();
    }
}
