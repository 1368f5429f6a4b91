package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fluent maker of test pods, after Kubernetes' st.MakePod(). Unless {@link #container} and friends
 * add containers, the pod has one container "c0" (image busybox) whose requests are those given to
 * {@link #req}. The static helpers build the label selectors and (anti-)affinity terms plugin tests
 * pass to {@link #podAffinity}, {@link #spreadConstraint} and the like.
 */
public final class PodMaker {

    private final String name;
    private String namespace = "default";
    private String uid;
    private String nodeName;
    private String schedulerName;
    private Integer priority;
    private String priorityClassName;
    private String nominatedNodeName;
    private String preemptionPolicy;
    private Instant startTime;
    private boolean terminating;
    private boolean disruptionTargetByPreemption;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final Map<String, Quantity> requests = new LinkedHashMap<>();
    private final List<Container> containers = new ArrayList<>();
    private final List<Container> initContainers = new ArrayList<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final Map<String, Quantity> overhead = new LinkedHashMap<>();
    private Affinity affinity;
    private final List<PodAffinityTerm> requiredAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredAntiAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAntiAffinity = new ArrayList<>();
    private final List<TopologySpreadConstraint> spreadConstraints = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<OwnerReference> owners = new ArrayList<>();

    private PodMaker(String name) {
        this.name = name;
        this.uid = "uid-" + name;
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

    /** The PriorityClass the API server's Priority admission takes spec.priority from. */
    public PodMaker priorityClassName(String value) {
        this.priorityClassName = value;
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

    /** The pod's whole affinity; pod (anti-)affinity terms added with the methods below are merged in. */
    public PodMaker affinity(Affinity value) {
        this.affinity = value;
        return this;
    }

    public PodMaker preemptionPolicy(String value) {
        this.preemptionPolicy = value;
        return this;
    }

    public PodMaker startTime(Instant value) {
        this.startTime = value;
        return this;
    }

    /** Marks the pod as being deleted. */
    public PodMaker terminating() {
        this.terminating = true;
        return this;
    }

    /** Marks the pod as being deleted because the scheduler preempted it (DisruptionTarget condition). */
    public PodMaker preemptedByScheduler() {
        this.terminating = true;
        this.disruptionTargetByPreemption = true;
        return this;
    }

    public PodMaker labels(Map<String, String> values) {
        labels.putAll(values);
        return this;
    }

    /** Requests of the pod's single default container, e.g. {@code req("cpu", "500m")}. */
    public PodMaker req(String resource, String amount) {
        requests.put(resource, new Quantity(amount));
        return this;
    }

    public PodMaker toleration(Toleration toleration) {
        tolerations.add(toleration);
        return this;
    }

    public PodMaker podAffinity(PodAffinityTerm term) {
        requiredAffinity.add(term);
        return this;
    }

    public PodMaker podAntiAffinity(PodAffinityTerm term) {
        requiredAntiAffinity.add(term);
        return this;
    }

    public PodMaker preferredPodAffinity(int weight, PodAffinityTerm term) {
        preferredAffinity.add(weighted(weight, term));
        return this;
    }

    public PodMaker preferredPodAntiAffinity(int weight, PodAffinityTerm term) {
        preferredAntiAffinity.add(weighted(weight, term));
        return this;
    }

    public PodMaker spreadConstraint(
            int maxSkew, String topologyKey, String whenUnsatisfiable, LabelSelector selector) {
        return spreadConstraint(new TopologySpreadConstraintBuilder()
                .withMaxSkew(maxSkew)
                .withTopologyKey(topologyKey)
                .withWhenUnsatisfiable(whenUnsatisfiable)
                .withLabelSelector(selector)
                .build());
    }

    public PodMaker spreadConstraint(TopologySpreadConstraint constraint) {
        spreadConstraints.add(constraint);
        return this;
    }

    public PodMaker pvc(String claimName) {
        volumes.add(new VolumeBuilder()
                .withName("vol-" + claimName)
                .withNewPersistentVolumeClaim()
                .withClaimName(claimName)
                .endPersistentVolumeClaim()
                .build());
        return this;
    }

    /** A generic ephemeral volume: its claim is named "{pod}-{volume}" and owned by the pod. */
    public PodMaker ephemeralVolume(String volumeName) {
        volumes.add(new VolumeBuilder()
                .withName(volumeName)
                .withNewEphemeral()
                .withNewVolumeClaimTemplate()
                .withNewSpec()
                .endSpec()
                .endVolumeClaimTemplate()
                .endEphemeral()
                .build());
        return this;
    }

    public PodMaker emptyDir(String volumeName) {
        volumes.add(new VolumeBuilder()
                .withName(volumeName)
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        return this;
    }

    /** A controller owner reference, e.g. {@code owner("apps/v1", "ReplicaSet", "rs1")}. */
    public PodMaker owner(String apiVersion, String kind, String ownerName) {
        owners.add(new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(ownerName)
                .withUid("uid-" + ownerName)
                .withController(true)
                .build());
        return this;
    }

    public Pod build() {
        if (!requests.isEmpty() && !containers.isEmpty()) {
            // req() describes the default container; mixing it with explicit containers is ambiguous.
            throw new IllegalStateException("req() sets the default container's requests; use container() instead");
        }
        List<Container> podContainers =
                containers.isEmpty() ? List.of(makeContainer("c0", null, new LinkedHashMap<>(requests))) : containers;
        PodBuilder builder = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withUid(uid)
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                .withOwnerReferences(owners.isEmpty() ? null : owners)
                .withDeletionTimestamp(terminating ? "2024-01-01T00:00:00Z" : null)
                .endMetadata()
                .withNewSpec()
                .withNodeName(nodeName)
                .withSchedulerName(schedulerName)
                .withPriority(priority)
                .withPriorityClassName(priorityClassName)
                .withPreemptionPolicy(preemptionPolicy)
                .withNodeSelector(nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector))
                .withContainers(podContainers)
                .withInitContainers(initContainers.isEmpty() ? null : initContainers)
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .withTopologySpreadConstraints(spreadConstraints.isEmpty() ? null : spreadConstraints)
                .withVolumes(volumes.isEmpty() ? null : volumes)
                .withOverhead(overhead.isEmpty() ? null : overhead)
                .withAffinity(mergedAffinity())
                .endSpec()
                .withNewStatus()
                .withNominatedNodeName(nominatedNodeName)
                .withStartTime(startTime == null ? null : startTime.toString())
                .endStatus();
        if (disruptionTargetByPreemption) {
            builder.editStatus()
                    .withConditions(new PodConditionBuilder()
                            .withType("DisruptionTarget")
                            .withStatus("True")
                            .withReason("PreemptionByScheduler")
                            .build())
                    .endStatus();
        }
        return builder.build();
    }

    private Affinity mergedAffinity() {
        boolean podAffinity = !requiredAffinity.isEmpty() || !preferredAffinity.isEmpty();
        boolean podAntiAffinity = !requiredAntiAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
        if (!podAffinity && !podAntiAffinity) {
            return affinity;
        }
        Affinity result = affinity == null ? new Affinity() : new AffinityBuilder(affinity).build();
        if (podAffinity) {
            PodAffinity terms = new PodAffinity();
            terms.setPreferredDuringSchedulingIgnoredDuringExecution(
                    preferredAffinity.isEmpty() ? null : preferredAffinity);
            terms.setRequiredDuringSchedulingIgnoredDuringExecution(
                    requiredAffinity.isEmpty() ? null : requiredAffinity);
            result.setPodAffinity(terms);
        }
        if (podAntiAffinity) {
            PodAntiAffinity terms = new PodAntiAffinity();
            terms.setPreferredDuringSchedulingIgnoredDuringExecution(
                    preferredAntiAffinity.isEmpty() ? null : preferredAntiAffinity);
            terms.setRequiredDuringSchedulingIgnoredDuringExecution(
                    requiredAntiAffinity.isEmpty() ? null : requiredAntiAffinity);
            result.setPodAntiAffinity(terms);
        }
        return result;
    }

    private static WeightedPodAffinityTerm weighted(int weight, PodAffinityTerm term) {
        return new WeightedPodAffinityTermBuilder()
                .withWeight(weight)
                .withPodAffinityTerm(term)
                .build();
    }

    private static Container makeContainer(String name, String restartPolicy, String... requests) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        for (int i = 0; i + 1 < requests.length; i += 2) {
            quantities.put(requests[i], new Quantity(requests[i + 1]));
        }
        return makeContainer(name, restartPolicy, quantities);
    }

    private static Container makeContainer(String name, String restartPolicy, Map<String, Quantity> requests) {
        return new ContainerBuilder()
                .withName(name)
                .withImage("busybox")
                .withRestartPolicy(restartPolicy)
                .withNewResources()
                .withRequests(requests.isEmpty() ? null : requests)
                .endResources()
                .build();
    }

    // ---- selectors and terms

    /** A pod (anti-)affinity term in the pod's own namespace. */
    public static PodAffinityTerm term(LabelSelector selector, String topologyKey) {
        return new PodAffinityTermBuilder()
                .withLabelSelector(selector)
                .withTopologyKey(topologyKey)
                .build();
    }

    /** A term naming namespaces and/or a namespace selector. */
    public static PodAffinityTerm term(
            LabelSelector selector, String topologyKey, List<String> namespaces, LabelSelector namespaceSelector) {
        return new PodAffinityTermBuilder()
                .withLabelSelector(selector)
                .withTopologyKey(topologyKey)
                .withNamespaces(namespaces)
                .withNamespaceSelector(namespaceSelector)
                .build();
    }

    public static LabelSelector in(String key, String... values) {
        return expression(key, "In", values);
    }

    public static LabelSelector notIn(String key, String... values) {
        return expression(key, "NotIn", values);
    }

    public static LabelSelector exists(String key) {
        return expression(key, "Exists");
    }

    public static LabelSelector matchLabels(String key, String value) {
        return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
    }

    /** A selector with several requirements, ANDed: "key operator [v1,v2]" each. */
    public static LabelSelector expressions(String... requirements) {
        LabelSelectorBuilder builder = new LabelSelectorBuilder();
        for (String requirement : requirements) {
            String[] parts = requirement.split(" ", 3);
            builder.addToMatchExpressions(new LabelSelectorRequirementBuilder()
                    .withKey(parts[0])
                    .withOperator(parts[1])
                    .withValues(parts.length > 2 ? List.of(parts[2].split(",")) : null)
                    .build());
        }
        return builder.build();
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder()
                .addToMatchExpressions(new LabelSelectorRequirementBuilder()
                        .withKey(key)
                        .withOperator(operator)
                        .withValues(values.length == 0 ? null : List.of(values))
                        .build())
                .build();
    }
}
