package io.skiff.scheduler.testfixtures;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
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

/** A fluent maker of test pods, after Kubernetes' st.MakePod(): only what the plugin tests set. */
public final class MakePod {

    private final String name;
    private String namespace = "default";
    private String uid;
    private String nodeName;
    private Integer priority;
    private String preemptionPolicy;
    private String nominatedNodeName;
    private Instant startTime;
    private boolean terminating;
    private boolean disruptionTargetByPreemption;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> nodeSelector = new LinkedHashMap<>();
    private final Map<String, Quantity> requests = new LinkedHashMap<>();
    private final List<Toleration> tolerations = new ArrayList<>();
    private final List<PodAffinityTerm> requiredAffinity = new ArrayList<>();
    private final List<PodAffinityTerm> requiredAntiAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAffinity = new ArrayList<>();
    private final List<WeightedPodAffinityTerm> preferredAntiAffinity = new ArrayList<>();
    private final List<TopologySpreadConstraint> spreadConstraints = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<io.fabric8.kubernetes.api.model.OwnerReference> owners = new ArrayList<>();

    private MakePod(String name) {
        this.name = name;
        this.uid = "uid-" + name;
    }

    public static MakePod pod(String name) {
        return new MakePod(name);
    }

    public MakePod namespace(String value) {
        this.namespace = value;
        return this;
    }

    public MakePod uid(String value) {
        this.uid = value;
        return this;
    }

    public MakePod node(String value) {
        this.nodeName = value;
        return this;
    }

    public MakePod priority(int value) {
        this.priority = value;
        return this;
    }

    public MakePod preemptionPolicy(String value) {
        this.preemptionPolicy = value;
        return this;
    }

    public MakePod nominatedNode(String value) {
        this.nominatedNodeName = value;
        return this;
    }

    public MakePod startTime(Instant value) {
        this.startTime = value;
        return this;
    }

    /** Marks the pod as being deleted. */
    public MakePod terminating() {
        this.terminating = true;
        return this;
    }

    /** Marks the pod as being deleted because the scheduler preempted it (DisruptionTarget condition). */
    public MakePod preemptedByScheduler() {
        this.terminating = true;
        this.disruptionTargetByPreemption = true;
        return this;
    }

    public MakePod label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public MakePod labels(Map<String, String> values) {
        labels.putAll(values);
        return this;
    }

    public MakePod nodeSelector(String key, String value) {
        nodeSelector.put(key, value);
        return this;
    }

    /** Requests of the pod's single container, e.g. {@code req("cpu", "500m")}. */
    public MakePod req(String resource, String amount) {
        requests.put(resource, new Quantity(amount));
        return this;
    }

    public MakePod toleration(Toleration toleration) {
        tolerations.add(toleration);
        return this;
    }

    public MakePod podAffinity(PodAffinityTerm term) {
        requiredAffinity.add(term);
        return this;
    }

    public MakePod podAntiAffinity(PodAffinityTerm term) {
        requiredAntiAffinity.add(term);
        return this;
    }

    public MakePod preferredPodAffinity(int weight, PodAffinityTerm term) {
        preferredAffinity.add(weighted(weight, term));
        return this;
    }

    public MakePod preferredPodAntiAffinity(int weight, PodAffinityTerm term) {
        preferredAntiAffinity.add(weighted(weight, term));
        return this;
    }

    public MakePod spreadConstraint(int maxSkew, String topologyKey, String whenUnsatisfiable, LabelSelector selector) {
        return spreadConstraint(new TopologySpreadConstraintBuilder()
                .withMaxSkew(maxSkew)
                .withTopologyKey(topologyKey)
                .withWhenUnsatisfiable(whenUnsatisfiable)
                .withLabelSelector(selector)
                .build());
    }

    public MakePod spreadConstraint(TopologySpreadConstraint constraint) {
        spreadConstraints.add(constraint);
        return this;
    }

    public MakePod pvc(String claimName) {
        volumes.add(new VolumeBuilder()
                .withName("vol-" + claimName)
                .withNewPersistentVolumeClaim()
                .withClaimName(claimName)
                .endPersistentVolumeClaim()
                .build());
        return this;
    }

    /** A generic ephemeral volume: its claim is named "{pod}-{volume}" and owned by the pod. */
    public MakePod ephemeralVolume(String volumeName) {
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

    public MakePod emptyDir(String volumeName) {
        volumes.add(new VolumeBuilder()
                .withName(volumeName)
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        return this;
    }

    /** A controller owner reference, e.g. {@code owner("apps/v1", "ReplicaSet", "rs1")}. */
    public MakePod owner(String apiVersion, String kind, String ownerName) {
        owners.add(new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(ownerName)
                .withUid("uid-" + ownerName)
                .withController(true)
                .build());
        return this;
    }

    public Pod obj() {
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
                .withPriority(priority)
                .withPreemptionPolicy(preemptionPolicy)
                .withNodeSelector(nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector))
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .withTopologySpreadConstraints(spreadConstraints.isEmpty() ? null : spreadConstraints)
                .withVolumes(volumes.isEmpty() ? null : volumes)
                .withAffinity(affinity())
                .withContainers(new ContainerBuilder()
                        .withName("main")
                        .withImage("busybox")
                        .withNewResources()
                        .withRequests(requests.isEmpty() ? null : new LinkedHashMap<>(requests))
                        .endResources()
                        .build())
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

    private Affinity affinity() {
        boolean affinity = !requiredAffinity.isEmpty() || !preferredAffinity.isEmpty();
        boolean antiAffinity = !requiredAntiAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
        if (!affinity && !antiAffinity) {
            return null;
        }
        Affinity result = new Affinity();
        if (affinity) {
            PodAffinity podAffinity = new PodAffinity();
            podAffinity.setPreferredDuringSchedulingIgnoredDuringExecution(
                    preferredAffinity.isEmpty() ? null : preferredAffinity);
            podAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(
                    requiredAffinity.isEmpty() ? null : requiredAffinity);
            result.setPodAffinity(podAffinity);
        }
        if (antiAffinity) {
            PodAntiAffinity podAntiAffinity = new PodAntiAffinity();
            podAntiAffinity.setPreferredDuringSchedulingIgnoredDuringExecution(
                    preferredAntiAffinity.isEmpty() ? null : preferredAntiAffinity);
            podAntiAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(
                    requiredAntiAffinity.isEmpty() ? null : requiredAntiAffinity);
            result.setPodAntiAffinity(podAntiAffinity);
        }
        return result;
    }

    private static WeightedPodAffinityTerm weighted(int weight, PodAffinityTerm term) {
        return new WeightedPodAffinityTermBuilder()
                .withWeight(weight)
                .withPodAffinityTerm(term)
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

    /** A selector with several requirements, ANDed: pairs of key and operator, values after "=" comma-separated. */
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
