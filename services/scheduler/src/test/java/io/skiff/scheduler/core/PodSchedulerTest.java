package io.skiff.scheduler.core;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodePluginScores;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.SchedulingException;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import io.skiff.scheduler.plugins.DefaultProfile;
import io.skiff.scheduler.plugins.InTreeRegistry;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import io.skiff.scheduler.testing.EmptyClusterPorts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodSchedulerTest {

    private final SchedulerCache cache = new SchedulerCache(Duration.ofMinutes(15), Clock.systemUTC());
    private final Snapshot snapshot = new Snapshot();
    private final Parallelizer parallelizer = new Parallelizer(2);
    private final PodScheduler scheduler = new PodScheduler(cache, snapshot, 0, new Random(42));
    private final FrameworkRunner framework = FrameworkRunner.builder(
                    InTreeRegistry.create(), ProfileConfig.named(ProfileConfig.DEFAULT_SCHEDULER_NAME))
            .defaults(DefaultProfile.defaults(ProfileConfig.DEFAULT_SCHEDULER_NAME))
            .snapshot(snapshot)
            .parallelizer(parallelizer)
            .ports(EmptyClusterPorts.builder()
                    .with(PodBinder.class, binding -> {})
                    .build())
            .build();

    @AfterEach
    void closeParallelizer() {
        parallelizer.close();
    }

    private void addNodes(int count, String cpu) {
        for (int i = 0; i < count; i++) {
            cache.addNode(node(String.format("n%03d", i))
                    .allocatable("cpu", cpu, "memory", "8Gi", "pods", "110")
                    .build());
        }
    }

    private ScheduleResult schedule(Pod pod) throws FitError, NoNodesAvailableException {
        return scheduler.schedulePod(framework, new CycleState(), pod);
    }

    /** Schedules and assumes the pod, as the scheduling loop does. */
    private String scheduleAndAssume(Pod pod) throws FitError, NoNodesAvailableException {
        ScheduleResult result = schedule(pod);
        cache.assumePod(new PodBuilder(pod)
                .editSpec()
                .withNodeName(result.suggestedHost())
                .endSpec()
                .build());
        return result.suggestedHost();
    }

    private static String fitMessage(ThrowingCall call) {
        try {
            call.run();
        } catch (FitError e) {
            return e.getMessage();
        } catch (NoNodesAvailableException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a FitError");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws FitError, NoNodesAvailableException;
    }

    @Test
    void fillsAFewHundredNodesThenReportsEveryNodeFull() throws Exception {
        addNodes(200, "2");
        Map<String, Integer> podsPerNode = new HashMap<>();

        for (int i = 0; i < 400; i++) {
            String host = scheduleAndAssume(pod("p" + i).container("cpu", "1").build());
            podsPerNode.merge(host, 1, Integer::sum);
        }

        assertThat(podsPerNode)
                .hasSize(200)
                .allSatisfy((node, pods) -> assertThat(pods).isEqualTo(2));
        assertThat(fitMessage(() -> schedule(pod("extra").container("cpu", "1").build())))
                .isEqualTo("0/200 nodes are available: 200 Insufficient cpu.");
    }

    @Test
    void evaluatesOnlyTheAdaptiveShareOfALargeCluster() throws Exception {
        addNodes(300, "4");

        ScheduleResult result = schedule(pod("p").container("cpu", "1").build());

        // 300 nodes: 50 % - 300/125 = 48 % of 300 = 144
        assertThat(result.feasibleNodes()).isEqualTo(144);
        assertThat(result.evaluatedNodes()).isEqualTo(144);
    }

    @Test
    void fitErrorCountsReasonsAndSortsThemAsKubeScheduler() {
        for (int i = 0; i < 3; i++) {
            cache.addNode(
                    node("small" + i).allocatable("cpu", "1", "pods", "110").build());
        }
        for (int i = 0; i < 2; i++) {
            cache.addNode(node("gpu" + i)
                    .allocatable("cpu", "8", "pods", "110")
                    .taint("dedicated", "gpu", "NoSchedule")
                    .build());
        }

        assertThat(fitMessage(() -> schedule(pod("p").container("cpu", "2").build())))
                .isEqualTo("0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu},"
                        + " 3 Insufficient cpu.");
    }

    @Test
    void countsAreSortedAsStringsSoTwelveComesBeforeThree() {
        for (int i = 0; i < 12; i++) {
            cache.addNode(node("small" + i)
                    .allocatable("cpu", "1", "memory", "1Gi", "pods", "110")
                    .build());
        }
        for (int i = 0; i < 3; i++) {
            cache.addNode(node("cordoned" + i)
                    .allocatable("cpu", "8", "pods", "110")
                    .unschedulable()
                    .build());
        }

        assertThat(fitMessage(() ->
                        schedule(pod("p").container("cpu", "2", "memory", "2Gi").build())))
                .isEqualTo("0/15 nodes are available: 12 Insufficient cpu, 12 Insufficient memory,"
                        + " 3 node(s) were unschedulable.");
    }

    @Test
    void aPreFilterRejectionIsTheWholeMessage() {
        addNodes(5, "4");
        Pod conflicting =
                pod("p").affinity(nodeNameTerm(nameIn("n001"), nameIn("n002"))).build();

        FitError error = fitError(conflicting);

        assertThat(error.getMessage()).isEqualTo("0/5 nodes are available: pod affinity terms conflict.");
        assertThat(error.diagnosis().unschedulablePlugins()).containsExactly("NodeAffinity");
    }

    @Test
    void nodesLeftOutByPreFilterAreCountedWithTheNarrowingPlugin() {
        addNodes(5, "1");
        Pod pinned = pod("p").container("cpu", "2")
                .affinity(nodeNameTerm(nameIn("n001")))
                .build();

        FitError error = fitError(pinned);

        assertThat(error.getMessage())
                .isEqualTo(
                        "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity].");
        assertThat(error.diagnosis().unschedulablePlugins())
                .containsExactlyInAnyOrder("NodeAffinity", "NodeResourcesFit");
    }

    @Test
    void thePostFilterMessageEndsTheFitError() {
        addNodes(3, "1");
        FitError error = fitError(pod("p").container("cpu", "2").build());

        error.diagnosis()
                .setPostFilterMessage(
                        "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");

        assertThat(error.getMessage())
                .isEqualTo("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available:"
                        + " 3 No preemption victims found for incoming pod.");
    }

    @Test
    void anEmptyClusterHasNoNodesAvailable() {
        assertThatThrownBy(() -> schedule(pod("p").build()))
                .isInstanceOf(NoNodesAvailableException.class)
                .hasMessage("no nodes available to schedule pods");
    }

    @Test
    void theNominatedNodeIsTriedFirst() throws Exception {
        addNodes(150, "4");
        Pod nominated = pod("p").container("cpu", "1").nominatedNode("n137").build();

        ScheduleResult result = schedule(nominated);

        assertThat(result).isEqualTo(new ScheduleResult("n137", 1, 1));
    }

    @Test
    void eachPodStartsFilteringWhereThePreviousOneStopped() throws Exception {
        List<String> firstFiltered = new ArrayList<>();
        String[] current = {null};
        Filter recording = new Filter() {
            @Override
            public String name() {
                return "Recording";
            }

            @Override
            public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
                synchronized (current) {
                    if (current[0] == null) {
                        current[0] = nodeInfo.nodeName();
                        firstFiltered.add(current[0]);
                    }
                }
                return Status.success();
            }
        };
        FrameworkRunner serial = FrameworkRunner.builder(
                        new PluginRegistry().register("Recording", (args, handle) -> recording),
                        ProfileConfig.named("serial").withMultiPoint(PluginSet.enabled(PluginRef.of("Recording"))))
                .snapshot(snapshot)
                .parallelizer(new Parallelizer(1))
                .build();
        addNodes(300, "4");

        for (int i = 0; i < 3; i++) {
            current[0] = null;
            assertThat(scheduler
                            .schedulePod(serial, new CycleState(), pod("p" + i).build())
                            .evaluatedNodes())
                    .isEqualTo(144);
        }

        // node list order is n000..n299; each pod evaluated 144 nodes
        assertThat(firstFiltered).containsExactly("n000", "n144", "n288");
    }

    @Test
    void filterErrorsAbortTheCycle() {
        Filter failing = new Filter() {
            @Override
            public String name() {
                return "Failing";
            }

            @Override
            public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
                return Status.error("disk on fire");
            }
        };
        FrameworkRunner broken = FrameworkRunner.builder(
                        new PluginRegistry().register("Failing", (args, handle) -> failing),
                        ProfileConfig.named("broken").withMultiPoint(PluginSet.enabled(PluginRef.of("Failing"))))
                .snapshot(snapshot)
                .build();
        addNodes(3, "4");

        assertThatThrownBy(() -> scheduler.schedulePod(broken, new CycleState(), pod("p").build()))
                .isInstanceOf(SchedulingException.class)
                .hasMessage("running \"Failing\" filter plugin: disk on fire");
    }

    static Stream<Arguments> feasibleShares() {
        return Stream.of(
                Arguments.of("small clusters are evaluated whole", OptionalInt.empty(), 50, 50),
                Arguments.of("100 nodes are evaluated whole", OptionalInt.empty(), 100, 100),
                Arguments.of("1000 nodes: 50 % - 8 % = 42 %", OptionalInt.empty(), 1000, 420),
                Arguments.of("5000 nodes: 50 % - 40 % = 10 %", OptionalInt.empty(), 5000, 500),
                Arguments.of("6000 nodes: the share bottoms out at 5 %", OptionalInt.empty(), 6000, 300),
                Arguments.of("the profile's percentage wins", OptionalInt.of(30), 1000, 300),
                Arguments.of("never fewer than 100", OptionalInt.of(1), 1000, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feasibleShares")
    void numFeasibleNodesToFind(String name, OptionalInt profilePercentage, int nodes, int expected) {
        assertThat(scheduler.numFeasibleNodesToFind(profilePercentage, nodes)).isEqualTo(expected);
    }

    @Test
    void equalBestScoresArePickedUniformlyAtRandom() {
        List<NodePluginScores> scores = List.of(
                new NodePluginScores("a", List.of(), 50),
                new NodePluginScores("b", List.of(), 90),
                new NodePluginScores("c", List.of(), 90),
                new NodePluginScores("d", List.of(), 90));
        Random random = new Random(7);
        Map<String, Integer> picks = new HashMap<>();

        for (int i = 0; i < 3000; i++) {
            picks.merge(PodScheduler.selectHost(scores, random), 1, Integer::sum);
        }

        assertThat(picks).doesNotContainKey("a");
        assertThat(picks.values())
                .hasSize(3)
                .allSatisfy(count -> assertThat(count).isBetween(900, 1100));
    }

    private FitError fitError(Pod pod) {
        try {
            schedule(pod);
        } catch (FitError e) {
            return e;
        } catch (NoNodesAvailableException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a FitError");
    }

    /** Required node affinity with one term whose metadata.name requirements must all hold. */
    private static Affinity nodeNameTerm(NodeSelectorRequirement... requirements) {
        return new AffinityBuilder()
                .withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchFields(requirements)
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity()
                .build();
    }

    private static NodeSelectorRequirement nameIn(String name) {
        return new NodeSelectorRequirement("metadata.name", "In", List.of(name));
    }
}
