package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.util.Set;

/**
 * Feeds the informers' events to the scheduler's cache and queue, as kube-scheduler's event
 * handlers do: pods bound to a node count against it in the cache and may help pods waiting in
 * the queue; pods not yet bound that name one of this scheduler's profiles wait in the queue; every
 * other scheduler's pods are left alone. Nodes go to the cache and wake pods a node could help.
 * Handlers only move objects between structures; the scheduling loop does the work.
 */
final class SchedulerEventHandlers {

    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Set<String> schedulerNames;

    SchedulerEventHandlers(SchedulerCache cache, SchedulingQueue queue, Set<String> schedulerNames) {
        this.cache = cache;
        this.queue = queue;
        this.schedulerNames = Set.copyOf(schedulerNames);
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (assigned(pod)) {
                    cache.addPod(pod);
                    queue.assignedPodAdded(pod);
                } else if (responsibleFor(pod)) {
                    queue.add(pod);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (assigned(newPod)) {
                    if (assigned(oldPod)) {
                        cache.updatePod(oldPod, newPod);
                        queue.assignedPodUpdated(oldPod, newPod);
                    } else {
                        // Just bound (by this scheduler, which assumed it, or by anyone else).
                        if (responsibleFor(oldPod)) {
                            queue.delete(oldPod);
                        }
                        cache.addPod(newPod);
                        queue.assignedPodAdded(newPod);
                    }
                } else if (responsibleFor(newPod)) {
                    queue.update(oldPod, newPod);
                } else if (responsibleFor(oldPod)) {
                    queue.delete(oldPod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                if (assigned(pod)) {
                    cache.removePod(pod);
                    queue.assignedPodDeleted(pod);
                } else if (responsibleFor(pod)) {
                    queue.delete(pod);
                }
            }
        };
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addNode(node);
                queue.nodeAdded(node);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.updateNode(oldNode, newNode);
                queue.nodeUpdated(oldNode, newNode);
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                cache.removeNode(node);
            }
        };
    }

    static boolean assigned(Pod pod) {
        return pod.getSpec() != null
                && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    private boolean responsibleFor(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return schedulerNames.contains(name == null || name.isEmpty() ? ProfileConfig.DEFAULT_SCHEDULER_NAME : name);
    }
}
