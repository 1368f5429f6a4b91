package io.skiff.controllermanager.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.SharedIndexInformer;
import java.util.Map;

/** The shared pod informer indexed by spec.nodeName ({@link Indexers#POD_NODE_NAME}), for controllers that look up a node's pods. */
public final class PodsByNode {

    private PodsByNode() {}

    /** Adds the index unless another controller already did; returns the informer. */
    public static synchronized SharedIndexInformer<Pod> indexed(SharedIndexInformer<Pod> pods) {
        try {
            pods.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));
        } catch (IllegalArgumentException alreadyIndexed) {
            // The informer is shared: the first controller to ask added it.
        }
        return pods;
    }
}
