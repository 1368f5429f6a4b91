package io.skiff.kubelet.staticpods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.model.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the kubelet makes of a pod read from a file (applyDefaults in pkg/kubelet/config/common.go):
 *
 * <ul>
 *   <li>a UID, unless the manifest has one: a hash of the pod as decoded, the node and the file, so
 *       the same manifest always gives the same UID and any change to it gives a new one;
 *   <li>the name {@code <name>-<node name in lower case>}, unique among nodes;
 *   <li>namespace {@code default} when it has none, and {@code spec.nodeName} this node;
 *   <li>the annotations {@value StaticPods#CONFIG_HASH_ANNOTATION} (the UID) and {@value
 *       StaticPods#CONFIG_SOURCE_ANNOTATION}={@value StaticPods#FILE_SOURCE};
 *   <li>a toleration of every NoExecute taint, so that node problems never evict it;
 *   <li>the status phase Pending.
 * </ul>
 *
 * The kubelet does not resolve {@code priorityClassName} for static pods: a manifest sets {@code
 * priority} itself, as kubeadm's do.
 */
final class StaticPodDefaults {

    private StaticPodDefaults() {}

    static void apply(Pod pod, Path source, String nodeName) {
        ObjectMeta metadata = pod.getMetadata();
        if (metadata.getUid() == null || metadata.getUid().isEmpty()) {
            metadata.setUid(uid(pod, source, nodeName));
        }
        metadata.setName(podName(metadata.getName(), nodeName));
        if (metadata.getNamespace() == null || metadata.getNamespace().isEmpty()) {
            metadata.setNamespace("default");
        }
        pod.getSpec().setNodeName(nodeName);
        if (metadata.getAnnotations() == null) {
            metadata.setAnnotations(new HashMap<>());
        } else {
            metadata.setAnnotations(new HashMap<>(metadata.getAnnotations()));
        }
        metadata.getAnnotations().put(StaticPods.CONFIG_HASH_ANNOTATION, metadata.getUid());
        metadata.getAnnotations().put(StaticPods.CONFIG_SOURCE_ANNOTATION, StaticPods.FILE_SOURCE);
        tolerateAllNoExecuteTaints(pod);
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        pod.setStatus(status);
    }

    /** generatePodName: unique among nodes by the node's name. */
    static String podName(String name, String nodeName) {
        return name + "-" + nodeName.toLowerCase(Locale.ROOT);
    }

    /**
     * The pod hashed with its map entries in key order (so the order of labels or annotations in the
     * file does not matter), then the node and the file, as the kubelet hashes them; 128 bits in hex.
     */
    static String uid(Pod pod, Path source, String nodeName) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(KubeJson.mapper()
                    .writer()
                    .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(pod));
            digest.update(("host:" + nodeName).getBytes(StandardCharsets.UTF_8));
            digest.update(("file:" + source).getBytes(StandardCharsets.UTF_8));
            byte[] hash = digest.digest();
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot hash pod " + pod.getMetadata().getName(), e);
        }
    }

    /**
     * AddOrUpdateTolerationInPod with {operator: Exists, effect: NoExecute}: kept as it is when the pod
     * has exactly that toleration, put in place of those with the same key, operator, value and
     * effect (but, say, a tolerationSeconds), added otherwise.
     */
    private static void tolerateAllNoExecuteTaints(Pod pod) {
        Toleration all = new Toleration();
        all.setOperator("Exists");
        all.setEffect("NoExecute");
        List<Toleration> tolerations = new ArrayList<>();
        boolean updated = false;
        if (pod.getSpec().getTolerations() != null) {
            for (Toleration toleration : pod.getSpec().getTolerations()) {
                if (matches(toleration, all)) {
                    if (all.equals(toleration)) {
                        return;
                    }
                    tolerations.add(all);
                    updated = true;
                } else {
                    tolerations.add(toleration);
                }
            }
        }
        if (!updated) {
            tolerations.add(all);
        }
        pod.getSpec().setTolerations(tolerations);
    }

    /** Toleration.MatchToleration: the same key, operator, value and effect. */
    private static boolean matches(Toleration a, Toleration b) {
        return Objects.equals(orEmpty(a.getKey()), orEmpty(b.getKey()))
                && Objects.equals(orEmpty(a.getOperator()), orEmpty(b.getOperator()))
                && Objects.equals(orEmpty(a.getValue()), orEmpty(b.getValue()))
                && Objects.equals(orEmpty(a.getEffect()), orEmpty(b.getEffect()));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
