package io.skiff.controllermanager.daemonset;

import static io.skiff.model.scheduling.NodeSelectorTerm.NODE_NAME_FIELD;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.model.scheduling.Taints;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What daemon pods look like (pkg/controller/daemon/util): the tolerations every daemon pod gets,
 * the labels naming its revision, the node affinity that pins it to its node, and how to tell
 * which node a pod is meant for and whether it runs the current template.
 */
final class DaemonPods {

    /** The label carrying the DaemonSet's template generation (extensions' DaemonSetTemplateGenerationKey). */
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

    /** Where apps/v1 keeps the DaemonSet's template generation. */
    static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    private DaemonPods() {}

    /**
     * Adds the tolerations Kubernetes gives every daemon pod (AddOrUpdateDaemonPodTolerations): node
     * problems must not evict it (not-ready and unreachable NoExecute, without tolerationSeconds),
     * and node conditions must not keep it off (disk, memory and pid pressure, unschedulable
     * NoSchedule; network-unavailable too for host-network pods, which need no pod network).
     */
    static void addDaemonTolerations(PodSpec spec) {
        Taints.addOrUpdate(spec, exists(Taints.NODE_NOT_READY, Taints.NO_EXECUTE));
        Taints.addOrUpdate(spec, exists(Taints.NODE_UNREACHABLE, Taints.NO_EXECUTE));
        Taints.addOrUpdate(spec, exists(Taints.NODE_DISK_PRESSURE, Taints.NO_SCHEDULE));
        Taints.addOrUpdate(spec, exists(Taints.NODE_MEMORY_PRESSURE, Taints.NO_SCHEDULE));
        Taints.addOrUpdate(spec, exists(Taints.NODE_PID_PRESSURE, Taints.NO_SCHEDULE));
        Taints.addOrUpdate(spec, exists(Taints.NODE_UNSCHEDULABLE, Taints.NO_SCHEDULE));
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            Taints.addOrUpdate(spec, exists(Taints.NODE_NETWORK_UNAVAILABLE, Taints.NO_SCHEDULE));
        }
    }

    /**
     * The template new pods are made from (CreatePodTemplate): the DaemonSet's, with the daemon
     * tolerations, the template generation label (when the DaemonSet has one) and the revision hash.
     */
    static PodTemplateSpec podTemplate(DaemonSet daemonSet, String hash) {
        PodTemplateSpec template =
                new PodTemplateSpecBuilder(daemonSet.getSpec().getTemplate()).build();
        if (template.getSpec() == null) {
            template.setSpec(new PodSpec());
        }
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        addDaemonTolerations(template.getSpec());
        Map<String, String> labels = template.getMetadata().getLabels() == null
                ? new HashMap<>()
                : new HashMap<>(template.getMetadata().getLabels());
        templateGeneration(daemonSet)
                .ifPresent(generation -> labels.put(TEMPLATE_GENERATION_LABEL, generation.toString()));
        if (!hash.isEmpty()) {
            labels.put(ControllerRevisions.REVISION_LABEL, hash);
        }
        template.getMetadata().setLabels(labels);
        return template;
    }

    /**
     * The pod the DaemonSet would run on {@code nodeName} (NewPod), for asking whether it fits: the
     * template with the daemon tolerations, bound to the node.
     */
    static PodSpec simulatedSpec(DaemonSet daemonSet, String nodeName) {
        PodSpec template = daemonSet.getSpec().getTemplate().getSpec();
        PodSpec spec = template == null ? new PodSpec() : new PodSpecBuilder(template).build();
        spec.setNodeName(nodeName);
        addDaemonTolerations(spec);
        return spec;
    }

    /**
     * Pins {@code spec} to {@code nodeName} the way daemon pods are placed since Kubernetes 1.12
     * (ReplaceDaemonSetPodNodeNameNodeAffinity): the required node affinity becomes the single term
     * {@code metadata.name In [node]}, and the scheduler binds the pod there. Other required terms
     * are dropped: the node was chosen because it satisfies them.
     */
    static void pinToNode(PodSpec spec, String nodeName) {
        NodeSelectorRequirement onNode = new NodeSelectorRequirementBuilder()
                .withKey(NODE_NAME_FIELD)
                .withOperator("In")
                .withValues(nodeName)
                .build();
        NodeSelectorTerm term =
                new NodeSelectorTermBuilder().withMatchFields(onNode).build();
        Affinity affinity = spec.getAffinity() == null ? new AffinityBuilder().build() : spec.getAffinity();
        if (affinity.getNodeAffinity() == null) {
            affinity.setNodeAffinity(new NodeAffinity());
        }
        NodeAffinity nodeAffinity = affinity.getNodeAffinity();
        if (nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector());
        }
        nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().setNodeSelectorTerms(List.of(term));
        spec.setAffinity(affinity);
    }

    /**
     * The node a daemon pod is meant for (GetTargetNodeName): where it is bound, or, while
     * unscheduled, the node its {@code metadata.name In} field requirement names.
     */
    static Optional<String> targetNode(Pod pod) {
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return Optional.empty();
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            return Optional.of(spec.getNodeName());
        }
        if (spec.getAffinity() == null
                || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return Optional.empty();
        }
        List<NodeSelectorTerm> terms = spec.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
            for (NodeSelectorRequirement field :
                    term.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : term.getMatchFields()) {
                if (NODE_NAME_FIELD.equals(field.getKey()) && "In".equals(field.getOperator())) {
                    return field.getValues() != null && field.getValues().size() == 1
                            ? Optional.of(field.getValues().get(0))
                            : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The DaemonSet's template generation from its annotation; empty when absent or unreadable. */
    static Optional<Long> templateGeneration(DaemonSet daemonSet) {
        Map<String, String> annotations = daemonSet.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(TEMPLATE_GENERATION_ANNOTATION);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code pod} runs the current template: its revision hash, or else its template generation, matches. */
    static boolean isUpdated(Pod pod, String hash, Optional<Long> generation) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null
                ? Map.of()
                : pod.getMetadata().getLabels();
        boolean hashMatches = !hash.isEmpty() && hash.equals(labels.get(ControllerRevisions.REVISION_LABEL));
        boolean generationMatches =
                generation.isPresent() && generation.get().toString().equals(labels.get(TEMPLATE_GENERATION_LABEL));
        return hashMatches || generationMatches;
    }

    /** Scheduled pods first, then oldest first, then by name (podByCreationTimestampAndPhase). */
    static Comparator<Pod> oldestScheduledFirst() {
        return Comparator.<Pod, Boolean>comparing(pod -> !isScheduled(pod))
                .thenComparing(pod -> created(pod).orElse(Instant.MIN))
                .thenComparing(pod -> pod.getMetadata().getName());
    }

    static boolean isScheduled(Pod pod) {
        return pod.getSpec() != null
                && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? ""
                : pod.getStatus().getPhase();
    }

    private static Toleration exists(String key, String effect) {
        return new TolerationBuilder()
                .withKey(key)
                .withOperator("Exists")
                .withEffect(effect)
                .build();
    }

    private static Optional<Instant> created(Pod pod) {
        return KubeTimes.parse(pod.getMetadata().getCreationTimestamp());
    }
}
