package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.config.NodeTaints;
import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.model.quantity.Quantities;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * The Node the kubelet registers and the NodeStatus it posts (Kubernetes' initialNode and nodestatus
 * setters): capacity from the machine (cpu, memory, pods, ephemeral-storage of the root directory's
 * file system), allocatable = capacity - system-reserved, the well-known labels, addresses,
 * the kubelet's endpoint, nodeInfo, the node's images and the conditions.
 */
final class NodeStatusSetters {

    static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    static final String LABEL_OS = "kubernetes.io/os";
    static final String LABEL_ARCH = "kubernetes.io/arch";
    static final String LABEL_BETA_OS = "beta.kubernetes.io/os";
    static final String LABEL_BETA_ARCH = "beta.kubernetes.io/arch";
    static final String ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH =
            "volumes.kubernetes.io/controller-managed-attach-detach";

    /** The message of Ready=False until the kubelet first checked its runtime. */
    static final String RUNTIME_NOT_CHECKED = "container runtime status check may not have completed yet";

    /** The eviction thresholds Kubernetes' kubelet has by default (evictionHard). */
    private static final long MEMORY_AVAILABLE_THRESHOLD = 100L * 1024 * 1024;

    private static final double NODEFS_AVAILABLE_THRESHOLD = 0.10;
    private static final int MAX_IMAGES = 50;

    private final KubeletProperties properties;
    private final MachineInfo machine;
    private final NodeSignals signals;
    private final RuntimeService runtime;
    private final ImageService images;
    private final IntSupplier kubeletPort;
    private final Clock clock;

    NodeStatusSetters(
            KubeletProperties properties,
            MachineInfo machine,
            NodeSignals signals,
            RuntimeService runtime,
            ImageService images,
            IntSupplier kubeletPort,
            Clock clock) {
        this.clock = clock;
        this.properties = properties;
        this.machine = machine;
        this.signals = signals;
        this.runtime = runtime;
        this.images = images;
        this.kubeletPort = kubeletPort;
    }

