package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mirror pod of a static pod, as Kubernetes' CreateMirrorPod makes it. */
public final class MirrorPods {

    private MirrorPods() {}

    /**
     * A copy of {@code staticPod} marked with {@value StaticPods#CONFIG_MIRROR_ANNOTATION} (its hash)
     * and owned by {@code node}, the only owner (controller) a node may give the pods it creates, so
     * that they go with the Node. The API server gives it a UID and a status of its own; the kubelet
     * writes the static pod's status to it.
     */
    public static Pod mirrorOf(Pod staticPod, Node node) {
        Pod mirror = new PodBuilder(staticPod).build();
        ObjectMeta metadata = mirror.getMetadata();
        Map<String, String> annotations = new HashMap<>(metadata.getAnnotations());
        annotations.put(
                StaticPods.CONFIG_MIRROR_ANNOTATION, annotations.getOrDefault(StaticPods.CONFIG_HASH_ANNOTATION, ""));
        metadata.setAnnotations(annotations);
        metadata.setUid(null);
        metadata.setResourceVersion(null);
        OwnerReference owner = new OwnerReference();
        owner.setApiVersion("v1");
        owner.setKind("Node");
        owner.setName(node.getMetadata().getName());
        owner.setUid(node.getMetadata().getUid());
        owner.setController(true);
        metadata.setOwnerReferences(List.of(owner));
        mirror.setStatus(null);
        return mirror;
    }
}
