package io.skiff.controllermanager.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The node IPAM controller's workers, run only while this controller manager leads. Each start
 * first rebuilds which subnets are used from the node cache, then syncs every node once.
 */
public final class NodeIpamController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, its queue's name. */
    public static final String NAME = "node-ipam-controller";

    /** The event source of the range allocator's events, as kube-controller-manager names it. */
    static final String EVENT_SOURCE = "cidrAllocator";

    private final LeaderControllerLoop loop;

    NodeIpamController(
            SharedIndexInformer<Node> nodes,
            NodeCidrs cidrs,
            RangeAllocatorSync sync,
            MeterRegistry registry,
            int workers) {
        this.loop = new LeaderControllerLoop(
                NAME,
                sync,
                List.of(nodes),
                () -> nodeNames(nodes),
                registry,
                workers,
                () -> cidrs.rebuild(nodes.lister().list(LabelSelector.everything())));
        nodes.addEventHandler(ResourceEventHandler.enqueueingKeys(loop::enqueue));
    }

    private static List<String> nodeNames(SharedIndexInformer<Node> nodes) {
        return nodes.lister().list(LabelSelector.everything()).stream()
                .map(node -> node.getMetadata().getName())
                .toList();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
