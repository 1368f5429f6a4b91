package io.skiff.scheduler.plugins.defaultpreemption;

import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.WaitingPod;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import io.skiff.scheduler.testing.PodMaker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Preemption through the plugin's PostFilter, with stand-in cpu and node-label filters;
 * expectations follow Kubernetes' default_preemption_test.go. PreemptionThroughPreFilterExtensionsTest
 * covers the what-if path through other plugins' PreFilter extensions.
 */
class DefaultPreemptionTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final int HIGH = 100;

    private final RecordingPreemptor preemptor = new RecordingPreemptor();

    private static Node node(String name, String cpu) {
        return NodeMaker.node(name)
                .label("kubernetes.io/hostname", name)
                .capacity(cpu, 110)
                .build();
    }

    private static PodMaker running(String name, String node, int priority, String cpu) {
        return pod(name).node(node).priority(priority).req("cpu", cpu);
    }

    private static PodMaker incoming(String cpu) {
        return pod("preemptor").priority(HIGH).req("cpu", cpu);
    }

    record PickCase(String name, List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> pdbs, String want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PickCase> picks() {
        List<Node> twoNodes = List.of(node("n1", "2"), node("n2", "2"));
        return Stream.of(
                new PickCase(
                        "the node whose victims violate no PodDisruptionBudget",
                        twoNodes,
                        List.of(
                                running("db", "n1", 1, "2").label("app", "db").build(),
                                running("web", "n2", 50, "2")
                                        .label("app", "web")
                                        .build()),
                        List.of(budget("db-budget", "db", 0)),
                        "n2"),
                new PickCase(
                        "the node whose most important victim has the lowest priority",
                        twoNodes,
                        List.of(
                                running("ten", "n1", 10, "2").build(),
                                running("five", "n2", 5, "2").build()),
                        List.of(),
                        "n2"),
                new PickCase(
                        "the node with the smallest sum of victim priorities",
                        twoNodes,
                        List.of(
                                running("a5", "n1", 5, "1").build(),
                                running("b5", "n1", 5, "1").build(),
                                running("c5", "n2", 5, "1").build(),
                                running("d1", "n2", 1, "1").build()),
                        List.of(),
                        "n2"),
                new PickCase(
                        "the node with the fewest victims when priority sums tie",
                        twoNodes,
                        List.of(
                                running("zero-a", "n1", 0, "1").build(),
                                running("minimum", "n1", Integer.MIN_VALUE, "1").build(),
                                running("zero-b", "n2", 0, "2").build()),
                        List.of(),
                        "n2"),
                new PickCase(
                        "the node whose most important victims started last",
                        twoNodes,
                        List.of(
                                running("old", "n1", 5, "2")
                                        .startTime(Instant.parse("2024-01-01T00:00:00Z"))
                                        .build(),
                                running("young", "n2", 5, "2")
                                        .startTime(Instant.parse("2024-06-01T00:00:00Z"))
                                        .build()),
                        List.of(),
                        "n2"));
    }

    @ParameterizedTest(name = "picks {0}")
    @MethodSource("picks")
    void picksTheCandidateKubernetesWould(PickCase c) {
        PostFilterResult result = preempt(incoming("2").build(), c.nodes(), c.pods(), c.pdbs(), handle -> {});

        assertThat(result.status()).isEqualTo(Status.success());
        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override(c.want()));
        assertThat(preemptor.preempted).allMatch(victim -> victim.endsWith("@" + c.want()));
    }

    @Test
    void evictsOnlyAsManyPodsAsNeededSparingTheMostImportant() {
        List<Pod> pods = List.of(
                running("low-1", "n1", 1, "1").build(),
                running("low-2", "n1", 2, "1").build(),
                running("low-3", "n1", 3, "1").build());

        PostFilterResult result = preempt(incoming("1").build(), List.of(node("n1", "3")), pods, List.of(), h -> {});

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(preemptor.preempted).containsExactly("low-1@n1");
    }

    @Test
    void sparesPodsWhoseEvictionWouldViolateABudgetWhenOthersSuffice() {
        // both pods are lower priority; only one must go, and the budget protects "guarded"
        List<Pod> pods = List.of(
                running("guarded", "n1", 1, "1").label("app", "db").build(),
                running("free", "n1", 2, "1").label("app", "web").build());

        PostFilterResult result =
                preempt(incoming("1").build(), List.of(node("n1", "2")), pods, List.of(budget("db", "db", 0)), h -> {});

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(preemptor.preempted).containsExactly("free@n1");
    }

    @Test
    void podsOfEqualOrHigherPriorityAreNeverVictims() {
        List<Pod> pods = List.of(
                running("equal", "n1", HIGH, "1").build(),
                running("higher", "n2", 500, "1").build());

        PostFilterResult result =
                preempt(incoming("1").build(), List.of(node("n1", "1"), node("n2", "1")), pods, List.of(), h -> {});

        assertThat(result.status().code()).isEqualTo(Status.Code.UNSCHEDULABLE);
        assertThat(result.status().message())
                .isEqualTo("preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override(""));
        assertThat(preemptor.preempted).isEmpty();
    }

    @Test
    void reportsTheFiveNodeMessageOfTheIssue() {
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            NodeMaker node = NodeMaker.node("n" + i).capacity("1", 110);
            if (i <= 2) {
                node.label("pool", "a");
                pods.add(running("busy-" + i, "n" + i, 1000, "1").build());
            }
            nodes.add(node.build());
        }

        PostFilterResult result =
                preempt(incoming("1").nodeSelector("pool", "a").build(), nodes, pods, List.of(), h -> {});

        assertThat(result.status().message())
                .isEqualTo("preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod,"
                        + " 3 Preemption is not helpful for scheduling.");
    }

    @Test
    void aNodeThatStillDoesNotFitWithoutItsLowerPriorityPodsReportsTheFilterReason() {
        List<Node> nodes = List.of(
                node("small", "1"), NodeMaker.node("other").capacity("8", 110).build());
        List<Pod> pods = List.of(running("low", "small", 1, "1").build());

        PostFilterResult result = preempt(
                incoming("2").nodeSelector("kubernetes.io/hostname", "small").build(), nodes, pods, List.of(), h -> {});

        assertThat(result.status().message())
                .isEqualTo("preemption: 0/2 nodes are available: 1 Insufficient cpu,"
                        + " 1 Preemption is not helpful for scheduling.");
    }

    @Test
    void aPodThatMustNotPreemptIsNotEligible() {
        PostFilterResult result = preempt(
                incoming("1").preemptionPolicy("Never").build(),
                List.of(node("n1", "1")),
                List.of(running("low", "n1", 1, "1").build()),
                List.of(),
                h -> {});

        assertThat(result.status())
                .isEqualTo(Status.unschedulable("preemption: not eligible due to preemptionPolicy=Never."));
        assertThat(preemptor.preempted).isEmpty();
    }

    @Test
    void aPodWhoseEarlierVictimsAreStillTerminatingWaits() {
        Pod pod = incoming("1").nominatedNode("n1").build();
        List<Pod> pods = List.of(
                running("leaving", "n1", 1, "1").preemptedByScheduler().build(),
                running("low", "n2", 1, "1").build());

        PostFilterResult result = preempt(pod, List.of(node("n1", "1"), node("n2", "1")), pods, List.of(), h -> {});

        assertThat(result.status())
                .isEqualTo(Status.unschedulable(
                        "preemption: not eligible due to a terminating pod on the nominated node."));
    }

    @Test
    void aPodWhoseNominatedNodeCanNoLongerFitMayPreemptElsewhere() {
        Pod pod = incoming("1")
                .nominatedNode("n1")
                .nodeSelector("kubernetes.io/hostname", "n2")
                .build();
        List<Pod> pods = List.of(
                running("leaving", "n1", 1, "1").preemptedByScheduler().build(),
                running("low", "n2", 1, "1").build());

        PostFilterResult result = preempt(pod, List.of(node("n1", "1"), node("n2", "1")), pods, List.of(), h -> {});

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n2"));
        assertThat(preemptor.preempted).containsExactly("low@n2");
    }

    @Test
    void aVictimWaitingAtPermitIsRejectedThereInsteadOfDeleted() {
        Pod waitingVictim = running("waiting", "n1", 1, "1").build();
        RecordingWaitingPod waiting = new RecordingWaitingPod(waitingVictim);

        PostFilterResult result = preempt(
                incoming("1").build(),
                List.of(node("n1", "1")),
                List.of(waitingVictim),
                List.of(),
                h -> h.waiting(waiting));

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(waiting.rejections).containsExactly("DefaultPreemption: preempted");
        assertThat(preemptor.preempted).isEmpty();
    }

    @Test
    void lowerPriorityPodsNominatedToTheChosenNodeLoseTheirNomination() {
        Pod lowNominated =
                pod("hopeful").priority(1).nominatedNode("n1").req("cpu", "1").build();
        Pod highNominated = pod("important")
                .priority(1000)
                .nominatedNode("n1")
                .req("cpu", "0")
                .build();

        PostFilterResult result = preempt(
                incoming("1").build(),
                List.of(node("n1", "1")),
                List.of(running("low", "n1", 1, "1").build()),
                List.of(),
                h -> h.nominate(lowNominated, "n1").nominate(highNominated, "n1"));

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(preemptor.clearedNominations).containsExactly("hopeful");
    }

    @Test
    void withNoNodeWorthTryingAnEarlierNominationIsCleared() {
        Pod pod =
                incoming("1").nominatedNode("gone").nodeSelector("tier", "gold").build();

        PostFilterResult result =
                preempt(pod, List.of(node("n1", "1"), node("n2", "1")), List.of(), List.of(), h -> {});

        assertThat(result.status().message())
                .isEqualTo("preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override(""));
        assertThat(preemptor.clearedNominations).containsExactly("preemptor");
    }

    @Test
    void aFailedEvictionIsAnError() {
        preemptor.failingWith(new IllegalStateException("pods \"low\" is forbidden"));

        PostFilterResult result = preempt(
                incoming("1").build(),
                List.of(node("n1", "1")),
                List.of(running("low", "n1", 1, "1").build()),
                List.of(),
                h -> {});

        assertThat(result.status().code()).isEqualTo(Status.Code.ERROR);
        assertThat(result.status().message()).isEqualTo("preemption: pods \"low\" is forbidden");
    }

    @Test
    void candidateCountFollowsThePercentageAndTheAbsoluteMinimum() {
        DefaultPreemptionArgs defaults = DefaultPreemptionArgs.defaults();

        assertThat(defaults.candidatesToFind(50)).isEqualTo(50);
        assertThat(defaults.candidatesToFind(1000)).isEqualTo(100);
        assertThat(defaults.candidatesToFind(5000)).isEqualTo(500);
        assertThat(new DefaultPreemptionArgs(0, 1).candidatesToFind(5000)).isEqualTo(1);
        assertThat(new DefaultPreemptionArgs(50, 0).candidatesToFind(7)).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new DefaultPreemptionArgs(0, 0))
                .withMessageContaining("both cannot be zero");
    }

    /**
     * Runs PreFilter and Filter as the scheduler would, then PostFilter with the resulting statuses.
     * The handle runs the stand-in filters after whatever plugins {@code setup} adds.
     */
    private PostFilterResult preempt(
            Pod pod, List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> pdbs, Consumer<FakeHandle> setup) {
        Snapshot snapshot = Snapshot.of(pods, nodes);
        FakeHandle handle = new FakeHandle(snapshot);
        setup.accept(handle);
        handle.use(new NodeLabelFit(), new CpuFit());
        CycleState state = new CycleState();
        NodeToStatus statuses = new NodeToStatus();
        Status preFilter = handle.runPreFilterPlugins(state, pod);
        assertThat(preFilter.isSuccess()).as("PreFilter: %s", preFilter).isTrue();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            Status status = handle.runFilterPlugins(state, pod, nodeInfo);
            assertThat(status.isSuccess())
                    .as("no node may fit before preemption")
                    .isFalse();
            statuses.set(nodeInfo.nodeName(), status);
        }
        DefaultPreemption plugin = new DefaultPreemption(
                DefaultPreemptionArgs.defaults(),
                handle,
                () -> pdbs,
                preemptor,
                bound -> 0,
                Clock.fixed(NOW, ZoneOffset.UTC));
        return plugin.postFilter(state, pod, statuses);
    }

    private static PodDisruptionBudget budget(String name, String app, int disruptionsAllowed) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withSelector(PodMaker.matchLabels("app", app))
                .endSpec()
                .withNewStatus()
                .withDisruptionsAllowed(disruptionsAllowed)
                .endStatus()
                .build();
    }

    /** A pod held at Permit that records its rejections. */
    private static final class RecordingWaitingPod implements WaitingPod {
        private final Pod pod;
        final List<String> rejections = new ArrayList<>();

        RecordingWaitingPod(Pod pod) {
            this.pod = pod;
        }

        @Override
        public Pod pod() {
            return pod;
        }

        @Override
        public Set<String> pendingPlugins() {
            return Set.of("Gang");
        }

        @Override
        public void allow(String pluginName) {}

        @Override
        public synchronized void reject(String pluginName, String message) {
            rejections.add(pluginName + ": " + message);
        }
    }
}
