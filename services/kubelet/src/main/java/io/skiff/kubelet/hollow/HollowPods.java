package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The pods of every hollow node through ONE informer (all bound pods, indexed by node): its event
 * handler only turns a pod bound to one of this kubelet's nodes into its key on the work queue;
 * a few workers run {@link HollowPodSync} over the queue, and the queue's delays wake each pod when
 * its state changes next. Event handlers never block and never call the API.
 */
final class HollowPods {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final WorkQueue<String> queue;
    private final ControllerRunner<String> runner;

    /**
     * @param ours whether a node name is one of this kubelet's hollow nodes
     */
    HollowPods(
            SharedIndexInformer<Pod> pods,
            Predicate<String> ours,
            HollowPodSync sync,
            WorkQueue<String> queue,
            int workers) {
        this.queue = queue;
        this.runner = new ControllerRunner<>("kubelet-hollow-pods", queue, sync, workers);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueue(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                enqueue(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                enqueue(pod);
            }

            private void enqueue(Pod pod) {
                String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                if (node != null && ours.test(node)) {
                    queue.add(ObjectKeys.keyOf(pod));
                }
            }
        });
    }

    void start() {
        runner.start();
    }

    void stop() {
        runner.stop(STOP_TIMEOUT);
    }

    int queued() {
        return queue.len();
    }
}
