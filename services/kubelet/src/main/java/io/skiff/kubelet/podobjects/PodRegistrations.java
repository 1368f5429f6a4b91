package io.skiff.kubelet.podobjects;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Hears of the pods the kubelet runs as its pod manager learns of and drops them, as the kubelet's
 * pod manager tells its secret and configmap managers (RegisterPod, UnregisterPod).
 */
public interface PodRegistrations {

    /** For a kubelet whose containers read no API objects. */
    PodRegistrations NONE = new PodRegistrations() {
        @Override
        public void registerPod(Pod pod) {}

        @Override
        public void unregisterPod(Pod pod) {}
    };

    /** A pod was added or updated: its newest version's references count. */
    void registerPod(Pod pod);

    /** Its source removed the pod. */
    void unregisterPod(Pod pod);
}
