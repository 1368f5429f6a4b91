package io.skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The kubelet's node agent: registers the Node (100 ms doubling to 7 s between attempts, as the
 * kubelet's registerWithAPIServer; an existing Node has its default labels brought up to date),
 * renews the node Lease every quarter of its duration (retrying failures after 200 ms doubling to
 * 7 s), and every status update period computes the NodeStatus and posts it when it changed or when
 * the report period passed since it was last posted. A Node deleted from the API server is
 * registered again on the next status update.
 */
public final class NodeAgent implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private static final Duration REGISTRATION_FIRST_STEP = Duration.ofMillis(100);
    private static final Duration REGISTRATION_MAX_STEP = Duration.ofSeconds(7);
    private static final Duration LEASE_RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration LEASE_RETRY_MAX = Duration.ofSeconds(7);
    private static final int STATUS_UPDATE_RETRIES = 5;

    private final String nodeName;
    private final NodeApi api;
    private final NodeStatusSetters builder;
    private final NodeLease lease;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration updateFrequency;
    private final Duration reportFrequency;
    private final Duration leaseDuration;
    private final Duration renewInterval;

    private ScheduledExecutorService statusLoop;
    private ScheduledExecutorService leaseLoop;
    private volatile Node latestNode;
    private volatile boolean registered;
    private volatile boolean running;
    private volatile Instant lastLeaseRenewal;
    private Instant lastReport = Instant.MIN;
    private Duration registrationStep = REGISTRATION_FIRST_STEP;
    private Duration leaseRetry = LEASE_RETRY_FIRST;

    NodeAgent(
            String nodeName,
            NodeApi api,
            NodeStatusSetters builder,
            Duration leaseDuration,
            Duration updateFrequency,
            Duration reportFrequency,
            EventRecorder events,
            Clock clock) {
        this.nodeName = nodeName;
        this.api = api;
        this.builder = builder;
        this.events = events;
        this.clock = clock;
        this.updateFrequency = updateFrequency;
        this.reportFrequency = reportFrequency;
        this.leaseDuration = leaseDuration;
        this.renewInterval = Duration.ofMillis(leaseDuration.toMillis() / 4);
        this.lease = new NodeLease(api, nodeName, leaseDuration, clock, this::nodeUid);
    }

    /** The registered Node's podCIDR, or null until the controller manager assigned one. */
    public String podCidr() {
        Node node = latestNode;
        return node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
    }

    /** Whether the Node is registered with the API server (false again while it is re-registered). */
    public boolean registered() {
        return registered;
    }

    /** When the node's Lease was last renewed by this kubelet, if it ever was. */
    public Optional<Instant> lastLeaseRenewal() {
        return Optional.ofNullable(lastLeaseRenewal);
    }

    /** The Lease's leaseDurationSeconds: a renewal older than this lets the Node go unknown. */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    private Optional<String> nodeUid() {
        Node node = latestNode;
        return node == null
                ? Optional.empty()
                : Optional.ofNullable(node.getMetadata().getUid());
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        statusLoop = Executors.newSingleThreadScheduledExecutor(named("kubelet-node-status"));
        leaseLoop = Executors.newSingleThreadScheduledExecutor(named("kubelet-node-lease"));
        nodeEvent(EventType.NORMAL, "Starting", "Starting kubelet.");
        statusLoop.execute(this::registerThenUpdate);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (statusLoop != null) {
            statusLoop.shutdownNow();
            leaseLoop.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Registration, retried until it succeeds; then the status and lease loops. */
    private void registerThenUpdate() {
        if (!running) {
            return;
        }
        if (!register()) {
            statusLoop.schedule(this::registerThenUpdate, registrationStep.toMillis(), TimeUnit.MILLISECONDS);
            registrationStep = min(registrationStep.multipliedBy(2), REGISTRATION_MAX_STEP);
            return;
        }
        registrationStep = REGISTRATION_FIRST_STEP;
        statusLoop.scheduleWithFixedDelay(
                this::updateStatusSafely, 0, updateFrequency.toMillis(), TimeUnit.MILLISECONDS);
        leaseLoop.execute(this::renewLease);
    }

    /** tryRegisterWithAPIServer: create the Node, or take over the existing one. */
    boolean register() {
        NodeStatusSetters.NodeWithEvents initial = builder.initialNode();
        try {
            latestNode = api.createNode(initial.node());
            log.info("Successfully registered node {}", nodeName);
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                log.warn("Unable to register node {} with the API server: {}", nodeName, e.toString());
                return false;
            }
            try {
                Optional<Node> existing = api.getNode(nodeName);
                if (existing.isEmpty()) {
                    return false;
                }
                log.info("Node {} was previously registered", nodeName);
                latestNode = reconcileDefaultLabels(existing.get());
            } catch (RuntimeException failed) {
                log.warn("Unable to reconcile node {} with the API server: {}", nodeName, failed.toString());
                return false;
            }
        }
        registered = true;
        initial.events().forEach(this::statusEvent);
        return true;
    }

    /** updateDefaultLabels: the well-known labels the kubelet owns take its current values. */
    private Node reconcileDefaultLabels(Node existing) {
        Map<String, String> labels = new HashMap<>(
                existing.getMetadata().getLabels() == null
                        ? Map.of()
                        : existing.getMetadata().getLabels());
        boolean changed = false;
        for (Map.Entry<String, String> label : builder.defaultLabels().entrySet()) {
            if (!label.getValue().equals(labels.get(label.getKey()))) {
                labels.put(label.getKey(), label.getValue());
                changed = true;
            }
        }
        if (!changed) {
            return existing;
        }
        Node update = new NodeBuilder(existing)
                .editMetadata()
                .withLabels(labels)
                .endMetadata()
                .build();
        return api.updateNode(update);
    }

    private void updateStatusSafely() {
        try {
            updateNodeStatus();
        } catch (RuntimeException e) {
            log.warn("Error updating the status of node {}: {}", nodeName, e.toString());
        }
    }

    /** updateNodeStatus: a few tries against conflicts; a Node that is gone is registered again. */
    void updateNodeStatus() {
        if (!registered && !register()) {
            return;
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < STATUS_UPDATE_RETRIES; attempt++) {
            try {
                tryUpdateNodeStatus();
                return;
            } catch (RuntimeException e) {
                if (ApiErrors.isNotFound(e)) {
                    log.warn("Node {} is gone from the API server; registering it again", nodeName);
                    registered = false;
                    latestNode = null;
                    register();
                    return;
                }
                if (!ApiErrors.isConflict(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw new IllegalStateException("update node status exceeds retry count", last);
    }

    private void tryUpdateNodeStatus() {
        Optional<Node> found = api.getNode(nodeName);
        if (found.isEmpty()) {
            throw Statuses.notFound("", "nodes", nodeName);
        }
        Node node = found.get();
        latestNode = node;
        NodeStatus current = node.getStatus() == null ? new NodeStatus() : node.getStatus();
        NodeStatusSetters.StatusWithEvents computed = builder.status(current);
        NodeStatus next = merge(current, computed.status());
        Instant now = clock.instant();
        boolean changed = statusChanged(current, next);
        if (!changed && now.isBefore(lastReport.plus(reportFrequency))) {
            return;
        }
        Node update = new NodeBuilder(node).withStatus(next).build();
        latestNode = api.updateNodeStatus(update);
        lastReport = now;
        computed.events().forEach(this::statusEvent);
    }

    /** The kubelet's fields replace the API's; fields others own (volumesAttached, ...) and their conditions stay. */
    static NodeStatus merge(NodeStatus api, NodeStatus kubelet) {
        NodeStatus merged = new NodeStatusBuilder(api).build();
        merged.setCapacity(kubelet.getCapacity());
        merged.setAllocatable(kubelet.getAllocatable());
        merged.setAddresses(kubelet.getAddresses());
        merged.setDaemonEndpoints(kubelet.getDaemonEndpoints());
        merged.setNodeInfo(kubelet.getNodeInfo());
        merged.setImages(kubelet.getImages());
        List<NodeCondition> conditions = new ArrayList<>();
        List<NodeCondition> ours = kubelet.getConditions();
        for (NodeCondition condition : api.getConditions() == null ? List.<NodeCondition>of() : api.getConditions()) {
            conditions.add(ours.stream()
                    .filter(c -> c.getType().equals(condition.getType()))
                    .findFirst()
                    .orElse(condition));
        }
        for (NodeCondition condition : ours) {
            if (conditions.stream().noneMatch(c -> c.getType().equals(condition.getType()))) {
                conditions.add(condition);
            }
        }
        merged.setConditions(conditions);
        return merged;
    }

    /**
     * nodeStatusHasChanged: conditions compared without heartbeat times, everything else as it is.
     * Compared as JSON, the form the API server keeps, in which an absent list and an empty one are
     * the same (the model classes' equals tells them apart).
     */
    static boolean statusChanged(NodeStatus before, NodeStatus after) {
        if (NodeConditions.changed(before.getConditions(), after.getConditions())) {
            return true;
        }
        NodeStatus a = new NodeStatusBuilder(before)
                .withConditions((List<NodeCondition>) null)
                .build();
        NodeStatus b = new NodeStatusBuilder(after)
                .withConditions((List<NodeCondition>) null)
                .build();
        return !KubeJson.mapper().valueToTree(a).equals(KubeJson.mapper().valueToTree(b));
    }

    private void renewLease() {
        if (!running) {
            return;
        }
        Duration next;
        try {
            lease.renew();
            lastLeaseRenewal = clock.instant();
            leaseRetry = LEASE_RETRY_FIRST;
            next = renewInterval;
        } catch (RuntimeException e) {
            log.warn("Failed to renew the lease of node {}, retrying in {}: {}", nodeName, leaseRetry, e.toString());
            next = leaseRetry;
            leaseRetry = min(leaseRetry.multipliedBy(2), LEASE_RETRY_MAX);
        }
        leaseLoop.schedule(this::renewLease, jitter(next).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Up to 4% more, as the lease controller's wait.JitterUntil does for node leases. */
    private static Duration jitter(Duration interval) {
        return interval.plusMillis(
                (long) (interval.toMillis() * 0.04 * ThreadLocalRandom.current().nextDouble()));
    }

    private void statusEvent(String event) {
        nodeEvent(EventType.NORMAL, event, "Node " + nodeName + " status is now: " + event);
    }

    /** Events about the node point at it as the kubelet's nodeRef does: kind Node, UID = node name. */
    private void nodeEvent(EventType type, String reason, String message) {
        events.event(NodeReferences.of(nodeName), type, reason, "%s", message);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
