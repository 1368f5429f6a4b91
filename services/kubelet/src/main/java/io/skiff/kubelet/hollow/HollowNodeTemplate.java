package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.config.NodeTaints;
import io.skiff.kubelet.node.KubeletVersion;
import io.skiff.kubelet.node.NodeConditions;
import io.skiff.model.quantity.Quantities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * What a hollow node registers and reports, as the kubelet's initialNode and status setters do
 * for a real one: capacity and allocatable from the hollow settings (allocatable = capacity minus
 * system-reserved), the well-known labels plus {@value #HOLLOW_LABEL}, the configured labels and
 * taints, the kubelet's address as InternalIP, nodeInfo with the kubelet version and runtime
 * {@value #RUNTIME_VERSION}, and the conditions (no pressure; Ready, reason KubeletReady) through
 * {@link NodeConditions}.
 */
final class HollowNodeTemplate {

    /** Marks the Nodes this runtime simulates (kubemark and KWOK mark theirs likewise). */
    static final String HOLLOW_LABEL = "hollow.skiff.io/node";

    static final String RUNTIME_VERSION = "hollow://0.1.0";

    private static final NodeConditions.Readings HEALTHY = new NodeConditions.Readings(false, false, false, List.of());

    private final KubeletProperties kubelet;
    private final HollowProperties hollow;
    private final String operatingSystem;
    private final String architecture;
    private final IntSupplier kubeletPort;
    private final Map<String, Quantity> capacity;
    private final Map<String, Quantity> allocatable;
    private final List<Taint> taints;

    HollowNodeTemplate(
            KubeletProperties kubelet,
            HollowProperties hollow,
            String operatingSystem,
            String architecture,
            IntSupplier kubeletPort) {
        this.kubelet = kubelet;
        this.hollow = hollow;
        this.operatingSystem = operatingSystem;
        this.architecture = architecture;
        this.kubeletPort = kubeletPort;
        this.capacity = resources(hollow.cpu(), hollow.memory(), "0", "0");
        this.allocatable = resources(
                hollow.cpu(),
                hollow.memory(),
                kubelet.systemReserved().cpu(),
                kubelet.systemReserved().memory());
        this.taints = kubelet.nodeTaints().stream().map(NodeTaints::parse).toList();
    }

    /** The labels of {@code nodeName}. */
    Map<String, String> labels(String nodeName) {
        Map<String, String> labels = new LinkedHashMap<>(kubelet.nodeLabels());
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("kubernetes.io/os", operatingSystem);
        labels.put("kubernetes.io/arch", architecture);
        labels.put("beta.kubernetes.io/os", operatingSystem);
        labels.put("beta.kubernetes.io/arch", architecture);
        labels.put(HOLLOW_LABEL, "true");
        return labels;
    }

    /** The Node to register, Ready at once: a hollow runtime has nothing to check. */
    Node initialNode(String nodeName, String now) {
        Node node = new Node();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(nodeName);
        metadata.setLabels(labels(nodeName));
        node.setMetadata(metadata);
        NodeSpec spec = new NodeSpec();
        spec.setTaints(taints.isEmpty() ? null : taints);
        node.setSpec(spec);
        NodeStatus status = new NodeStatus();
        status.setCapacity(capacity);
        status.setAllocatable(allocatable);
        status.setConditions(conditions(List.of(), now));
        status.setAddresses(
                List.of(new NodeAddress(kubelet.address(), "InternalIP"), new NodeAddress(nodeName, "Hostname")));
        NodeDaemonEndpoints endpoints = new NodeDaemonEndpoints();
        endpoints.setKubeletEndpoint(new DaemonEndpoint(kubeletPort.getAsInt()));
        status.setDaemonEndpoints(endpoints);
        status.setNodeInfo(nodeInfo(nodeName));
        node.setStatus(status);
        return node;
    }

    /** The conditions to report now, from the ones the Node has (transition times kept). */
    List<NodeCondition> conditions(List<NodeCondition> previous, String now) {
        return NodeConditions.update(previous == null ? List.of() : previous, HEALTHY, now)
                .conditions();
    }

    private NodeSystemInfo nodeInfo(String nodeName) {
        NodeSystemInfo info = new NodeSystemInfo();
        String id = UUID.nameUUIDFromBytes(nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        info.setMachineID(id.replace("-", ""));
        info.setSystemUUID(id);
        info.setBootID(id);
        info.setKernelVersion("hollow");
        info.setOsImage("Skiff hollow node");
        info.setContainerRuntimeVersion(RUNTIME_VERSION);
        info.setKubeletVersion(KubeletVersion.GIT_VERSION);
        info.setOperatingSystem(operatingSystem);
        info.setArchitecture(architecture);
        return info;
    }

    private Map<String, Quantity> resources(String cpu, String memory, String reservedCpu, String reservedMemory) {
        Map<String, Quantity> resources = new LinkedHashMap<>();
        long milliCpu = Math.max(0, Quantities.milliValue(cpu) - Quantities.milliValue(reservedCpu));
        resources.put("cpu", new Quantity(milliCpu % 1000 == 0 ? Long.toString(milliCpu / 1000) : milliCpu + "m"));
        resources.put("ephemeral-storage", new Quantity(hollow.ephemeralStorage()));
        long bytes = Math.max(0, Quantities.value(memory) - Quantities.value(reservedMemory));
        // As a BinarySI quantity prints bytes: "31Gi", or plain when not a whole KiB.
        String allocatableMemory =
                bytes % 1024 == 0 && bytes != 0 ? Quantities.canonical(bytes / 1024 + "Ki") : Long.toString(bytes);
        resources.put("memory", new Quantity(Quantities.value(reservedMemory) == 0 ? memory : allocatableMemory));
        resources.put("pods", new Quantity(Integer.toString(kubelet.maxPods())));
        return resources;
    }
}
