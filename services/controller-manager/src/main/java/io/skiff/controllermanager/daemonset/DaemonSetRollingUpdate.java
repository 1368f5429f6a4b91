package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.skiff.controllermanager.pods.ActivePods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pods a RollingUpdate DaemonSet replaces in one sync (daemon/update.go rollingUpdate). Without
 * surge, old pods are deleted while fewer than maxUnavailable daemon pods are unavailable, and the
 * manage step recreates them; with maxSurge, a new pod is started next to an old one (up to maxSurge
 * at once), and the old one is deleted once the new one is available.
 */
final class DaemonSetRollingUpdate {

    /** What to do: delete these pods (by name) and start new pods on these nodes. */
    record Plan(List<String> podsToDelete, List<String> nodesToCreate) {}

    private DaemonSetRollingUpdate() {}

    /**
     * @param nodeToPods the DaemonSet's pods by the node they are meant for
     */
    static Plan plan(
            DaemonSet daemonSet, List<Node> nodes, Map<String, List<Pod>> nodeToPods, String hash, Instant now) {
        Map<String, Node> nodesByName = new LinkedHashMap<>();
        Map<String, List<Pod>> byNode = new LinkedHashMap<>();
        int desired = 0;
        for (Node node : nodes) {
            nodesByName.put(node.getMetadata().getName(), node);
            if (NodePlacement.of(node, daemonSet).shouldRun()) {
                desired++;
                byNode.put(
                        node.getMetadata().getName(),
                        nodeToPods.getOrDefault(node.getMetadata().getName(), List.of()));
            }
        }
        nodeToPods.forEach(byNode::putIfAbsent);
        int maxUnavailable = unavailableCount(daemonSet, desired);
        int maxSurge = surgeCount(daemonSet, desired);
        if (desired > 0 && maxUnavailable == 0 && maxSurge == 0) {
            // An impossible configuration: accept unavailability, as Kubernetes does.
            maxUnavailable = 1;
        }
        int minReadySeconds = orZero(daemonSet.getSpec().getMinReadySeconds());
        Optional<Long> generation = DaemonPods.templateGeneration(daemonSet);
        return maxSurge == 0
                ? withoutSurge(byNode, hash, generation, maxUnavailable, minReadySeconds, now)
                : withSurge(daemonSet, byNode, nodesByName, hash, generation, maxSurge, desired, minReadySeconds, now);
    }

