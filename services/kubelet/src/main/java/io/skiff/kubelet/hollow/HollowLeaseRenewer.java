package io.skiff.kubelet.hollow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.skiff.kubelet.node.NodeLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeats of every hollow node: one loop walks a {@link SpreadSchedule} over the nodes, so
 * that each node's Lease in kube-node-lease is renewed every quarter of the lease duration, the
 * renewals spread evenly over that interval; a fixed pool bounds how many are in flight. A failed
 * renewal is retried after 200 ms doubling to 7 s (as the kubelet's lease controller does), and a
 * node whose renewal is still in flight or retrying when its slot comes again is not renewed twice.
 * Each renewal is the kubelet's own {@link NodeLease}.
 */
final class HollowLeaseRenewer {

    private static final Logger log = LoggerFactory.getLogger(HollowLeaseRenewer.class);

    private static final Duration RETRY_FIRST = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(7);
    private static final Duration MIN_TICK = Duration.ofMillis(5);
    private static final Duration MAX_TICK = Duration.ofMillis(100);

    private final List<HollowNode> nodes;
    private final List<NodeLease> leases;
    private final Duration renewInterval;
    private final int concurrency;
    private final AtomicIntegerArray busy;
    private final Timer delay;
    private final Counter failures;
    private ScheduledExecutorService loop;
    private ExecutorService workers;

    /**
     * @param leases the Lease of each node, in the order of {@code nodes}
     * @param concurrency renewals in flight at most
     */
    HollowLeaseRenewer(
            List<HollowNode> nodes,
            List<NodeLease> leases,
            Duration leaseDuration,
            int concurrency,
            MeterRegistry registry) {
        this.nodes = List.copyOf(nodes);
        this.leases = List.copyOf(leases);
        this.renewInterval = Duration.ofMillis(Math.max(1, leaseDuration.toMillis() / 4));
        this.concurrency = concurrency;
        this.busy = new AtomicIntegerArray(nodes.size());
        this.delay = Timer.builder("kubelet_hollow_lease_renewal_delay")
                .description("From when a hollow node's Lease renewal was due until it was written")
                .register(registry);
        this.failures = Counter.builder("kubelet_hollow_lease_renewal_failures")
                .description("Lease renewals of hollow nodes that failed (and were retried)")
                .register(registry);
    }

    synchronized void start() {
        if (loop != null) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(HollowThreads.named("hollow-lease-loop"));
        workers = Executors.newFixedThreadPool(concurrency, HollowThreads.named("hollow-lease-renew"));
        SpreadSchedule schedule = new SpreadSchedule(nodes.size(), renewInterval, System.nanoTime());
        long tick = clamp(schedule.slotGap()).toNanos();
        loop.scheduleWithFixedDelay(
                () -> schedule.takeDue(System.nanoTime(), this::dispatch), 0, tick, TimeUnit.NANOSECONDS);
    }

    synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            workers.shutdownNow();
            loop = null;
        }
    }

    private void dispatch(int member, long dueNanos) {
        if (!busy.compareAndSet(member, 0, 1)) {
            return;
        }
        workers.execute(() -> renew(member, dueNanos, RETRY_FIRST));
    }

    private void renew(int member, long dueNanos, Duration retry) {
        try {
            leases.get(member).renew();
            delay.record(System.nanoTime() - dueNanos, TimeUnit.NANOSECONDS);
            busy.set(member, 0);
        } catch (RuntimeException e) {
            failures.increment();
            log.debug(
                    "Failed to renew the lease of hollow node {}, retrying in {}: {}",
                    nodes.get(member).name(),
                    retry,
                    e.toString());
            Duration next = retry.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : retry.multipliedBy(2);
            ScheduledExecutorService scheduler = loop;
            if (scheduler == null || scheduler.isShutdown()) {
                return;
            }
            scheduler.schedule(
                    () -> workers.execute(() -> renew(member, dueNanos, next)),
                    retry.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private static Duration clamp(Duration tick) {
        if (tick.compareTo(MIN_TICK) < 0) {
            return MIN_TICK;
        }
        return tick.compareTo(MAX_TICK) > 0 ? MAX_TICK : tick;
    }
}
