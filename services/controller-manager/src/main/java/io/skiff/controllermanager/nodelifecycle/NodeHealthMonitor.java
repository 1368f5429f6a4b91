package io.skiff.controllermanager.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.nodes.NodeConditions;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.scheduling.Taints;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of node health monitoring (nodelifecycle's monitorNodeHealth), run every node monitor
 * period under the single key {@link #KEY}. A node whose Lease was not renewed and whose Ready
 * heartbeat did not change for the grace period gets its Ready and pressure conditions set to
 * Unknown; a node whose Ready condition is not True is queued, per zone and at the zone's rate, for
 * the unreachable or not-ready NoExecute taint, removed again once it is Ready. When a node stops
 * being Ready its pods are marked not ready.
 */
final class NodeHealthMonitor implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(NodeHealthMonitor.class);

    static final String KEY = "node-health";
    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    static final String REASON_UNKNOWN = "NodeStatusUnknown";
    static final String MESSAGE_UNKNOWN = "Kubelet stopped posting node status.";
    static final String REASON_NEVER_UPDATED = "NodeStatusNeverUpdated";
    static final String MESSAGE_NEVER_UPDATED = "Kubelet never posted node status.";
    static final List<String> MONITORED_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    private static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    private static final String REGION_LABEL = "topology.kubernetes.io/region";

    private final Lister<Node> nodes;
    private final Lister<Lease> leases;
    private final Lister<Pod> pods;
    private final NodeLifecycleWrites writes;
    private final EventRecorder events;
    private final NodeLifecycleProperties properties;
    private final Clock clock;
    private final Duration timeout;

    /** What was last observed of each node (nodelifecycle's nodeHealthMap). */
    private final Map<String, Health> health = new HashMap<>();

    private final Map<String, ZoneTainter> tainters = new HashMap<>();
    private final Map<String, ZoneState> zoneStates = new HashMap<>();

    private static final class Health {
        Instant probe;
        String readyHeartbeat;
        String leaseRenew;
    }

    NodeHealthMonitor(
            Lister<Node> nodes,
            Lister<Lease> leases,
            Lister<Pod> pods,
            NodeLifecycleWrites writes,
            EventRecorder events,
            NodeLifecycleProperties properties,
            Clock clock,
            Duration timeout) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.writes = writes;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Forgets what was observed: a new term starts every node's grace period afresh. */
    synchronized void reset() {
        health.clear();
        tainters.clear();
        zoneStates.clear();
    }

    @Override
    public synchronized Result sync(String key) {
        monitor();
        return Result.requeueAfter(properties.nodeMonitorPeriod());
    }

    synchronized void monitor() {
        Instant now = clock.instant();
        List<Node> all = nodes.list(LabelSelector.everything());
        Set<String> names = new HashSet<>();
        Map<String, List<NodeCondition>> readyByZone = new HashMap<>();
        for (Node cached : all) {
            String name = cached.getMetadata().getName();
            names.add(name);
            String zone = zoneOf(cached);
            tainters.computeIfAbsent(zone, z -> new ZoneTainter(properties.nodeEvictionRate(), clock));
            Optional<NodeCondition> observedReady = NodeConditions.condition(cached, NodeConditions.READY);
            Optional<Node> node = tryUpdateHealth(cached, now);
            if (node.isEmpty()) {
                continue;
            }
            Optional<NodeCondition> currentReady = NodeConditions.condition(node.get(), NodeConditions.READY);
            readyByZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(currentReady.orElse(null));
            if (currentReady.isEmpty()) {
                continue;
            }
            processTaintBasedEviction(node.get(), zone, currentReady.get().getStatus(), now);
            if (observedReady.map(c -> "True".equals(c.getStatus())).orElse(false)
                    && !"True".equals(currentReady.get().getStatus())) {
                events.event(
                        node.get(),
                        EventType.NORMAL,
                        "NodeNotReady",
                        "Node %s status is now: %s",
                        name,
                        "NodeNotReady");
                markPodsNotReady(name, now);
            }
        }
        health.keySet().retainAll(names);
        handleDisruption(readyByZone, all, now);
        taintPass(now);
    }

    /**
     * tryUpdateNodeHealth: notes a changed Ready heartbeat or a renewed Lease, and once neither came
     * within the grace period sets the monitored conditions to Unknown through the API.
     *
     * @return the node as it now is, or empty when its status could not be written
     */
    private Optional<Node> tryUpdateHealth(Node node, Instant now) {
        String name = node.getMetadata().getName();
        Optional<NodeCondition> ready = NodeConditions.condition(node, NodeConditions.READY);
        Duration grace = ready.isPresent() ? properties.nodeMonitorGracePeriod() : properties.nodeStartupGracePeriod();
        Health saved = health.computeIfAbsent(name, n -> {
            Health first = new Health();
            first.probe =
                    ready.isPresent() ? now : Instant.parse(node.getMetadata().getCreationTimestamp());
            first.readyHeartbeat =
                    ready.map(NodeCondition::getLastHeartbeatTime).orElse(null);
            return first;
        });
        if (ready.isPresent()
                && !Objects.equals(saved.readyHeartbeat, ready.get().getLastHeartbeatTime())) {
            saved.probe = now;
            saved.readyHeartbeat = ready.get().getLastHeartbeatTime();
        }
        Optional<String> renew = leases.get(NODE_LEASE_NAMESPACE, name)
                .map(lease -> lease.getSpec() == null || lease.getSpec().getRenewTime() == null
                        ? null
                        : lease.getSpec().getRenewTime().toString());
        if (renew.isPresent() && !Objects.equals(renew.get(), saved.leaseRenew)) {
            saved.leaseRenew = renew.get();
            saved.probe = now;
        }
        if (!now.isAfter(saved.probe.plus(grace))) {
            return Optional.of(node);
        }
        Node updated = new NodeBuilder(node).build();
        if (!markConditionsUnknown(updated, now)) {
            return Optional.of(node);
        }
        log.info(
                "node-lifecycle: node {} has not renewed its Lease or posted status for more than {}; "
                        + "marking its conditions Unknown",
                name,
                grace);
        try {
            Node written = writes.updateNodeStatus(updated).block(timeout);
            return Optional.of(written == null ? updated : written);
        } catch (RuntimeException e) {
            log.warn(
                    "node-lifecycle: updating the status of node {} failed; trying next pass: {}",
                    name,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Sets the monitored conditions to Unknown; whether anything changed. */
    private static boolean markConditionsUnknown(Node node, Instant now) {
        if (node.getStatus() == null) {
            node.setStatus(new NodeStatus());
        }
        List<NodeCondition> conditions = node.getStatus().getConditions() == null
                ? new ArrayList<>()
                : new ArrayList<>(node.getStatus().getConditions());
        boolean changed = false;
        for (String type : MONITORED_CONDITIONS) {
            Optional<NodeCondition> existing =
                    conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
            if (existing.isEmpty()) {
                conditions.add(new NodeConditionBuilder()
                        .withType(type)
                        .withStatus("Unknown")
                        .withReason(REASON_NEVER_UPDATED)
                        .withMessage(MESSAGE_NEVER_UPDATED)
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(KubeTimes.time(now))
                        .build());
                changed = true;
            } else if (!"Unknown".equals(existing.get().getStatus())) {
                NodeCondition condition = existing.get();
                condition.setStatus("Unknown");
                condition.setReason(REASON_UNKNOWN);
                condition.setMessage(MESSAGE_UNKNOWN);
                condition.setLastTransitionTime(KubeTimes.time(now));
                changed = true;
            }
        }
        node.getStatus().setConditions(conditions);
        return changed;
    }

    /** processTaintBaseEviction: queue or swap the NoExecute taint the Ready status calls for. */
    private void processTaintBasedEviction(Node node, String zone, String readyStatus, Instant now) {
        String name = node.getMetadata().getName();
        List<Taint> taints = NodeConditions.taints(node);
        ZoneTainter tainter = tainters.get(zone);
        switch (readyStatus) {
            case "False", "Unknown" -> {
                String wanted = "False".equals(readyStatus) ? Taints.NODE_NOT_READY : Taints.NODE_UNREACHABLE;
                String other = "False".equals(readyStatus) ? Taints.NODE_UNREACHABLE : Taints.NODE_NOT_READY;
                if (NodeTaints.has(taints, wanted, Taints.NO_EXECUTE)) {
                    return;
                }
                if (NodeTaints.has(taints, other, Taints.NO_EXECUTE)) {
                    // Already tainted for eviction: only the reason changed, no need to wait for the rate.
                    setNoExecuteTaint(node, wanted, now);
                } else {
                    tainter.add(name);
                }
            }
            default -> {
                tainter.remove(name);
                markReachable(node);
            }
        }
    }

    private void markReachable(Node node) {
        List<Taint> taints = NodeConditions.taints(node);
        List<Taint> kept =
                NodeTaints.without(taints, Taints.NO_EXECUTE, List.of(Taints.NODE_UNREACHABLE, Taints.NODE_NOT_READY));
        if (kept.size() == taints.size()) {
            return;
        }
        writeTaints(node, kept, "removing its NoExecute taints: it is Ready");
    }

    private boolean setNoExecuteTaint(Node node, String key, Instant now) {
        List<Taint> taints = new ArrayList<>(NodeTaints.without(
                NodeConditions.taints(node),
                Taints.NO_EXECUTE,
                List.of(Taints.NODE_UNREACHABLE, Taints.NODE_NOT_READY)));
        taints.add(NodeTaints.noExecute(key, now));
        return writeTaints(node, taints, "adding the " + key + ":NoExecute taint");
    }

    private boolean writeTaints(Node node, List<Taint> taints, String what) {
        try {
            writes.setTaints(node, taints).block(timeout);
            log.info("node-lifecycle: node {}: {}", node.getMetadata().getName(), what);
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "node-lifecycle: node {}: {} failed; trying again: {}",
                    node.getMetadata().getName(),
                    what,
                    e.getMessage());
            return false;
        }
    }

    /** handleDisruption: each zone's rate from its state; all zones fully disrupted stops eviction. */
    private void handleDisruption(Map<String, List<NodeCondition>> readyByZone, List<Node> all, Instant now) {
        Map<String, ZoneState> states = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        readyByZone.forEach((zone, conditions) -> {
            int ready = (int) conditions.stream()
                    .filter(c -> c != null && "True".equals(c.getStatus()))
                    .count();
            states.put(zone, ZoneState.of(ready, conditions.size() - ready, properties.unhealthyZoneThreshold()));
            sizes.put(zone, conditions.size());
        });
        boolean allWere =
                !zoneStates.isEmpty() && zoneStates.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
        boolean allAre = !states.isEmpty() && states.values().stream().allMatch(s -> s == ZoneState.FULL_DISRUPTION);
        if (allAre) {
            if (!allWere) {
                log.warn("node-lifecycle: no node in any zone is Ready; entering master disruption mode: "
                        + "NoExecute taints are removed and no pod is evicted until a node is Ready again");
                for (Node node : all) {
                    nodes.get(node.getMetadata().getName()).ifPresent(this::markReachable);
                }
            }
            tainters.values().forEach(t -> t.setRate(0));
        } else {
            if (allWere) {
                log.info("node-lifecycle: a node is Ready again; leaving master disruption mode");
                // Nodes had no chance to report while the disruption lasted: give each a full grace period.
                health.values().forEach(h -> h.probe = now);
            }
            states.forEach((zone, state) -> {
                ZoneTainter tainter = tainters.get(zone);
                if (tainter == null) {
                    return;
                }
                if (zoneStates.get(zone) != state) {
                    log.info("node-lifecycle: zone \"{}\" is now {}", zone, state);
                }
                tainter.setRate(rateFor(state, sizes.get(zone)));
            });
        }
        zoneStates.clear();
        zoneStates.putAll(states);
        tainters.keySet().retainAll(states.keySet());
    }

    private double rateFor(ZoneState state, int zoneSize) {
        return switch (state) {
            case NORMAL, FULL_DISRUPTION -> properties.nodeEvictionRate();
            case PARTIAL_DISRUPTION ->
                zoneSize > properties.largeClusterSizeThreshold() ? properties.secondaryNodeEvictionRate() : 0;
        };
    }

    /** doNoExecuteTaintingPass: taints the nodes whose turn came, as their Ready condition now says. */
    private void taintPass(Instant now) {
        for (ZoneTainter tainter : tainters.values()) {
            for (String name : tainter.take()) {
                Optional<Node> node = nodes.get(name);
                if (node.isEmpty()) {
                    continue;
                }
                String ready = NodeConditions.condition(node.get(), NodeConditions.READY)
                        .map(NodeCondition::getStatus)
                        .orElse("Unknown");
                String wanted = switch (ready) {
                    case "False" -> Taints.NODE_NOT_READY;
                    case "Unknown" -> Taints.NODE_UNREACHABLE;
                    default -> null;
                };
                if (wanted == null || NodeTaints.has(NodeConditions.taints(node.get()), wanted, Taints.NO_EXECUTE)) {
                    continue;
                }
                if (!setNoExecuteTaint(node.get(), wanted, now)) {
                    tainter.add(name);
                }
            }
        }
    }

    /** MarkPodsNotReady: the node's pods that are Ready become not Ready, as no kubelet will say so. */
    private void markPodsNotReady(String node, Instant now) {
        for (Pod pod : pods.byIndex(Indexers.POD_NODE_NAME, node)) {
            if (!node.equals(pod.getSpec().getNodeName()) || !ActivePods.isReady(pod)) {
                continue;
            }
            try {
                writes.patchPodCondition(
                                pod.getMetadata().getNamespace(),
                                pod.getMetadata().getName(),
                                new PodConditionBuilder()
                                        .withType("Ready")
                                        .withStatus("False")
                                        .withLastTransitionTime(KubeTimes.time(now))
                                        .build())
                        .block(timeout);
                events.event(pod, EventType.WARNING, "NodeNotReady", "Node is not ready");
            } catch (RuntimeException e) {
                log.warn("node-lifecycle: marking pod {} not ready failed: {}", ObjectKeys.keyOf(pod), e.getMessage());
            }
        }
    }

    /** nodeutil.GetZoneKey: region and zone labels joined; empty for nodes without either. */
    static String zoneOf(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        String region = labels == null ? "" : labels.getOrDefault(REGION_LABEL, "");
        String zone = labels == null ? "" : labels.getOrDefault(ZONE_LABEL, "");
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }
}
