package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;

/** The API calls that keep mirror pods (Kubernetes' MirrorClient). Calls block and throw on failure. */
public interface MirrorPodApi {

    /**
     * Creates {@code mirror}.
     *
     * @return false when a pod of that name exists already
     */
    boolean create(Pod mirror);

    /**
     * Deletes the mirror pod at once (gracePeriodSeconds=0) on condition that it is still the one with
     * {@code uid}.
     *
     * @return false when it was gone already or had been replaced
     */
    boolean delete(String namespace, String name, String uid);
}
