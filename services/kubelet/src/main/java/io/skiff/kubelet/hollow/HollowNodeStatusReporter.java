package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every hollow node and keeps its NodeStatus fresh: at start each node is created (an
 * existing one has the labels the kubelet owns brought up to date), retried 100 ms doubling to 7 s
 * until it succeeds, as the kubelet's registerWithAPIServer; then one loop walks a {@link
 * SpreadSchedule} over the nodes and posts each node's conditions with new heartbeat times every
 * node-status-report-frequency, as a strategic merge patch of nodes/status (the kubelet's
 * PatchNodeStatus: conditions merge by type, so others' conditions stay). A Node deleted from the
 * API server is registered again at its next slot. A fixed pool bounds the calls in flight.
 */
final class HollowNodeStatusReporter {

    private static final Logger log = LoggerFactory.getLogger(HollowNodeStatusReporter.class);

    private static final Duration REGISTRATION_FIRST_STEP = Duration.ofMillis(100);
    private static final Duration REGISTRATION_MAX_STEP = Duration.ofSeconds(7);
    private static final Duration TICK = Duration.ofMillis(100);

    private final List<HollowNode> nodes;
    private final HollowNodeTemplate template;
    private final KubeClient client;
    private final Duration timeout;
    private final Duration reportFrequency;
    private final int concurrency;
    private final Clock clock;
    private final AtomicIntegerArray busy;
    private volatile ScheduledExecutorService loop;
    private volatile ExecutorService workers;

    HollowNodeStatusReporter(
            List<HollowNode> nodes,
            HollowNodeTemplate template,
            KubeClient client,
            Duration timeout,
            Duration reportFrequency,
            int concurrency,
            Clock clock) {
        this.nodes = List.copyOf(nodes);
        this.template = template;
        this.client = client;
        this.timeout = timeout;
        this.reportFrequency = reportFrequency;
        this.concurrency = concurrency;
        this.clock = clock;
        this.busy = new AtomicIntegerArray(nodes.size());
    }

    synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(HollowThreads.named("hollow-node-status-loop"));
        workers = Executors.newFixedThreadPool(concurrency, HollowThreads.named("hollow-node-status"));
        for (int member = 0; member < nodes.size(); member++) {
            busy.set(member, 1);
            int registering = member;
            workers.execute(() -> registerUntilDone(registering, REGISTRATION_FIRST_STEP));
        }
        SpreadSchedule schedule =
                new SpreadSchedule(nodes.size(), reportFrequency, System.nanoTime() + reportFrequency.toNanos());
        loop.scheduleWithFixedDelay(
                () -> schedule.takeDue(System.nanoTime(), (member, due) -> dispatch(member)),
                TICK.toMillis(),
                TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            workers.shutdownNow();
            loop = null;
        }
    }

    /**
     * The API server's view of a node changed: if it no longer says Ready=True (the node lifecycle
     * controller marks a node Unknown when its heartbeats were late), its status is posted now
     * rather than at its next report, as the kubelet's status update, which compares its status
     * with the API's every node-status-update-frequency, does.
     */
    void observed(HollowNode node, Node current) {
        if (loop == null || !node.registered() || readyTrue(current)) {
            return;
        }
        dispatch(node.index());
    }

    private static boolean readyTrue(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** Whether every node has been registered. */
    boolean allRegistered() {
        return nodes.stream().allMatch(HollowNode::registered);
    }

    private void dispatch(int member) {
        ExecutorService pool = workers;
        if (pool == null || pool.isShutdown() || !busy.compareAndSet(member, 0, 1)) {
            return;
        }
        pool.execute(() -> {
            try {
                HollowNode node = nodes.get(member);
                if (!node.registered()) {
                    register(node);
                } else {
                    report(node);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Error updating the status of hollow node {}: {}",
                        nodes.get(member).name(),
                        e.toString());
            } finally {
                busy.set(member, 0);
            }
        });
    }

    private void registerUntilDone(int member, Duration step) {
        HollowNode node = nodes.get(member);
        boolean done;
        try {
            register(node);
            done = true;
        } catch (RuntimeException e) {
            log.warn("Unable to register hollow node {} with the API server: {}", node.name(), e.toString());
            done = false;
        }
        if (done) {
            busy.set(member, 0);
            return;
        }
        Duration next = step.multipliedBy(2).compareTo(REGISTRATION_MAX_STEP) > 0
                ? REGISTRATION_MAX_STEP
                : step.multipliedBy(2);
        ScheduledExecutorService scheduler = loop;
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(
                    () -> workers.execute(() -> registerUntilDone(member, next)),
                    step.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** tryRegisterWithAPIServer: create the Node, or take over the existing one and report its status. */
    private void register(HollowNode node) {
        String now = KubeTimes.time(clock.instant());
        try {
            node.observed(client.nodes()
                    .create(null, template.initialNode(node.name(), now))
                    .block(timeout));
            return;
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                throw e;
            }
        }
        Node existing = client.nodes().get(null, node.name()).block(timeout);
        Map<String, String> labels = template.labels(node.name());
        Map<String, String> current = existing.getMetadata().getLabels() == null
                ? Map.of()
                : existing.getMetadata().getLabels();
        if (!labels.entrySet().stream().allMatch(label -> label.getValue().equals(current.get(label.getKey())))) {
            existing = client.nodes()
                    .patch(null, node.name(), Patch.merge(Map.of("metadata", Map.of("labels", labels))))
                    .block(timeout);
        }
        node.observed(existing);
        report(node);
    }

    /** Posts the node's conditions with a new heartbeat; a Node that is gone is registered again. */
    private void report(HollowNode node) {
        Node latest = node.latest();
        List<NodeCondition> previous = latest == null || latest.getStatus() == null
                ? List.of()
                : latest.getStatus().getConditions();
        List<NodeCondition> conditions = template.conditions(previous, KubeTimes.time(clock.instant()));
        try {
            node.observed(client.nodes()
                    .patchStatus(
                            null, node.name(), Patch.strategicMerge(Map.of("status", Map.of("conditions", conditions))))
                    .block(timeout));
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
            log.warn("Hollow node {} is gone from the API server; registering it again", node.name());
            node.deleted();
            register(node);
        }
    }
}
