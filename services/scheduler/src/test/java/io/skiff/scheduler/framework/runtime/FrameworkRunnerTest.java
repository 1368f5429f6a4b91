package io.skiff.scheduler.framework.runtime;

import static io.skiff.scheduler.testing.NodeMaker.node;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Bind;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.ExtensionPoint;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodePluginScores;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.Permit;
import io.skiff.scheduler.framework.PermitResult;
import io.skiff.scheduler.framework.PluginArgs;
import io.skiff.scheduler.framework.PluginRef;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.PluginSet;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PostFilter;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterOutcome;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Reserve;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.ScoreExtensions;
import io.skiff.scheduler.framework.ScoreOutcome;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FrameworkRunnerTest {

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    /** A plugin at the filtering points, answering what the test sets. */
    private final class Filtering implements PreFilter, Filter, Score, ScoreExtensions, PreScore {
        private final String name;
        PreFilterResult preFilterResult = PreFilterResult.success();
        Function<NodeInfo, Status> filter = node -> Status.success();
        Function<NodeInfo, Long> score = node -> 0L;
        Status preScore = Status.success();
        boolean normalizes;

        Filtering(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
            calls.add(name + ".preFilter");
            return preFilterResult;
        }

        @Override
        public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
            calls.add(name + ".filter(" + nodeInfo.nodeName() + ")");
            return filter.apply(nodeInfo);
        }

        @Override
        public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
            calls.add(name + ".preScore");
            return preScore;
        }

        @Override
        public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
            return score.apply(nodeInfo);
        }

        @Override
        public Optional<ScoreExtensions> scoreExtensions() {
            return normalizes ? Optional.of(this) : Optional.empty();
        }

        @Override
        public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
            for (NodeScore score : scores) {
                score.setScore(score.score() / 10);
            }
            return Status.success();
        }
    }

    /** A plugin at the binding points. */
    private final class Binding implements Reserve, Permit, Bind, PostFilter {
        private final String name;
        Status reserve = Status.success();
        PermitResult permit = PermitResult.allow();
        Status bind = Status.success();
        PostFilterResult postFilter = PostFilterResult.failed(Status.unschedulable());

        Binding(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Status reserve(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".reserve");
            return reserve;
        }

        @Override
        public void unreserve(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".unreserve");
        }

        @Override
        public PermitResult permit(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".permit");
            return permit;
        }

        @Override
        public Status bind(CycleState state, Pod pod, String nodeName) {
            calls.add(name + ".bind");
            return bind;
        }

        @Override
        public PostFilterResult postFilter(CycleState state, Pod pod, NodeToStatus statuses) {
            calls.add(name + ".postFilter");
            return postFilter;
        }
    }

    private final Filtering alpha = new Filtering("Alpha");
    private final Filtering beta = new Filtering("Beta");
    private final Binding first = new Binding("First");
    private final Binding second = new Binding("Second");

    private PluginRegistry registry() {
        return new PluginRegistry()
                .register("Alpha", (args, handle) -> alpha)
                .register("Beta", (args, handle) -> beta)
                .register("First", (args, handle) -> first)
                .register("Second", (args, handle) -> second);
    }

    private static ProfileConfig multiPoint(PluginRef... plugins) {
        return ProfileConfig.named("test").withMultiPoint(PluginSet.enabled(plugins));
    }

    private FrameworkRunner framework(ProfileConfig profile, Snapshot snapshot) {
        return FrameworkRunner.builder(registry(), profile).snapshot(snapshot).build();
    }

    private static Snapshot snapshot(Node... nodes) {
        return Snapshot.of(List.of(), List.of(nodes));
    }

    private static final Pod POD = pod("p").build();

    @Test
    void multiPointPluginsJoinEveryExtensionPointTheyImplementInOrder() {
        FrameworkRunner framework = framework(
                multiPoint(PluginRef.of("Alpha"), PluginRef.of("First"), PluginRef.of("Beta"), PluginRef.of("Second")),
                snapshot());

        assertThat(framework.pluginNames(ExtensionPoint.PRE_FILTER)).containsExactly("Alpha", "Beta");
        assertThat(framework.pluginNames(ExtensionPoint.FILTER)).containsExactly("Alpha", "Beta");
        assertThat(framework.pluginNames(ExtensionPoint.SCORE)).containsExactly("Alpha", "Beta");
        assertThat(framework.pluginNames(ExtensionPoint.RESERVE)).containsExactly("First", "Second");
        assertThat(framework.pluginNames(ExtensionPoint.BIND)).containsExactly("First", "Second");
        assertThat(framework.pluginNames(ExtensionPoint.PRE_BIND)).isEmpty();
    }

    @Test
    void specificExtensionPointOverridesMultiPointAndRunsFirst() {
        ProfileConfig profile = multiPoint(PluginRef.of("Alpha"), PluginRef.weighted("Beta", 2))
                .withPluginSet(ExtensionPoint.SCORE, PluginSet.enabled(PluginRef.weighted("Beta", 5)))
                .withPluginSet(ExtensionPoint.FILTER, PluginSet.disabled("Alpha"));

        FrameworkRunner framework = framework(profile, snapshot());

        assertThat(framework.pluginNames(ExtensionPoint.SCORE)).containsExactly("Beta", "Alpha");
        assertThat(framework.scoreWeight("Beta")).isEqualTo(5);
        assertThat(framework.scoreWeight("Alpha")).isEqualTo(1);
        assertThat(framework.pluginNames(ExtensionPoint.FILTER)).containsExactly("Beta");
        assertThat(framework.pluginNames(ExtensionPoint.PRE_FILTER)).containsExactly("Alpha", "Beta");
    }

    @Test
    void profileMergesOverDefaultsReplacingReenabledPluginsInPlace() {
        ProfileConfig defaults = multiPoint(PluginRef.weighted("Alpha", 3), PluginRef.weighted("Beta", 2));
        ProfileConfig profile = multiPoint(PluginRef.weighted("Alpha", 7), PluginRef.of("First"));

        FrameworkRunner framework =
                FrameworkRunner.builder(registry(), profile).defaults(defaults).build();

        assertThat(framework.pluginNames(ExtensionPoint.SCORE)).containsExactly("Alpha", "Beta");
        assertThat(framework.scoreWeight("Alpha")).isEqualTo(7);
        assertThat(framework.scoreWeight("Beta")).isEqualTo(2);
        assertThat(framework.pluginNames(ExtensionPoint.BIND)).containsExactly("First");
    }

    @Test
    void disablingAllAtAPointLeavesOnlyItsExplicitPlugins() {
        ProfileConfig profile = multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta"))
                .withPluginSet(ExtensionPoint.FILTER, new PluginSet(List.of(PluginRef.of("Beta")), List.of("*")));

        FrameworkRunner framework = framework(profile, snapshot());

        assertThat(framework.pluginNames(ExtensionPoint.FILTER)).containsExactly("Beta");
        assertThat(framework.pluginNames(ExtensionPoint.SCORE)).containsExactly("Alpha", "Beta");
    }

    @Test
    void invalidProfilesAreRefused() {
        assertThatThrownBy(() -> framework(multiPoint(PluginRef.of("Missing")), snapshot()))
                .hasMessage("plugin \"Missing\" does not exist");
        assertThatThrownBy(() -> framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Alpha")), snapshot()))
                .hasMessageContaining("plugin \"Alpha\" already registered");
        assertThatThrownBy(() -> framework(
                        ProfileConfig.named("test")
                                .withPluginSet(ExtensionPoint.BIND, PluginSet.enabled(PluginRef.of("Alpha"))),
                        snapshot()))
                .hasMessage("plugin \"Alpha\" does not extend Bind plugin");
    }

    @Test
    void preFilterSkipLeavesThePluginOutOfFiltering() {
        alpha.preFilterResult = PreFilterResult.skip();
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());
        CycleState state = new CycleState();

        PreFilterOutcome outcome = framework.runPreFilterPlugins(state, POD);
        Status status =
                framework.runFilterPlugins(state, POD, NodeInfo.of(node("n1").build()));

        assertThat(outcome.status().isSuccess()).isTrue();
        assertThat(status.isSuccess()).isTrue();
        assertThat(calls).containsExactly("Alpha.preFilter", "Beta.preFilter", "Beta.filter(n1)");
    }

    @Test
    void preFilterUnresolvableStopsButUnschedulableLetsTheOthersRun() {
        alpha.preFilterResult = PreFilterResult.failed(Status.unschedulable("not now"));
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());

        PreFilterOutcome unschedulable = framework.runPreFilterPlugins(new CycleState(), POD);

        assertThat(unschedulable.status())
                .isEqualTo(Status.unschedulable("not now").withPlugin("Alpha"));
        assertThat(unschedulable.unschedulablePlugins()).containsExactly("Alpha");
        assertThat(calls).containsExactly("Alpha.preFilter", "Beta.preFilter");

        calls.clear();
        alpha.preFilterResult = PreFilterResult.failed(Status.unschedulableAndUnresolvable("never"));
        PreFilterOutcome unresolvable = framework.runPreFilterPlugins(new CycleState(), POD);

        assertThat(unresolvable.status().code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(calls).containsExactly("Alpha.preFilter");
    }

    @Test
    void preFilterNarrowingsIntersectAndAnEmptyIntersectionIsUnresolvable() {
        alpha.preFilterResult = PreFilterResult.onlyNodes(Set.of("n1", "n2"));
        beta.preFilterResult = PreFilterResult.onlyNodes(Set.of("n2", "n3"));
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());

        assertThat(framework.runPreFilterPlugins(new CycleState(), POD).nodeNames())
                .containsExactly("n2");

        beta.preFilterResult = PreFilterResult.onlyNodes(Set.of("n3"));
        PreFilterOutcome empty = framework.runPreFilterPlugins(new CycleState(), POD);
        assertThat(empty.status())
                .isEqualTo(Status.unschedulableAndUnresolvable(
                        "node(s) didn't satisfy plugin(s) [Alpha Beta] simultaneously"));
        assertThat(empty.unschedulablePlugins()).containsExactlyInAnyOrder("Alpha", "Beta");
    }

    @Test
    void filterStopsAtTheFirstRejectionAndNamesThePlugin() {
        alpha.filter = node -> Status.unschedulable("too small");
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());

        Status status = framework.runFilterPlugins(
                new CycleState(), POD, NodeInfo.of(node("n1").build()));

        assertThat(status).isEqualTo(Status.unschedulable("too small").withPlugin("Alpha"));
        assertThat(calls).containsExactly("Alpha.filter(n1)");
    }

    @Test
    void filterExceptionsBecomeWrappedErrors() {
        beta.filter = node -> {
            throw new IllegalStateException("boom");
        };
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());

        Status status = framework.runFilterPlugins(
                new CycleState(), POD, NodeInfo.of(node("n1").build()));

        assertThat(status.code()).isEqualTo(Status.Code.ERROR);
        assertThat(status.plugin()).isEqualTo("Beta");
        assertThat(status.message()).isEqualTo("running \"Beta\" filter plugin: boom");
    }

    @Test
    void scoresAreNormalisedWeightedAndSummed() {
        alpha.score = node -> node.nodeName().equals("n1") ? 500L : 1000L;
        alpha.normalizes = true;
        beta.score = node -> node.nodeName().equals("n1") ? 100L : 0L;
        FrameworkRunner framework =
                framework(multiPoint(PluginRef.weighted("Alpha", 2), PluginRef.weighted("Beta", 3)), snapshot());
        List<NodeInfo> nodes =
                List.of(NodeInfo.of(node("n1").build()), NodeInfo.of(node("n2").build()));

        ScoreOutcome outcome = framework.runScorePlugins(new CycleState(), POD, nodes);

        assertThat(outcome.status().isSuccess()).isTrue();
        assertThat(outcome.nodeScores())
                .extracting(NodePluginScores::name, NodePluginScores::totalScore)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("n1", 50L * 2 + 100L * 3),
                        org.assertj.core.groups.Tuple.tuple("n2", 100L * 2));
    }

    @Test
    void preScoreSkipLeavesThePluginOutOfScoring() {
        alpha.preScore = Status.skip();
        alpha.score = node -> {
            throw new AssertionError("skipped plugin scored");
        };
        beta.score = node -> 7L;
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha"), PluginRef.of("Beta")), snapshot());
        CycleState state = new CycleState();
        List<NodeInfo> nodes = List.of(NodeInfo.of(node("n1").build()));

        assertThat(framework.runPreScorePlugins(state, POD, nodes).isSuccess()).isTrue();
        ScoreOutcome outcome = framework.runScorePlugins(state, POD, nodes);

        assertThat(outcome.nodeScores().get(0).totalScore()).isEqualTo(7L);
        assertThat(outcome.nodeScores().get(0).scores()).hasSize(1);
    }

    @Test
    void scoresOutOfRangeAfterNormalisingAreErrors() {
        alpha.score = node -> 101L;
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("Alpha")), snapshot());

        ScoreOutcome outcome = framework.runScorePlugins(
                new CycleState(), POD, List.of(NodeInfo.of(node("n1").build())));

        assertThat(outcome.status().code()).isEqualTo(Status.Code.ERROR);
        assertThat(outcome.status().message())
                .isEqualTo("running Score plugins: plugin \"Alpha\" returns an invalid score 101,"
                        + " it should in the range of [0, 100] after normalizing");
    }

    @Test
    void unreserveRunsInReverseOrder() {
        second.reserve = Status.unschedulable("no volume");
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("First"), PluginRef.of("Second")), snapshot());
        CycleState state = new CycleState();

        Status status = framework.runReservePluginsReserve(state, POD, "n1");
        framework.runReservePluginsUnreserve(state, POD, "n1");

        assertThat(status).isEqualTo(Status.unschedulable("no volume").withPlugin("Second"));
        assertThat(calls).containsExactly("First.reserve", "Second.reserve", "Second.unreserve", "First.unreserve");
    }

    @Test
    void bindFallsThroughSkipsAndAnsweresSkipWhenNoPluginBinds() {
        first.bind = Status.skip();
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("First"), PluginRef.of("Second")), snapshot());

        assertThat(framework.runBindPlugins(new CycleState(), POD, "n1").isSuccess())
                .isTrue();
        assertThat(calls).containsExactly("First.bind", "Second.bind");

        second.bind = Status.skip();
        assertThat(framework.runBindPlugins(new CycleState(), POD, "n1").isSkip())
                .isTrue();
    }

    @Test
    void postFilterCollectsRejectionsAndStopsAtTheFirstSuccess() {
        first.postFilter = PostFilterResult.failed(Status.unschedulable("preemption: 0/3 nodes are available."));
        second.postFilter = PostFilterResult.nominated("n2");
        FrameworkRunner framework = framework(multiPoint(PluginRef.of("First"), PluginRef.of("Second")), snapshot());

        PostFilterResult result = framework.runPostFilterPlugins(new CycleState(), POD, new NodeToStatus());
        assertThat(result.status().isSuccess()).isTrue();
        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n2"));

        second.postFilter = PostFilterResult.failed(Status.unschedulable("no victims"));
        PostFilterResult rejected = framework.runPostFilterPlugins(new CycleState(), POD, new NodeToStatus());
        assertThat(rejected.status())
                .isEqualTo(Status.unschedulable("preemption: 0/3 nodes are available.", "no victims")
                        .withPlugin("First"));
    }

    @Test
    void permitWaitEndsWhenEveryWaitingPluginAllows() throws Exception {
        first.permit = PermitResult.waitFor(Duration.ofSeconds(30));
        second.permit = PermitResult.waitFor(Duration.ofSeconds(30));
        try (FrameworkRunner framework =
                framework(multiPoint(PluginRef.of("First"), PluginRef.of("Second")), snapshot())) {
            Status permit = framework.runPermitPlugins(new CycleState(), POD, "n1");
            assertThat(permit.isWait()).isTrue();

            CompletableFuture<Status> waited = CompletableFuture.supplyAsync(() -> framework.waitOnPermit(POD));
            framework.waitingPod(POD.getMetadata().getUid()).orElseThrow().allow("First");
            assertThat(waited).isNotDone();
            framework.waitingPod(POD.getMetadata().getUid()).orElseThrow().allow("Second");

            assertThat(waited.get(5, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(framework.waitingPod(POD.getMetadata().getUid())).isEmpty();
        }
    }

    @Test
    void permitWaitTimesOutAsARejection() {
        first.permit = PermitResult.waitFor(Duration.ofMillis(50));
        try (FrameworkRunner framework = framework(multiPoint(PluginRef.of("First")), snapshot())) {
            framework.runPermitPlugins(new CycleState(), POD, "n1");

            Status status = framework.waitOnPermit(POD);

            assertThat(status)
                    .isEqualTo(Status.unschedulable("rejected due to timeout after waiting 50ms at plugin First")
                            .withPlugin("First"));
        }
    }

    @Test
    void nominatedPodsOfHigherPriorityCountAgainstTheirNode() {
        PodNominations nominations = new PodNominations();
        Pod nominated = pod("nominated").priority(10).nominatedNode("n1").build();
        nominations.addNominatedPod(PodInfo.of(nominated), NominatingInfo.noop());
        alpha.filter = node -> node.pods().isEmpty() ? Status.success() : Status.unschedulable("taken");
        FrameworkRunner framework = FrameworkRunner.builder(registry(), multiPoint(PluginRef.of("Alpha")))
                .nominator(nominations)
                .build();
        NodeInfo n1 = NodeInfo.of(node("n1").build());

        Status lowerPriority = framework.runFilterPluginsWithNominatedPods(
                new CycleState(), pod("low").priority(5).build(), n1);
        Status higherPriority = framework.runFilterPluginsWithNominatedPods(
                new CycleState(), pod("high").priority(20).build(), n1);

        assertThat(lowerPriority).isEqualTo(Status.unschedulable("taken").withPlugin("Alpha"));
        assertThat(higherPriority.isSuccess()).isTrue();
        assertThat(n1.pods()).isEmpty();
    }

    @Test
    void pluginArgsReachTheFactory() {
        PluginRegistry registry = new PluginRegistry().register("Alpha", (args, handle) -> {
            calls.add("args=" + args.as(Map.class, Map::of));
            return alpha;
        });
        ProfileConfig profile = multiPoint(PluginRef.of("Alpha")).withArgs("Alpha", PluginArgs.of(Map.of("k", "v")));

        FrameworkRunner.builder(registry, profile).build();

        assertThat(calls).containsExactly("args={k=v}");
    }
}
