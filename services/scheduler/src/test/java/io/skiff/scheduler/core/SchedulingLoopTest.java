package io.skiff.scheduler.core;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.cache.CacheStats;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import io.skiff.scheduler.framework.runtime.PodNominations;
import io.skiff.scheduler.plugins.DefaultProfile;
import io.skiff.scheduler.plugins.InTreeRegistry;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.queue.QueueSizes;
import io.skiff.scheduler.queue.SchedulingQueue;
import io.skiff.scheduler.testing.EmptyClusterPorts;
import io.skiff.scheduler.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingLoopTest {

    private final ManualClock clock = new ManualClock();
    private final Map<String, Pod> informer = new HashMap<>();
    private final List<Binding> bindings = new ArrayList<>();
    private final List<String> reports = new ArrayList<>();
    private final List<String> attempts = new ArrayList<>();
    private RuntimeException bindFailure;

    private final SchedulerCache cache = new SchedulerCache(Duration.ofMinutes(15), clock);
    private final Snapshot snapshot = new Snapshot();
    private final Parallelizer parallelizer = new Parallelizer(2);
    private final PodNominations nominations = new PodNominations();
    private final FrameworkRunner framework = FrameworkRunner.builder(
                    InTreeRegistry.create(), ProfileConfig.named(ProfileConfig.DEFAULT_SCHEDULER_NAME))
            .defaults(DefaultProfile.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME))
            .snapshot(snapshot)
            .parallelizer(parallelizer)
            .nominator(nominations)
            .ports(EmptyClusterPorts.builder().with(PodBinder.class, this::bind).build())
            .build();
    private final SchedulingQueue queue = SchedulingQueue.builder(
                    Map.of(ProfileConfig.DEFAULT_SCHEDULER_NAME, framework), nominations)
            .clock(clock)
            .build();
    private final SchedulingLoop loop = SchedulingLoop.builder(
                    queue,
                    cache,
                    new PodScheduler(cache, snapshot, 0, new Random(1)),
                    Map.of(ProfileConfig.DEFAULT_SCHEDULER_NAME, framework),
                    (namespace, name) -> Optional.ofNullable(informer.get(namespace + "/" + name)))
            .reporter(new SchedulingReporter() {
                @Override
                public void scheduled(Pod pod, String nodeName) {
                    reports.add("Scheduled " + pod.getMetadata().getName() + " to " + nodeName);
                }

                @Override
                public void failed(Pod pod, String reason, String message, NominatingInfo nominatingInfo) {
                    reports.add(reason + " " + pod.getMetadata().getName() + ": " + message);
                }
            })
            .metrics(new SchedulingMetrics() {
                @Override
                public void attempt(String result, String profile, Duration duration) {
                    attempts.add(result);
                }

                @Override
                public void podScheduled(String profile, Duration sinceFirstAttempt, int count) {}
            })
            .clock(clock)
            .build();

    @AfterEach
    void close() {
        parallelizer.close();
        queue.close();
    }

    private void bind(Binding binding) {
        if (bindFailure != null) {
            throw bindFailure;
        }
        bindings.add(binding);
    }

    private void addNode(Node node) {
        cache.addNode(node);
        queue.nodeAdded(node);
    }

    private void submit(Pod pod) {
        informer.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod);
        queue.add(pod);
    }

    @Test
    void aPodIsAssumedBoundAndReported() throws InterruptedException {
        addNode(node("n1").allocatable("cpu", "4", "pods", "10").build());
        submit(pod("web").container("cpu", "1").build());

        assertThat(loop.scheduleOne(Duration.ZERO)).isTrue();

        assertThat(bindings)
                .singleElement()
                .satisfies(binding -> assertThat(binding.getTarget().getName()).isEqualTo("n1"));
        assertThat(reports).containsExactly("Scheduled web to n1");
        assertThat(attempts).containsExactly("scheduled");
        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 1, 1));
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 0, 0));
    }

    @Test
    void anUnschedulablePodIsReportedAndScheduledOnceANodeThatFitsArrives() throws InterruptedException {
        addNode(node("small1").allocatable("cpu", "1", "pods", "10").build());
        addNode(node("small2").allocatable("cpu", "1", "pods", "10").build());
        submit(pod("big").container("cpu", "2").build());

        loop.scheduleOne(Duration.ZERO);

        // More cpu than either node has at all: Kubernetes marks that unresolvable, so preemption cannot help.
        assertThat(reports)
                .containsExactly("Unschedulable big: 0/2 nodes are available: 2 Insufficient cpu."
                        + " preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 1, 0));

        addNode(node("large").allocatable("cpu", "8", "pods", "10").build());
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        loop.scheduleOne(Duration.ZERO);

        assertThat(reports).last().isEqualTo("Scheduled big to large");
        assertThat(attempts).containsExactly("unschedulable", "scheduled");
    }

    @Test
    void aFailedBindingForgetsTheAssumedPodAndRetriesAfterBackoff() throws InterruptedException {
        addNode(node("n1").allocatable("cpu", "4", "pods", "10").build());
        submit(pod("web").container("cpu", "1").build());
        bindFailure = new IllegalStateException("etcdserver: request timed out");

        loop.scheduleOne(Duration.ZERO);

        assertThat(cache.stats()).isEqualTo(new CacheStats(1, 0, 0));
        assertThat(reports)
                .containsExactly(
                        "SchedulerError web: running Bind plugin \"DefaultBinder\": etcdserver: request timed out");
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 1, 0, 0));

        bindFailure = null;
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        loop.scheduleOne(Duration.ZERO);
        assertThat(bindings).hasSize(1);
    }

    @Test
    void aPodDeletedDuringItsAttemptIsNotRequeued() throws InterruptedException {
        submit(pod("gone").container("cpu", "1").build());
        informer.clear();

        loop.scheduleOne(Duration.ZERO);

        assertThat(reports).containsExactly("Unschedulable gone: no nodes available to schedule pods");
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 0, 0));
    }

    @Test
    void podsOfAnotherSchedulerAreLeftAlone() throws InterruptedException {
        addNode(node("n1").allocatable("cpu", "4", "pods", "10").build());
        submit(pod("theirs").schedulerName("other-scheduler").build());

        assertThat(loop.scheduleOne(Duration.ZERO)).isTrue();

        assertThat(bindings).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void anEmptyQueueTimesOut() throws InterruptedException {
        assertThat(loop.scheduleOne(Duration.ofMillis(10))).isFalse();
    }
}
