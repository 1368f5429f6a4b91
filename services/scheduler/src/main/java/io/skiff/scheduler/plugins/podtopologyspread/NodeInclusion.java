package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.model.scheduling.RequiredNodeAffinity;
import io.skiff.model.scheduling.Taints;
import java.util.List;

/**
 * Which nodes count as domains of a constraint for one pod, by the constraint's node inclusion
 * policies: with nodeAffinityPolicy Honor only nodes passing the pod's node selector and required
 * node affinity, with nodeTaintsPolicy Honor only nodes whose NoSchedule/NoExecute taints the pod
 * tolerates.
 */
final class NodeInclusion {

    private final RequiredNodeAffinity requiredAffinity;
    private final List<Toleration> tolerations;

    NodeInclusion(Pod pod) {
        this.requiredAffinity = RequiredNodeAffinity.of(pod);
        this.tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
    }

    /** The answers for one node; each policy is evaluated at most once per node. */
    Check forNode(Node node) {
        return new Check(node);
    }

    /** One node's inclusion answers, computed lazily. */
    final class Check {
        private final Node node;
        private Boolean matchesAffinity;
        private Boolean toleratesTaints;

        private Check(Node node) {
            this.node = node;
        }

        boolean includes(SpreadConstraint constraint) {
            if (constraint.honorNodeAffinity()) {
                if (matchesAffinity == null) {
                    matchesAffinity = requiredAffinity.matches(node);
                }
                if (!matchesAffinity) {
                    return false;
                }
            }
            if (constraint.honorNodeTaints()) {
                if (toleratesTaints == null) {
                    toleratesTaints = Taints.findUntolerated(
                                    node.getSpec() == null
                                            ? null
                                            : node.getSpec().getTaints(),
                                    tolerations,
                                    Taints.DO_NOT_SCHEDULE)
                            .isEmpty();
                }
                return toleratesTaints;
            }
            return true;
        }
    }
}