    private static Plan withoutSurge(
            Map<String, List<Pod>> byNode,
            String hash,
            Optional<Long> generation,
            int maxUnavailable,
            int minReadySeconds,
            Instant now) {
        int unavailable = 0;
        List<String> replacements = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (List<Pod> pods : byNode.values()) {
            Optional<NodePods> onNode = NodePods.of(pods, hash, generation);
            if (onNode.isEmpty()) {
                // Excess pods: the manage step prunes them; count the node as unavailable meanwhile.
                unavailable++;
                continue;
            }
            Pod newPod = onNode.get().newPod();
            Pod oldPod = onNode.get().oldPod();
            if ((oldPod == null) == (newPod == null)) {
                // Nothing yet, or both: the manage step creates or deletes; unavailable meanwhile.
                unavailable++;
            } else if (newPod != null) {
                if (!ActivePods.isAvailable(newPod, minReadySeconds, now)) {
                    unavailable++;
                }
            } else if (!ActivePods.isAvailable(oldPod, minReadySeconds, now)) {
                replacements.add(oldPod.getMetadata().getName());
                unavailable++;
            } else if (unavailable < maxUnavailable) {
                candidates.add(oldPod.getMetadata().getName());
            }
        }
        int remaining = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.size()));
        List<String> toDelete = new ArrayList<>(replacements);
        toDelete.addAll(candidates.subList(0, remaining));
        return new Plan(toDelete, List.of());
    }

    private static Plan withSurge(
            DaemonSet daemonSet,
            Map<String, List<Pod>> byNode,
            Map<String, Node> nodesByName,
            String hash,
            Optional<Long> generation,
            int maxSurge,
            int desired,
            int minReadySeconds,
            Instant now) {
        List<String> toDelete = new ArrayList<>();
        List<String> shouldNotRunToDelete = new ArrayList<>();
        List<String> candidateNodes = new ArrayList<>();
        List<String> allowedNodes = new ArrayList<>();
        int surging = 0;
        int available = 0;
        for (Map.Entry<String, List<Pod>> entry : byNode.entrySet()) {
            String nodeName = entry.getKey();
            Optional<NodePods> onNode = NodePods.of(entry.getValue(), hash, generation);
            if (onNode.isEmpty()) {
                surging++;
                continue;
            }
            Pod newPod = onNode.get().newPod();
            Pod oldPod = onNode.get().oldPod();
            if (oldPod != null) {
                if (ActivePods.isAvailable(oldPod, minReadySeconds, now)) {
                    available++;
                }
            } else if (newPod != null && ActivePods.isAvailable(newPod, minReadySeconds, now)) {
                available++;
            }
            if (oldPod == null) {
                continue;
            }
            Node node = nodesByName.get(nodeName);
            boolean shouldRun =
                    node != null && NodePlacement.of(node, daemonSet).shouldRun();
            if (newPod == null) {
                if (!ActivePods.isAvailable(oldPod, minReadySeconds, now)) {
                    if (!shouldRun) {
                        toDelete.add(oldPod.getMetadata().getName());
                    } else {
                        allowedNodes.add(nodeName);
                    }
                } else if (!shouldRun) {
                    shouldNotRunToDelete.add(oldPod.getMetadata().getName());
                } else if (surging < maxSurge) {
                    candidateNodes.add(nodeName);
                }
            } else if (!ActivePods.isAvailable(newPod, minReadySeconds, now)) {
                surging++;
            } else {
                toDelete.add(oldPod.getMetadata().getName());
            }
        }
        // With surge the owner expects full availability: pods on nodes the DaemonSet left go only
        // once as many pods elsewhere are available.
        int deletable = Math.min(available - desired, shouldNotRunToDelete.size());
        if (deletable > 0) {
            toDelete.addAll(shouldNotRunToDelete.subList(0, deletable));
        }
        int remainingSurge = Math.max(0, Math.min(maxSurge - surging, candidateNodes.size()));
        List<String> toCreate = new ArrayList<>(allowedNodes);
        toCreate.addAll(candidateNodes.subList(0, remainingSurge));
        return new Plan(toDelete, toCreate);
    }

    /** maxUnavailable scaled to the desired pods, rounding up (util.UnavailableCount). */
    static int unavailableCount(DaemonSet daemonSet, int desired) {
        RollingUpdateDaemonSet rolling = rollingUpdate(daemonSet);
        return rolling == null ? 0 : scaled(rolling.getMaxUnavailable(), desired);
    }

    /** maxSurge scaled to the desired pods, rounding up; 0 when not asked for (util.SurgeCount). */
    static int surgeCount(DaemonSet daemonSet, int desired) {
        RollingUpdateDaemonSet rolling = rollingUpdate(daemonSet);
        return rolling == null || rolling.getMaxSurge() == null ? 0 : scaled(rolling.getMaxSurge(), desired);
    }

    /** Whether a node may briefly run an old and a new pod (util.AllowsSurge). */
    static boolean allowsSurge(DaemonSet daemonSet) {
        return surgeCount(daemonSet, 1) != 0;
    }

    private static RollingUpdateDaemonSet rollingUpdate(DaemonSet daemonSet) {
        if (daemonSet.getSpec().getUpdateStrategy() == null
                || !"RollingUpdate"
                        .equals(daemonSet.getSpec().getUpdateStrategy().getType())) {
            return null;
        }
        return daemonSet.getSpec().getUpdateStrategy().getRollingUpdate();
    }

    /** intstr.GetScaledValueFromIntOrPercent rounding up; an unreadable percentage counts as 0. */
    static int scaled(IntOrString value, int total) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal();
        if (!text.endsWith("%")) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        try {
            int percent = Integer.parseInt(text.substring(0, text.length() - 1));
            return (int) Math.ceil(percent * (double) total / 100);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** At most one new and one old live pod on a node (findUpdatedPodsOnNode); empty when there are more. */
    record NodePods(Pod newPod, Pod oldPod) {

        static Optional<NodePods> of(List<Pod> pods, String hash, Optional<Long> generation) {
            Pod newPod = null;
            Pod oldPod = null;
            for (Pod pod : pods) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (DaemonPods.isUpdated(pod, hash, generation)) {
                    if (newPod != null) {
                        return Optional.empty();
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return Optional.empty();
                    }
                    oldPod = pod;
                }
            }
            return Optional.of(new NodePods(newPod, oldPod));
        }
    }
}
