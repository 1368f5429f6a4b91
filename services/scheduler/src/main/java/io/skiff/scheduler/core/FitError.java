package io.skiff.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pod fits no node. Its message has Kubernetes' shape, e.g. {@code "0/5 nodes are available: 2
 * node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu."}: the PreFilter message if
 * PreFilter rejected the pod, otherwise each reason counted over the nodes (the nodes PreFilter left
 * out included) and the counted reasons sorted as strings, as kube-scheduler sorts them; then the
 * PostFilter (preemption) message.
 */
public final class FitError extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Pod pod;
    private final int numAllNodes;
    private final transient Diagnosis diagnosis;

    public FitError(Pod pod, int numAllNodes, Diagnosis diagnosis) {
        super(null, null, false, false);
        this.pod = pod;
        this.numAllNodes = numAllNodes;
        this.diagnosis = diagnosis;
    }

    public Pod pod() {
        return pod;
    }

    public int numAllNodes() {
        return numAllNodes;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }

    /** Computed on each call, so a PostFilter message recorded later is included. */
    @Override
    public String getMessage() {
        StringBuilder message = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        String preFilter = diagnosis.preFilterMessage();
        if (!preFilter.isEmpty()) {
            message.append(' ').append(preFilter).append('.');
        } else {
            Map<String, Integer> histogram = new TreeMap<>();
            diagnosis.nodeToStatus().forEachExplicitNode((node, status) -> {
                for (String reason : status.reasons()) {
                    histogram.merge(reason, 1, Integer::sum);
                }
            });
            int explicit = diagnosis.nodeToStatus().size();
            if (explicit < numAllNodes) {
                for (String reason :
                        diagnosis.nodeToStatus().absentNodesStatus().reasons()) {
                    histogram.merge(reason, numAllNodes - explicit, Integer::sum);
                }
            }
            List<String> counted = new ArrayList<>(histogram.size());
            histogram.forEach((reason, count) -> counted.add(count + " " + reason));
            counted.sort(null);
            if (!counted.isEmpty()) {
                message.append(' ').append(String.join(", ", counted)).append('.');
            }
        }
        String postFilter = diagnosis.postFilterMessage();
        if (!postFilter.isEmpty()) {
            message.append(' ').append(postFilter);
        }
        return message.toString();
    }
}
