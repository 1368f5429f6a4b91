package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fluent maker of test pods, after Kubernetes' st.MakePod(). */
public final class PodMaker {

    private final String name;
    private String namespace = "default";
    private String uid;
    private String nodeName;
    private String schedulerName;
    private Integer priority;
    private String nominatedNodeName;
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> nodeSelector = new HashMap<>();
    private final List<Container> containers = new ArrayList<>();
    private final List<Container> initContainers = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final Map<String, Quantity> overhead = new LinkedHashMap<>();
    private Affinity affinity;

    private PodMaker(String name) {
        this.name = name;
        this.uid = name + "-" + UUID.randomUUID();
    }

    public static PodMaker pod(String name) {
        return new PodMaker(name);
    }

    public PodMaker namespace(String value) {
        this.namespace = value;
        return this;
    }

    public PodMaker uid(String value) {
        this.uid = value;
        return this;
    }

    public PodMaker node(String value) {
        this.nodeName = value;
        return this;
    }

    public PodMaker schedulerName(String value) {
        this.schedulerName = value;
        return this;
    }

    public PodMaker priority(int value) {
        this.priority = value;
        return this;
    }

    public PodMaker nominatedNode(String value) {
        this.nominatedNodeName = value;
        return this;
    }

    public PodMaker label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public PodMaker nodeSelector(String key, String value) {
        nodeSelector.put(key, value);
        return this;
    }

    /** Adds an app container with the given requests, as name/quantity pairs ("cpu", "100m", ...). */
    public PodMaker container(String... requests) {
        containers.add(makeContainer("c" + containers.size(), null, requests));
        return this;
    }

    /** Adds an app container with an image and requests. */
    public PodMaker containerImage(String image, String... requests) {
        containers.add(new ContainerBuilder(makeContainer("c" + containers.size(), null, requests))
                .withImage(image)
                .build());
        return this;
    }

    /** Adds an init container with the given requests. */
    public PodMaker initContainer(String... requests) {
        initContainers.add(makeContainer("i" + initContainers.size(), null, requests));
        return this;
    }

    /** Adds a restartable ("sidecar") init container with the given requests. */
    public PodMaker sidecar(String... requests) {
        initContainers.add(makeContainer("s" + initContainers.size(), "Always", requests));
        return this;
    }

    /** Adds a container using the host port (protocol TCP, all host IPs unless given as "ip:port"). */
    public PodMaker hostPort(String protocol, String hostIpAndPort) {
        String ip = hostIpAndPort.contains(":") ? hostIpAndPort.substring(0, hostIpAndPort.lastIndexOf(':')) : "";
        int port = Integer.parseInt(hostIpAndPort.substring(hostIpAndPort.lastIndexOf(':') + 1));
        containers.add(new ContainerBuilder()
                .withName("p" + containers.size())
                .withPorts(new ContainerPortBuilder()
                        .withContainerPort(port)
                        .withHostPort(port)
                        .withHostIP(ip.isEmpty() ? null : ip)
                        .withProtocol(protocol)
                        .build())
                .build());
        return this;
    }

    public PodMaker overhead(String resource, String quantity) {
        overhead.put(resource, new Quantity(quantity));
        return this;
    }

    public PodMaker toleration(String key, String operator, String value, String effect) {
        tolerations.add(new TolerationBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValue(value)
                .withEffect(effect)
                .build());
        return this;
    }

    public PodMaker affinity(Affinity value) {
        this.affinity = value;
        return this;
    }

    public Pod build() {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(uid)
                .withLabels(labels.isEmpty() ? null : labels)
                .endMetadata()
                .withNewSpec()
                .withNodeName(nodeName)
                .withSchedulerName(schedulerName)
                .withPriority(priority)
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withContainers(containers.isEmpty() ? List.of(makeContainer("c0", null)) : containers)
                .withInitContainers(initContainers.isEmpty() ? null : initContainers)
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .withOverhead(overhead.isEmpty() ? null : overhead)
                .withAffinity(affinity)
                .endSpec()
                .withNewStatus()
                .withNominatedNodeName(nominatedNodeName)
                .endStatus()
                .build();
    }

    private static Container makeContainer(String name, String restartPolicy, String... requests) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        for (int i = 0; i + 1 < requests.length; i += 2) {
            quantities.put(requests[i], new Quantity(requests[i + 1]));
        }
        return new ContainerBuilder()
                .withName(name)
                .withImage("busybox")
                .withRestartPolicy(restartPolicy)
                .withNewResources()
                .withRequests(quantities.isEmpty() ? null : quantities)
                .endResources()
                .build();
    }
}
