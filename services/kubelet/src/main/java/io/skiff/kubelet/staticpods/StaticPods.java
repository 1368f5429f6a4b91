package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Objects;

/**
 * The annotations that mark where a pod came from, and the tests built on them (Kubernetes'
 * pkg/kubelet/types/pod_update.go and pkg/kubelet/pod's IsMirrorPodOf).
 */
public final class StaticPods {

    /** Where the kubelet got the pod: {@value #FILE_SOURCE} for a static pod; anything but "api" is static. */
    public static final String CONFIG_SOURCE_ANNOTATION = "kubernetes.io/config.source";

    /** The static pod's hash (its generated UID); a mirror pod carries it in {@link #CONFIG_MIRROR_ANNOTATION}. */
    public static final String CONFIG_HASH_ANNOTATION = "kubernetes.io/config.hash";

    /** Marks a mirror pod; its value is the hash of the static pod it mirrors. */
    public static final String CONFIG_MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    /** When the kubelet first saw the pod (Go's RFC3339Nano). */
    public static final String CONFIG_SEEN_ANNOTATION = "kubernetes.io/config.seen";

    public static final String FILE_SOURCE = "file";

    /** Where the kubelet got a pod the API server binds to its node. */
    public static final String API_SOURCE = "api";

    private StaticPods() {}

    /** Whether the pod came from another source than the API server (IsStaticPod). */
    public static boolean isStatic(Pod pod) {
        String source = annotation(pod, CONFIG_SOURCE_ANNOTATION);
        return source != null && !source.equals(API_SOURCE);
    }

    /** Whether the pod is a mirror pod: the API server's copy of a static pod (IsMirrorPod). */
    public static boolean isMirror(Pod pod) {
        return annotation(pod, CONFIG_MIRROR_ANNOTATION) != null;
    }

    /** Whether {@code mirror} is the mirror of {@code staticPod}: same namespace and name, and its hash. */
    public static boolean isMirrorOf(Pod mirror, Pod staticPod) {
        String hash = annotation(mirror, CONFIG_MIRROR_ANNOTATION);
        return hash != null
                && Objects.equals(
                        mirror.getMetadata().getNamespace(),
                        staticPod.getMetadata().getNamespace())
                && Objects.equals(
                        mirror.getMetadata().getName(), staticPod.getMetadata().getName())
                && hash.equals(annotation(staticPod, CONFIG_HASH_ANNOTATION));
    }

    private static String annotation(Pod pod, String key) {
        Map<String, String> annotations =
                pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
