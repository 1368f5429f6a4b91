package io.skiff.scheduler.testfixtures;

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
public final class MakeNode {

    public static final String HOSTNAME = "kubernetes.io/hostname";
    public static final String ZONE = "topology.kubernetes.io/zone";

    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, Quantity> allocatable = new LinkedHashMap<>();
    private final List<Taint> taints = new ArrayList<>();

    private MakeNode(String name) {
        this.name = name;
    }

    public static MakeNode node(String name) {
        return new MakeNode(name);
    }

    public MakeNode label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public MakeNode labels(Map<String, String> values) {
        labels.putAll(values);
        return this;
    }

    /** Allocatable cpu and pods, e.g. {@code capacity("2", 110)}. */
    public MakeNode capacity(String cpu, int pods) {
        allocatable.put("cpu", new Quantity(cpu));
        allocatable.put("pods", new Quantity(String.valueOf(pods)));
        return this;
    }

    public MakeNode taint(String key, String value, String effect) {
        taints.add(new TaintBuilder()
                .withKey(key)
                .withValue(value)
                .withEffect(effect)
                .build());
        return this;
    }

    public Node obj() {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                .endMetadata()
                .withNewSpec()
                .withTaints(taints.isEmpty() ? null : taints)
                .endSpec()
                .withNewStatus()
                .withAllocatable(allocatable.isEmpty() ? null : new LinkedHashMap<>(allocatable))
                .endStatus()
                .build();
    }
}