    /** The labels the kubelet owns on its Node (updateDefaultLabels keeps them current). */
    Map<String, String> defaultLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_HOSTNAME, properties.nodeName());
        labels.put(LABEL_OS, machine.operatingSystem());
        labels.put(LABEL_ARCH, machine.architecture());
        labels.put(LABEL_BETA_OS, machine.operatingSystem());
        labels.put(LABEL_BETA_ARCH, machine.architecture());
        return labels;
    }

    /** The Node to register: labels, taints and a first status, Ready=False until the runtime is checked. */
    NodeWithEvents initialNode() {
        Node node = new Node();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(properties.nodeName());
        Map<String, String> labels = new LinkedHashMap<>(properties.nodeLabels());
        labels.putAll(defaultLabels());
        metadata.setLabels(labels);
        metadata.setAnnotations(Map.of(ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH, "true"));
        node.setMetadata(metadata);
        NodeSpec spec = new NodeSpec();
        List<io.fabric8.kubernetes.api.model.Taint> taints =
                properties.nodeTaints().stream().map(NodeTaints::parse).toList();
        spec.setTaints(taints.isEmpty() ? null : taints);
        node.setSpec(spec);
        StatusWithEvents status = status(null, List.of(RUNTIME_NOT_CHECKED));
        node.setStatus(status.status());
        return new NodeWithEvents(node, status.events());
    }

    /** The status to post now, from {@code previous} (conditions keep their transition times). */
    StatusWithEvents status(NodeStatus previous) {
        return status(previous, null);
    }

    record NodeWithEvents(Node node, List<String> events) {}

    record StatusWithEvents(NodeStatus status, List<String> events) {}

    private StatusWithEvents status(NodeStatus previous, List<String> notReadyOverride) {
        String time = KubeTimes.time(clock.instant());
        NodeStatus status = new NodeStatus();
        long storage = signals.fileSystemCapacityBytes();
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(machine.cpuCores())));
        capacity.put("ephemeral-storage", new Quantity(bytes(storage)));
        capacity.put("memory", new Quantity(bytes(machine.memoryCapacityBytes())));
        capacity.put("pods", new Quantity(Integer.toString(properties.maxPods())));
        status.setCapacity(capacity);
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        long cpuMilli = Math.max(
                0,
                machine.cpuCores() * 1000L
                        - Quantities.milliValue(properties.systemReserved().cpu()));
        allocatable.put("cpu", new Quantity(milli(cpuMilli)));
        allocatable.put("ephemeral-storage", new Quantity(bytes(storage)));
        long memory = Math.max(
                0,
                machine.memoryCapacityBytes()
                        - Quantities.value(properties.systemReserved().memory()));
        allocatable.put("memory", new Quantity(bytes(memory)));
        allocatable.put("pods", new Quantity(Integer.toString(properties.maxPods())));
        status.setAllocatable(allocatable);

        List<String> notReady = new ArrayList<>();
        String runtimeVersion = "";
        try {
            runtimeVersion = runtime.version();
        } catch (RuntimeException e) {
            notReady.add("container runtime is down: " + e.getMessage());
        }
        if (notReadyOverride != null) {
            notReady = notReadyOverride;
        }
        long available = signals.fileSystemAvailableBytes();
        boolean diskPressure = storage > 0 && available < (long) (storage * NODEFS_AVAILABLE_THRESHOLD);
        NodeConditions.Update conditions = NodeConditions.update(
                previous == null ? List.of() : previous.getConditions(),
                new NodeConditions.Readings(
                        signals.memoryAvailableBytes() < MEMORY_AVAILABLE_THRESHOLD, diskPressure, false, notReady),
                time);
        status.setConditions(conditions.conditions());

        status.setAddresses(List.of(
                new NodeAddress(properties.address(), "InternalIP"),
                new NodeAddress(properties.nodeName(), "Hostname")));
        NodeDaemonEndpoints endpoints = new NodeDaemonEndpoints();
        endpoints.setKubeletEndpoint(new DaemonEndpoint(kubeletPort.getAsInt()));
        status.setDaemonEndpoints(endpoints);
        NodeSystemInfo info = new NodeSystemInfo();
        info.setMachineID(emptyToNull(machine.machineId()));
        info.setSystemUUID(emptyToNull(machine.systemUuid()));
        info.setBootID(emptyToNull(machine.bootId()));
        info.setKernelVersion(emptyToNull(machine.kernelVersion()));
        info.setOsImage(emptyToNull(machine.osImage()));
        info.setContainerRuntimeVersion(emptyToNull(runtimeVersion));
        info.setKubeletVersion(KubeletVersion.GIT_VERSION);
        info.setOperatingSystem(machine.operatingSystem());
        info.setArchitecture(machine.architecture());
        status.setNodeInfo(info);
        List<ContainerImage> nodeImages = nodeImages();
        status.setImages(nodeImages.isEmpty() ? null : nodeImages);
        return new StatusWithEvents(status, conditions.events());
    }

    /** The node's images, largest first, at most 50 (nodeStatusMaxImages). */
    private List<ContainerImage> nodeImages() {
        try {
            return images.listImages().stream()
                    .sorted(Comparator.comparingLong(Image::sizeBytes).reversed())
                    .limit(MAX_IMAGES)
                    .map(image -> new ContainerImage(
                            Stream.concat(image.repoDigests().stream(), image.repoTags().stream())
                                    .toList(),
                            image.sizeBytes()))
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Unknown values are left out rather than sent empty, so that what is posted reads back the same. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Bytes as a BinarySI quantity prints them: "16303292Ki", or plain when not a whole KiB. */
    static String bytes(long bytes) {
        return bytes % 1024 == 0 && bytes != 0 ? Quantities.canonical(bytes / 1024 + "Ki") : Long.toString(bytes);
    }

    /** Millicores as a DecimalSI quantity prints them: "2", "1900m". */
    static String milli(long milli) {
        return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
    }
}
