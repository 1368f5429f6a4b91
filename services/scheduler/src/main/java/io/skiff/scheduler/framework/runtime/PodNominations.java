package io.skiff.scheduler.framework.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PodNominator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The nominated pods of the cluster, by node, as Kubernetes' nominator: a pod is nominated to at
 * most one node; an update that neither sets nor clears the nomination keeps the one reserved in
 * memory (the API may not show it yet). Thread-safe.
 */
public final class PodNominations implements PodNominator {

    private final Map<String, List<PodInfo>> podsByNode = new HashMap<>();
    private final Map<String, String> nodeByUid = new HashMap<>();

    @Override
    public synchronized void addNominatedPod(PodInfo podInfo, NominatingInfo nominatingInfo) {
        addUnlocked(podInfo, nominatingInfo);
    }

    @Override
    public synchronized void deleteNominatedPodIfExists(Pod pod) {
        deleteUnlocked(pod.getMetadata().getUid());
    }

    @Override
    public synchronized void updateNominatedPod(Pod oldPod, PodInfo newPodInfo) {
        NominatingInfo nominating = NominatingInfo.noop();
        String uid = oldPod.getMetadata().getUid();
        if (nominatedNodeName(oldPod).isEmpty()
                && nominatedNodeName(newPodInfo.pod()).isEmpty()) {
            String reserved = nodeByUid.get(uid);
            if (reserved != null) {
                nominating = NominatingInfo.override(reserved);
            }
        }
        deleteUnlocked(uid);
        addUnlocked(newPodInfo, nominating);
    }

    @Override
    public synchronized List<PodInfo> nominatedPodsForNode(String nodeName) {
        List<PodInfo> pods = podsByNode.get(nodeName);
        return pods == null ? List.of() : List.copyOf(pods);
    }

    /** The node the pod is nominated to, or null. */
    public synchronized String nominatedNodeOf(String uid) {
        return nodeByUid.get(uid);
    }

    private void addUnlocked(PodInfo podInfo, NominatingInfo nominating) {
        String uid = podInfo.uid();
        deleteUnlocked(uid);
        String nodeName = nominating.mode() == NominatingInfo.Mode.OVERRIDE
                ? nominating.nominatedNodeName()
                : nominatedNodeName(podInfo.pod());
        if (nodeName.isEmpty()) {
            return;
        }
        nodeByUid.put(uid, nodeName);
        podsByNode.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(podInfo);
    }

    private void deleteUnlocked(String uid) {
        String nodeName = nodeByUid.remove(uid);
        if (nodeName == null) {
            return;
        }
        List<PodInfo> pods = podsByNode.get(nodeName);
        pods.removeIf(info -> Objects.equals(info.uid(), uid));
        if (pods.isEmpty()) {
            podsByNode.remove(nodeName);
        }
    }

    private static String nominatedNodeName(Pod pod) {
        String name = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return name == null ? "" : name;
    }
}
