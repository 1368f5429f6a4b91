package io.skiff.scheduler.queue;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import io.skiff.scheduler.framework.runtime.PodNominations;
import io.skiff.scheduler.plugins.DefaultProfile;
import io.skiff.scheduler.plugins.InTreeRegistry;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.testing.EmptyClusterPorts;
import io.skiff.scheduler.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingQueueTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> entered = new ArrayList<>();
    private final SchedulingQueue queue;

    SchedulingQueueTest() {
        PodNominations nominations = new PodNominations();
        FrameworkRunner framework = FrameworkRunner.builder(
                        InTreeRegistry.create(), ProfileConfig.named(ProfileConfig.DEFAULT_SCHEDULER_NAME))
                .defaults(DefaultProfile.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME))
                .nominator(nominations)
                .ports(EmptyClusterPorts.builder()
                        .with(PodBinder.class, binding -> {})
                        .build())
                .build();
        queue = SchedulingQueue.builder(Map.of(ProfileConfig.DEFAULT_SCHEDULER_NAME, framework), nominations)
                .clock(clock)
                .metrics((queueName, event) -> entered.add(queueName + ":" + event))
                .build();
    }

    private QueuedPodInfo popNow() throws InterruptedException {
        return queue.pop(Duration.ZERO).orElseThrow();
    }

    /** Pops the pod and hands it back as rejected by the given plugins. */
    private QueuedPodInfo failWith(String... plugins) throws InterruptedException {
        QueuedPodInfo info = popNow();
        info.setUnschedulablePlugins(Set.of(plugins));
        queue.addUnschedulableIfNotPresent(info);
        return info;
    }

    private static Pod bigPod(String name) {
        return pod(name).container("cpu", "8").build();
    }

    @Test
    void higherPriorityFirstThenOldestFirst() throws InterruptedException {
        queue.add(pod("low").priority(1).build());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("high-old").priority(10).build());
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("high-new").priority(10).build());

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            order.add(popNow().pod().getMetadata().getName());
        }

        assertThat(order).containsExactly("high-old", "high-new", "low");
        assertThat(queue.schedulingCycle()).isEqualTo(3);
    }

    @Test
    void popWaitsBoundedAndWakesOnAdd() throws Exception {
        assertThat(queue.pop(Duration.ofMillis(20))).isEmpty();

        CompletableFuture<String> popped = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.pop(Duration.ofSeconds(10))
                        .orElseThrow()
                        .pod()
                        .getMetadata()
                        .getName();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.add(pod("late").build());

        assertThat(popped.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void closingReleasesWaitingPoppers() throws Exception {
        CompletableFuture<Boolean> popped = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.pop(Duration.ofSeconds(10)).isPresent();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(20);
        queue.close();

        assertThat(popped.get(5, TimeUnit.SECONDS)).isFalse();
    }

    static Stream<Arguments> backoffs() {
        return Stream.of(
                Arguments.of("never attempted", 0, Duration.ZERO),
                Arguments.of("first failure", 1, Duration.ofSeconds(1)),
                Arguments.of("second failure doubles", 2, Duration.ofSeconds(2)),
                Arguments.of("third failure", 3, Duration.ofSeconds(4)),
                Arguments.of("fourth failure", 4, Duration.ofSeconds(8)),
                Arguments.of("fifth failure is capped", 5, Duration.ofSeconds(10)),
                Arguments.of("stays capped", 30, Duration.ofSeconds(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backoffs")
    void backoffDoublesPerAttemptUpToTheCap(String name, int attempts, Duration expected) {
        assertThat(queue.backoffDuration(attempts)).isEqualTo(expected);
    }

    @Test
    void aPodThatFailedWithAnErrorWaitsOutItsBackoff() throws InterruptedException {
        queue.add(pod("p").build());
        failWith();

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 1, 0, 0));
        clock.advance(Duration.ofMillis(999));
        queue.flushBackoffCompleted();
        assertThat(queue.sizes().backoff()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        queue.flushBackoffCompleted();
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(1, 0, 0, 0));
        assertThat(popNow().attempts()).isEqualTo(2);
    }

    @Test
    void backoffGrowsWithEveryFailedAttempt() throws InterruptedException {
        queue.add(pod("p").build());
        for (int attempt = 1; attempt <= 6; attempt++) {
            failWith();
            Duration expected = queue.backoffDuration(attempt);
            clock.advance(expected.minusMillis(1));
            queue.flushBackoffCompleted();
            assertThat(queue.sizes().backoff())
                    .as("attempt %d still backing off", attempt)
                    .isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            queue.flushBackoffCompleted();
            assertThat(queue.sizes().active())
                    .as("attempt %d done backing off", attempt)
                    .isEqualTo(1);
        }
        assertThat(queue.backoffDuration(6)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anUnschedulablePodWaitsForAnEventThatCanHelpIt() throws InterruptedException {
        queue.add(bigPod("big"));
        failWith(Plugins.NODE_RESOURCES_FIT);
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 1, 0));

        queue.nodeAdded(node("small").allocatable("cpu", "4", "pods", "10").build());
        assertThat(queue.sizes().unschedulable())
                .as("a node too small cannot help")
                .isEqualTo(1);

        queue.nodeAdded(node("large").allocatable("cpu", "16", "pods", "10").build());
        assertThat(queue.sizes()).as("still inside its 1 s backoff").isEqualTo(new QueueSizes(0, 1, 0, 0));
    }

    @Test
    void aPodPastItsBackoffMovesStraightToActive() throws InterruptedException {
        queue.add(bigPod("big"));
        failWith(Plugins.NODE_RESOURCES_FIT);
        clock.advance(Duration.ofSeconds(2));

        queue.assignedPodDeleted(pod("gone").node("n1").container("cpu", "8").build());

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(1, 0, 0, 0));
        assertThat(entered)
                .contains("active:"
                        + ClusterEvent.of(EventResource.ASSIGNED_POD, ActionType.DELETE)
                                .label());
    }

    @Test
    void nodeHeartbeatsMoveNothing() throws InterruptedException {
        queue.add(pod("p").nodeSelector("disk", "ssd").build());
        failWith(Plugins.NODE_AFFINITY);
        var before = node("n1").label("disk", "hdd").build();
        var heartbeat = new NodeBuilder(before)
                .editStatus()
                .withConditions(new NodeCondition(null, "2026-01-01T00:00:10Z", null, null, "True", "Ready"))
                .endStatus()
                .build();
        var beat = new NodeBuilder(heartbeat)
                .editStatus()
                .withConditions(new NodeCondition(null, "2026-01-01T00:00:20Z", null, null, "True", "Ready"))
                .endStatus()
                .build();

        queue.nodeUpdated(heartbeat, beat);
        queue.nodeUpdated(before, node("n1").label("disk", "nvme").build());
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);

        queue.nodeUpdated(before, node("n1").label("disk", "ssd").build());
        assertThat(queue.sizes().unschedulable()).isZero();
    }

    @Test
    void eventsDuringTheAttemptSendTheFailedPodToBackoffInsteadOfParkingIt() throws InterruptedException {
        queue.add(bigPod("big"));
        QueuedPodInfo info = popNow();

        queue.nodeAdded(node("large").allocatable("cpu", "16", "pods", "10").build());
        info.setUnschedulablePlugins(Set.of(Plugins.NODE_RESOURCES_FIT));
        queue.addUnschedulableIfNotPresent(info);

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 1, 0, 0));
    }

    @Test
    void eventsBeforeTheAttemptDoNotCount() throws InterruptedException {
        queue.add(pod("other").build());
        QueuedPodInfo other = popNow();
        queue.add(bigPod("big"));
        queue.nodeAdded(node("large").allocatable("cpu", "16", "pods", "10").build());
        QueuedPodInfo info = popNow();

        info.setUnschedulablePlugins(Set.of(Plugins.NODE_RESOURCES_FIT));
        queue.addUnschedulableIfNotPresent(info);
        queue.done(other.uid());

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 1, 0));
    }

    @Test
    void podsUnschedulableForMoreThanFiveMinutesAreRetried() throws InterruptedException {
        queue.add(bigPod("big"));
        failWith(Plugins.NODE_RESOURCES_FIT);

        clock.advance(Duration.ofMinutes(5));
        queue.flushUnschedulableLeftover();
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        queue.flushUnschedulableLeftover();
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(1, 0, 0, 0));
    }

    @Test
    void gatedPodsWaitUntilTheirGatesAreRemoved() throws InterruptedException {
        Pod gated = new PodBuilder(pod("gated").build())
                .editSpec()
                .addNewSchedulingGate("example.com/quota")
                .endSpec()
                .build();
        queue.add(gated);
        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 0, 1));

        queue.flushUnschedulableLeftover();
        queue.nodeAdded(node("n1").build());
        assertThat(queue.sizes().gated()).isEqualTo(1);

        Pod opened = new PodBuilder(gated)
                .editSpec()
                .withSchedulingGates(List.of())
                .endSpec()
                .build();
        queue.update(gated, opened);

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(1, 0, 0, 0));
        assertThat(popNow().pod()).isSameAs(opened);
    }

    @Test
    void anUpdateThatCanHelpAnUnschedulablePodRequeuesIt() throws InterruptedException {
        Pod pod = pod("p").build();
        queue.add(pod);
        failWith(Plugins.TAINT_TOLERATION);

        Pod relabelled = new PodBuilder(pod)
                .editMetadata()
                .addToLabels("x", "y")
                .endMetadata()
                .build();
        queue.update(pod, relabelled);
        assertThat(queue.sizes().unschedulable()).isEqualTo(1);

        Pod tolerant = new PodBuilder(relabelled)
                .editSpec()
                .addNewToleration()
                .withOperator("Exists")
                .endToleration()
                .endSpec()
                .build();
        queue.update(relabelled, tolerant);
        assertThat(queue.sizes().backoff()).isEqualTo(1);
    }

    @Test
    void updatesReorderTheActiveQueue() throws InterruptedException {
        Pod first = pod("first").priority(5).build();
        queue.add(first);
        clock.advance(Duration.ofMillis(1));
        queue.add(pod("second").priority(5).build());

        queue.update(
                first,
                new PodBuilder(first).editSpec().withPriority(1).endSpec().build());

        assertThat(popNow().pod().getMetadata().getName()).isEqualTo("second");
    }

    @Test
    void deletedPodsLeaveEveryQueue() throws InterruptedException {
        Pod active = pod("active").build();
        Pod parked = bigPod("parked");
        queue.add(parked);
        failWith(Plugins.NODE_RESOURCES_FIT);
        queue.add(active);

        queue.delete(active);
        queue.delete(parked);

        assertThat(queue.sizes()).isEqualTo(new QueueSizes(0, 0, 0, 0));
        assertThat(queue.pendingPods()).isEmpty();
    }

    @Test
    void aQueuedPodCannotBeHandedBackTwice() throws InterruptedException {
        queue.add(pod("p").build());
        QueuedPodInfo info = failWith(Plugins.NODE_RESOURCES_FIT);

        assertThatThrownBy(() -> queue.addUnschedulableIfNotPresent(info)).hasMessageContaining("already present");
    }

    @Test
    void metricsHookSeesEveryMove() throws InterruptedException {
        queue.add(pod("p").build());
        failWith();
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();

        assertThat(entered)
                .containsExactly("active:PodAdd", "backoff:ScheduleAttemptFailure", "active:BackoffComplete");
    }
}
