package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ready-made index functions and their conventional names. An index function maps an object to
 * the values it is filed under; {@link Indexer#byIndex} then finds every object filed under a value.
 */
public final class Indexers {

    /** Built into every {@link CacheIndexer}: namespaced objects by metadata.namespace. */
    public static final String NAMESPACE = "namespace";

    /** Pods by spec.nodeName (unscheduled pods are not indexed), as the kubelet and scheduler need. */
    public static final String POD_NODE_NAME = "spec.nodeName";

    /** Objects by each of their labels, filed as {@code key=value}. */
    public static final String LABEL = "label";

    private Indexers() {}

    /** metadata.namespace; cluster-scoped objects are not indexed. */
    public static <T extends HasMetadata> Function<T, Collection<String>> byNamespace() {
        return object -> {
            String namespace = object.getMetadata().getNamespace();
            return namespace == null || namespace.isEmpty() ? List.of() : List.of(namespace);
        };
    }

    /** spec.nodeName of a pod; pods not yet bound to a node are not indexed. */
    public static Function<Pod, Collection<String>> podsByNodeName() {
        return pod -> {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            return node == null || node.isEmpty() ? List.of() : List.of(node);
        };
    }

    /** Every label as {@code key=value}; look objects up with {@link #labelValue}. */
    public static <T extends HasMetadata> Function<T, Collection<String>> byLabel() {
        return object -> {
            Map<String, String> labels = object.getMetadata().getLabels();
            if (labels == null || labels.isEmpty()) {
                return List.of();
            }
            List<String> values = new ArrayList<>(labels.size());
            labels.forEach((key, value) -> values.add(labelValue(key, value)));
            return values;
        };
    }

    /** The value {@link #byLabel} files an object with label {@code key: value} under. */
    public static String labelValue(String key, String value) {
        return key + "=" + (value == null ? "" : value);
    }
}
