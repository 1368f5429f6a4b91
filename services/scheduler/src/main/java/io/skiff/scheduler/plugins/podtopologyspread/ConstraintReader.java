package io.skiff.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the constraints that apply to a pod for one {@code whenUnsatisfiable} action: the pod's own,
 * or, when it declares none, the default constraints with a selector deduced from the workloads
 * that own or select the pod.
 */
final class ConstraintReader {

    private static final String HONOR = "Honor";

    private final List<TopologySpreadConstraint> defaultConstraints;
    private final WorkloadLister workloads;

    /**
     * @param workloads null when the integrator registered none: default constraints then never apply
     */
    ConstraintReader(List<TopologySpreadConstraint> defaultConstraints, WorkloadLister workloads) {
        this.defaultConstraints = defaultConstraints;
        this.workloads = workloads;
    }

    /**
     * @throws SelectorException when a constraint's selector is invalid
     */
    List<SpreadConstraint> constraints(Pod pod, String action) {
        List<TopologySpreadConstraint> own =
                pod.getSpec() == null ? null : pod.getSpec().getTopologySpreadConstraints();
        if (own != null && !own.isEmpty()) {
            return read(own, pod.getMetadata().getLabels(), action);
        }
        return defaults(pod, action);
    }

    private List<SpreadConstraint> defaults(Pod pod, String action) {
        if (workloads == null || defaultConstraints.isEmpty()) {
            return List.of();
        }
        List<SpreadConstraint> constraints =
                read(defaultConstraints, pod.getMetadata().getLabels(), action);
        if (constraints.isEmpty()) {
            return constraints;
        }
        LabelSelector selector = defaultSelector(pod);
        if (selector.isEverything()) {
            return List.of();
        }
        List<SpreadConstraint> withSelector = new ArrayList<>(constraints.size());
        for (SpreadConstraint c : constraints) {
            withSelector.add(new SpreadConstraint(
                    c.maxSkew(),
                    c.topologyKey(),
                    selector,
                    c.minDomains(),
                    c.honorNodeAffinity(),
                    c.honorNodeTaints()));
        }
        return List.copyOf(withSelector);
    }

    private static List<SpreadConstraint> read(
            List<TopologySpreadConstraint> constraints, Map<String, String> podLabels, String action) {
        List<SpreadConstraint> result = new ArrayList<>();
        for (TopologySpreadConstraint c : constraints) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            result.add(new SpreadConstraint(
                    c.getMaxSkew() == null ? 0 : c.getMaxSkew(),
                    c.getTopologyKey() == null ? "" : c.getTopologyKey(),
                    selector(c, podLabels),
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    c.getNodeAffinityPolicy() == null || HONOR.equals(c.getNodeAffinityPolicy()),
                    HONOR.equals(c.getNodeTaintsPolicy())));
        }
        return List.copyOf(result);
    }

    /** The constraint's selector ANDed with "key in (the pod's value)" for each of its matchLabelKeys the pod has. */
    private static LabelSelector selector(TopologySpreadConstraint c, Map<String, String> podLabels) {
        io.fabric8.kubernetes.api.model.LabelSelector declared = c.getLabelSelector();
        if (declared == null || c.getMatchLabelKeys() == null || podLabels == null) {
            return LabelSelector.fromApi(declared);
        }
        List<LabelSelectorRequirement> extra = new ArrayList<>();
        for (String key : c.getMatchLabelKeys()) {
            String value = podLabels.get(key);
            if (value != null) {
                extra.add(requirement(key, value));
            }
        }
        if (extra.isEmpty()) {
            return LabelSelector.fromApi(declared);
        }
        return LabelSelector.fromApi(new LabelSelectorBuilder(declared)
                .addAllToMatchExpressions(extra)
                .build());
    }

    /**
     * Kubernetes' DefaultSelector: the selectors of the Services selecting the pod, merged, ANDed with
     * the selector of its controlling ReplicationController, ReplicaSet or StatefulSet.
     */
    private LabelSelector defaultSelector(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        Map<String, String> labelSet = new LinkedHashMap<>();
        for (Service service : workloads.services(namespace)) {
            Map<String, String> selector =
                    service.getSpec() == null ? null : service.getSpec().getSelector();
            // a Service without a selector selects nothing, not everything
            if (selector != null && LabelSelector.fromSet(selector).matches(podLabels)) {
                labelSet.putAll(selector);
            }
        }
        List<LabelSelectorRequirement> controllerRequirements = new ArrayList<>();
        Optional<OwnerReference> controller = controllerOf(pod);
        if (controller.isPresent()) {
            OwnerReference owner = controller.get();
            String kind = owner.getApiVersion() + "/" + owner.getKind();
            switch (kind) {
                case "v1/ReplicationController":
                    workloads
                            .replicationController(namespace, owner.getName())
                            .map(rc ->
                                    rc.getSpec() == null ? null : rc.getSpec().getSelector())
                            .ifPresent(labelSet::putAll);
                    break;
                case "apps/v1/ReplicaSet":
                    workloads
                            .replicaSet(namespace, owner.getName())
                            .map(rs ->
                                    rs.getSpec() == null ? null : rs.getSpec().getSelector())
                            .ifPresent(selector -> controllerRequirements.addAll(requirements(selector)));
                    break;
                case "apps/v1/StatefulSet":
                    workloads
                            .statefulSet(namespace, owner.getName())
                            .map(ss ->
                                    ss.getSpec() == null ? null : ss.getSpec().getSelector())
                            .ifPresent(selector -> controllerRequirements.addAll(requirements(selector)));
                    break;
                default:
                    break;
            }
        }
        List<LabelSelectorRequirement> all = new ArrayList<>();
        labelSet.forEach((key, value) -> all.add(requirement(key, value)));
        all.addAll(controllerRequirements);
        if (all.isEmpty()) {
            return LabelSelector.everything();
        }
        return LabelSelector.fromApi(
                new LabelSelectorBuilder().withMatchExpressions(all).build());
    }

    /** A workload selector as requirements; an invalid or missing selector contributes none, as in Kubernetes. */
    private static List<LabelSelectorRequirement> requirements(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            LabelSelector.fromApi(selector);
        } catch (SelectorException invalid) {
            return List.of();
        }
        List<LabelSelectorRequirement> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((key, value) -> requirements.add(requirement(key, value)));
        }
        if (selector.getMatchExpressions() != null) {
            requirements.addAll(selector.getMatchExpressions());
        }
        return requirements;
    }

    private static Optional<OwnerReference> controllerOf(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController()))
                .findFirst();
    }

    private static LabelSelectorRequirement requirement(String key, String value) {
        return new LabelSelectorRequirementBuilder()
                .withKey(key)
                .withOperator("In")
                .withValues(value)
                .build();
    }
}
