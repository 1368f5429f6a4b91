package io.skiff.controllermanager.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import java.util.List;

/**
 * The pod garbage collector, run only while this controller manager leads: one collection pass
 * every check period, on a queue holding the single key {@link PodGarbageCollector#KEY}.
 */
public final class PodGcController implements LeaderWork {

    /** The name kube-controller-manager gives this controller, used for its queue. */
    public static final String NAME = "pod-garbage-collector-controller";

    private final LeaderControllerLoop loop;

    PodGcController(
            SharedIndexInformer<Pod> pods,
            SharedIndexInformer<Node> nodes,
            PodGarbageCollector collector,
            MeterRegistry registry) {
        this.loop = new LeaderControllerLoop(
                NAME, collector, List.of(pods, nodes), () -> List.of(PodGarbageCollector.KEY), registry, 1);
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
