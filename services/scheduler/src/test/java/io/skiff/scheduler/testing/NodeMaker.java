package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerImageBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fluent maker of test nodes, after Kubernetes' st.MakeNode(). */
public final class NodeMaker {

    public static final String HOSTNAME = "kubernetes.io/hostname";
    public static final String ZONE = "topology.kubernetes.io/zone";

    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Quantity> allocatable = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();
    private final List<ContainerImage> images = new ArrayList<>();
    private boolean unschedulable;

    private NodeMaker(String name) {
        this.name = name;
    }

    public static NodeMaker node(String name) {
        return new NodeMaker(name);
    }

    /** Allocatable resources as name/quantity pairs ("cpu", "4", "memory", "8Gi", "pods", "110"). */
    public NodeMaker allocatable(String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            allocatable.put(pairs[i], new Quantity(pairs[i + 1]));
        }
        return this;
    }

    /** Allocatable cpu and pods, e.g. {@code capacity("2", 110)}. */
    public NodeMaker capacity(String cpu, int pods) {
        allocatable.put("cpu", new Quantity(cpu));
        allocatable.put("pods", new Quantity(String.valueOf(pods)));
        return this;
    }

    public NodeMaker label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public NodeMaker labels(Map<String, String> values) {
        labels.putAll(values);
        return this;
    }

    public NodeMaker taint(String key, String value, String effect) {
        taints.add(new TaintBuilder()
                .withKey(key)
                .withValue(value)
                .withEffect(effect)
                .build());
        return this;
    }

    public NodeMaker unschedulable() {
        this.unschedulable = true;
        return this;
    }

    public NodeMaker image(long sizeBytes, String... names) {
        images.add(new ContainerImageBuilder()
                .withNames(names)
                .withSizeBytes(sizeBytes)
                .build());
        return this;
    }

    public Node build() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(unschedulable ? Boolean.TRUE : null)
                .withTaints(taints.isEmpty() ? null : taints)
                .endSpec()
                .withNewStatus()
                .withAllocatable(allocatable.isEmpty() ? null : new LinkedHashMap<>(allocatable))
                .withCapacity(allocatable.isEmpty() ? null : new LinkedHashMap<>(allocatable))
                .withImages(images.isEmpty() ? null : images)
                .endStatus()
                .build();
    }
}
