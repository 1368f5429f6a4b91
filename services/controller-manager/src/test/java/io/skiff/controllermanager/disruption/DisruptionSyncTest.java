package io.skiff.controllermanager.disruption;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingEvents;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

class DisruptionSyncTest {

    private static final String NOW = PodMaker.NOW.toString();
    private static final String A_MINUTE_AGO = PodMaker.NOW.minusSeconds(60).toString();
    private static final String THREE_MINUTES_AGO =
            PodMaker.NOW.minusSeconds(180).toString();

    private static final ReplicaSet LONE_RS = replicaSet("lone", 4, null);
    private static final Deployment DEPLOYMENT = new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("web")
            .withUid("uid-deploy-web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .build();
    private static final ReplicaSet DEPLOYMENT_RS = replicaSet("web-1", 5, DEPLOYMENT);
    private static final StatefulSet STATEFUL_SET = new StatefulSetBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("db")
            .withUid("uid-sts-db")
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .endSpec()
            .build();
    private static final ReplicationController RC = new ReplicationControllerBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("legacy")
            .withUid("uid-rc-legacy")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    private static final Job JOB = new JobBuilder()
            .withNewMetadata()
            .withNamespace("default")
            .withName("batch")
            .withUid("uid-job-batch")
            .endMetadata()
            .build();

    /**
     * @param pods the pods in the cache (the budget selects app=web)
     * @param budget the budget's spec and current status
     * @param written the status written, as "expected/desired/healthy/allowed condition-status/reason",
     *     or null when nothing is written
     * @param events the events recorded
     */
    record Case(String name, List<Pod> pods, PodDisruptionBudget budget, String written, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "integer minAvailable expects the selected pods and allows the healthy surplus",
                        List.of(ready("a"), ready("b"), ready("c")),
                        budget(s -> s.setMinAvailable(new IntOrString(2))),
                        "3/2/3/1 True/SufficientPods",
                        List.of()),
                new Case(
                        "pods that are not ready or are being deleted are not healthy",
                        List.of(
                                ready("a"),
                                ready("b"),
                                pod("c").notReady().build(),
                                pod("d").readySecondsAgo(60).terminating().build(),
                                pod("e").build()),
                        budget(s -> s.setMinAvailable(new IntOrString(2))),
                        "5/2/2/0 False/InsufficientPods",
                        List.of()),
                new Case(
                        "pods the selector does not match are left out",
                        List.of(
                                ready("a"),
                                pod("other").withoutLabels().readySecondsAgo(60).build()),
                        budget(s -> s.setMinAvailable(new IntOrString(0))),
                        "1/0/1/1 True/SufficientPods",
                        List.of()),
                new Case(
                        "percentage minAvailable counts the replicas of a ReplicaSet, rounded up",
                        List.of(ownedReady("a", LONE_RS), ownedReady("b", LONE_RS), ownedReady("c", LONE_RS)),
                        budget(s -> s.setMinAvailable(new IntOrString("50%"))),
                        "4/2/3/1 True/SufficientPods",
                        List.of()),
                new Case(
                        "maxUnavailable counts a Deployment's replicas through its ReplicaSet, not the ReplicaSet's",
                        List.of(
                                ownedReady("a", DEPLOYMENT_RS),
                                ownedReady("b", DEPLOYMENT_RS),
                                ownedReady("c", DEPLOYMENT_RS)),
                        budget(s -> s.setMaxUnavailable(new IntOrString(1))),
                        "3/2/3/1 True/SufficientPods",
                        List.of()),
                new Case(
                        "percentage maxUnavailable of a StatefulSet is rounded up",
                        List.of(
                                ownedReady("db-0", STATEFUL_SET),
                                ownedReady("db-1", STATEFUL_SET),
                                ownedReady("db-2", STATEFUL_SET)),
                        budget(s -> s.setMaxUnavailable(new IntOrString("34%"))),
                        "3/1/3/2 True/SufficientPods",
                        List.of()),
                new Case(
                        "maxUnavailable 0 of a ReplicationController allows nothing",
                        List.of(ownedReady("a", RC), ownedReady("b", RC)),
                        budget(s -> s.setMaxUnavailable(new IntOrString(0))),
                        "2/2/2/0 False/InsufficientPods",
                        List.of()),
                new Case(
                        "pods of two controllers add both scales, each once",
                        List.of(ownedReady("a", RC), ownedReady("b", RC), ownedReady("c", LONE_RS)),
                        budget(s -> s.setMaxUnavailable(new IntOrString("50%"))),
                        "6/3/3/0 False/InsufficientPods",
                        List.of()),
                new Case(
                        "unmanaged pods add nothing to a percentage and are warned about",
                        List.of(ownedReady("a", RC), ready("loose")),
                        budget(s -> s.setMinAvailable(new IntOrString("50%"))),
                        "2/1/2/1 True/SufficientPods",
                        List.of("WARNING UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: "
                                + "&LabelSelector{MatchLabels:map[string]string{app: web,},"
                                + "MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. "
                                + "As a result, the status of the PDB cannot be calculated correctly, which may "
                                + "result in undefined behavior. To account for these pods please set "
                                + "\".spec.minAvailable\" field of the PDB to an integer value.")),
                new Case(
                        "only unmanaged pods leave a percentage budget expecting none, so nothing is allowed",
                        List.of(ready("a"), ready("b")),
                        budget(s -> s.setMaxUnavailable(new IntOrString("50%"))),
                        "0/0/2/0 False/InsufficientPods",
                        List.of("WARNING UnmanagedPods: Pods selected by this PodDisruptionBudget (selector: "
                                + "&LabelSelector{MatchLabels:map[string]string{app: web,},"
                                + "MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. "
                                + "As a result, the status of the PDB cannot be calculated correctly, which may "
                                + "result in undefined behavior. To account for these pods please set "
                                + "\".spec.minAvailable\" field of the PDB to an integer value.")),
                new Case(
                        "a budget without pods allows nothing and says so",
                        List.of(),
                        budget(s -> s.setMinAvailable(new IntOrString(0))),
                        "0/0/0/0 False/InsufficientPods",
                        List.of("NORMAL NoPods: No matching pods found")),
                new Case(
                        "a pod whose controller is not in the cache fails the budget safe",
                        List.of(owned("a", replicaSet("gone", 2, null))
                                .readySecondsAgo(60)
                                .build()),
                        budget(s -> s.setMaxUnavailable(new IntOrString(1))),
                        "failsafe 0 False/SyncFailed: found no controllers for pod \"a\"",
                        List.of("WARNING CalculateExpectedPodCountFailed: Failed to calculate the number of "
                                + "expected pods: found no controllers for pod \"a\"")),
                new Case(
                        "a pod controlled by a kind without /scale fails the budget safe",
                        List.of(owned("a", JOB).readySecondsAgo(60).build()),
                        budget(s -> s.setMinAvailable(new IntOrString("10%"))),
                        "failsafe 0 False/SyncFailed: jobs.batch does not implement the scale subresource",
                        List.of("WARNING CalculateExpectedPodCountFailed: Failed to calculate the number of "
                                + "expected pods: jobs.batch does not implement the scale subresource")),
                new Case(
                        "a percentage that is not one fails the budget safe",
                        List.of(ownedReady("a", RC)),
                        budget(s -> s.setMaxUnavailable(new IntOrString("half"))),
                        "failsafe 0 False/SyncFailed: invalid value for IntOrString: invalid type: string is not a percentage",
                        List.of(
                                "WARNING CalculateExpectedPodCountFailed: Failed to calculate the number of "
                                        + "expected pods: invalid value for IntOrString: invalid type: string is not a percentage")),
                new Case(
                        "a status that already says it all is not written again",
                        List.of(ready("a"), ready("b"), ready("c")),
                        withStatus(
                                budget(s -> s.setMinAvailable(new IntOrString(2))),
                                3,
                                2,
                                3,
                                1,
                                "True",
                                "SufficientPods"),
                        null,
                        List.of()),
                new Case(
                        "a status of an older generation is written again",
                        List.of(ready("a"), ready("b"), ready("c")),
                        withGeneration(
                                withStatus(
                                        budget(s -> s.setMinAvailable(new IntOrString(2))),
                                        3,
                                        2,
                                        3,
                                        1,
                                        "True",
                                        "SufficientPods"),
                                2L),
                        "3/2/3/1 True/SufficientPods",
                        List.of()),
                new Case(
                        "a condition that disagrees with disruptionsAllowed is corrected",
                        List.of(ready("a"), ready("b"), ready("c")),
                        withStatus(
                                budget(s -> s.setMinAvailable(new IntOrString(2))), 3, 2, 3, 1, "False", "SyncFailed"),
                        "3/2/3/1 True/SufficientPods",
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void budgetStatus(Case c) {
        Fixture fixture = new Fixture();
        c.pods().forEach(fixture.pods::put);
        fixture.budgets.put(c.budget());

        fixture.sync.sync("default/web-pdb");

        if (c.written() == null) {
            assertThat(fixture.written).isEmpty();
        } else {
            assertThat(fixture.written).hasSize(1);
            assertThat(summary(fixture.written.get(0))).isEqualTo(c.written());
        }
        assertThat(fixture.events.events).isEqualTo(c.events());
    }

    @Test
    void theStatusObservesTheGenerationAndTheConditionItsTransitionTime() {
        Fixture fixture = new Fixture();
        fixture.pods.put(ready("a"));
        fixture.budgets.put(withGeneration(budget(s -> s.setMinAvailable(new IntOrString(0))), 4L));

        fixture.sync.sync("default/web-pdb");

        PodDisruptionBudget written = fixture.written.get(0);
        assertThat(written.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(written.getStatus().getObservedGeneration()).isEqualTo(4L);
        Condition condition = written.getStatus().getConditions().get(0);
        assertThat(condition.getType()).isEqualTo("DisruptionAllowed");
        assertThat(condition.getObservedGeneration()).isEqualTo(4L);
        assertThat(condition.getLastTransitionTime()).isEqualTo(NOW);
        assertThat(condition.getMessage()).isEmpty();
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
        Fixture fixture = new Fixture();
        fixture.pods.put(ready("a"));
        fixture.pods.put(ready("b"));
        PodDisruptionBudget budget =
                withStatus(budget(s -> s.setMinAvailable(new IntOrString(1))), 2, 1, 1, 0, "False", "InsufficientPods");
        budget.getStatus().getConditions().get(0).setLastTransitionTime(A_MINUTE_AGO);
        budget.getStatus().setCurrentHealthy(1);
        fixture.budgets.put(budget);
        fixture.sync.sync("default/web-pdb");
        assertThat(fixture.written.get(0).getStatus().getConditions().get(0).getLastTransitionTime())
                .as("False → True moves the transition time")
                .isEqualTo(NOW);

        fixture.written.clear();
        PodDisruptionBudget again =
                withStatus(budget(s -> s.setMinAvailable(new IntOrString(1))), 2, 1, 2, 1, "True", "SufficientPods");
        again.getStatus().getConditions().get(0).setLastTransitionTime(A_MINUTE_AGO);
        again.getStatus().setExpectedPods(3);
        fixture.budgets.put(again);
        fixture.sync.sync("default/web-pdb");
        assertThat(fixture.written.get(0).getStatus().getConditions().get(0).getLastTransitionTime())
                .as("True stays True")
                .isEqualTo(A_MINUTE_AGO);
    }

    @Test
    void recentlyEvictedPodsAreNotHealthyAndTheBudgetIsRecheckedWhenTheirTimeoutEnds() {
        Fixture fixture = new Fixture();
        fixture.pods.put(ready("a"));
        fixture.pods.put(ready("b"));
        fixture.pods.put(ready("c"));
        PodDisruptionBudget budget = budget(s -> s.setMinAvailable(new IntOrString(1)));
        budget.setStatus(new PodDisruptionBudgetStatus());
        budget.getStatus().setDisruptedPods(Map.of("a", A_MINUTE_AGO, "vanished", A_MINUTE_AGO));
        fixture.budgets.put(budget);

        Result result = fixture.sync.sync("default/web-pdb");

        PodDisruptionBudgetStatus status = fixture.written.get(0).getStatus();
        assertThat(status.getCurrentHealthy()).isEqualTo(2);
        assertThat(status.getDisruptionsAllowed()).isEqualTo(1);
        assertThat(status.getDisruptedPods())
                .as("the vanished pod's entry goes")
                .containsOnlyKeys("a");
        assertThat(result.requeueAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void evictedPodsThatWereNotDeletedInTimeCountAgainWithAWarning() {
        Fixture fixture = new Fixture();
        fixture.pods.put(ready("a"));
        fixture.pods.put(pod("b").readySecondsAgo(60).terminating().build());
        PodDisruptionBudget budget = budget(s -> s.setMinAvailable(new IntOrString(0)));
        budget.setStatus(new PodDisruptionBudgetStatus());
        budget.getStatus().setDisruptedPods(Map.of("a", THREE_MINUTES_AGO, "b", A_MINUTE_AGO));
        fixture.budgets.put(budget);

        Result result = fixture.sync.sync("default/web-pdb");

        PodDisruptionBudgetStatus status = fixture.written.get(0).getStatus();
        assertThat(status.getCurrentHealthy()).isEqualTo(1);
        assertThat(status.getDisruptedPods())
                .as("a timed out, b is being deleted")
                .isNull();
        assertThat(fixture.events.events)
                .containsExactly(
                        "WARNING NotDeleted: Pod was expected by PDB default/web-pdb to be deleted but it wasn't");
        assertThat(result).isEqualTo(Result.done());
    }

    @Test
    void aConflictIsRetriedWithoutFailingTheBudgetSafe() {
        Fixture fixture = new Fixture();
        fixture.pods.put(ready("a"));
        fixture.budgets.put(budget(s -> s.setMinAvailable(new IntOrString(0))));
        fixture.failWith =
                Statuses.conflict("policy", "poddisruptionbudgets", "web-pdb", "the object has been modified");

        assertThatThrownBy(() -> fixture.sync.sync("default/web-pdb")).matches(ApiErrors::isConflict);
        assertThat(fixture.written).as("no fail-safe write").hasSize(1);
    }

    @Test
    void aDeletedBudgetIsNothingToDo() {
        Fixture fixture = new Fixture();
        assertThat(fixture.sync.sync("default/web-pdb")).isEqualTo(Result.done());
        assertThat(fixture.written).isEmpty();
    }

    /** The cache, the writes and the API server's /scale answers of one sync. */
    private static final class Fixture {
        final CacheIndexer<Pod> pods = new CacheIndexer<>();
        final CacheIndexer<PodDisruptionBudget> budgets = new CacheIndexer<>();
        final CacheIndexer<ReplicationController> rcs = new CacheIndexer<>();
        final CacheIndexer<ReplicaSet> replicaSets = new CacheIndexer<>();
        final CacheIndexer<Deployment> deployments = new CacheIndexer<>();
        final CacheIndexer<StatefulSet> statefulSets = new CacheIndexer<>();
        final List<PodDisruptionBudget> written = new ArrayList<>();
        final RecordingEvents events = new RecordingEvents();
        ApiException failWith;
        final DisruptionSync sync;

        Fixture() {
            rcs.put(RC);
            replicaSets.put(LONE_RS);
            replicaSets.put(DEPLOYMENT_RS);
            deployments.put(DEPLOYMENT);
            statefulSets.put(STATEFUL_SET);
            ScaleReader scales = (ref, namespace) -> {
                if ("Job".equals(ref.getKind())) {
                    throw new IllegalStateException("jobs.batch does not implement the scale subresource");
                }
                return Optional.empty();
            };
            DisruptionWrites writes = new DisruptionWrites() {
                @Override
                public Mono<PodDisruptionBudget> updateBudgetStatus(PodDisruptionBudget budget) {
                    written.add(budget);
                    return failWith == null ? Mono.just(budget) : Mono.error(failWith);
                }

                @Override
                public Mono<Pod> updatePodStatus(Pod pod) {
                    throw new AssertionError("no pod write expected");
                }
            };
            sync = new DisruptionSync(
                    new Lister<>(budgets),
                    new Lister<>(pods),
                    new ExpectedPods(new ControllerScales(
                            new Lister<>(rcs),
                            new Lister<>(replicaSets),
                            new Lister<>(deployments),
                            new Lister<>(statefulSets),
                            scales)),
                    writes,
                    events,
                    new ManualClock(),
                    Duration.ofSeconds(5));
        }
    }

    private static String summary(PodDisruptionBudget written) {
        PodDisruptionBudgetStatus status = written.getStatus();
        Condition condition = status.getConditions().get(0);
        if ("SyncFailed".equals(condition.getReason())) {
            return "failsafe " + status.getDisruptionsAllowed() + " " + condition.getStatus() + "/"
                    + condition.getReason() + ": " + condition.getMessage();
        }
        return status.getExpectedPods() + "/" + status.getDesiredHealthy() + "/" + status.getCurrentHealthy() + "/"
                + status.getDisruptionsAllowed() + " " + condition.getStatus() + "/" + condition.getReason();
    }

    private static PodDisruptionBudget budget(Consumer<PodDisruptionBudgetSpec> spec) {
        PodDisruptionBudget budget = new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web-pdb")
                .withUid("uid-pdb")
                .withGeneration(1L)
                .withResourceVersion("7")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", "web"))
                .endSelector()
                .endSpec()
                .build();
        spec.accept(budget.getSpec());
        return budget;
    }

    private static PodDisruptionBudget withStatus(
            PodDisruptionBudget budget,
            int expected,
            int desired,
            int healthy,
            int allowed,
            String conditionStatus,
            String reason) {
        PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatus();
        status.setExpectedPods(expected);
        status.setDesiredHealthy(desired);
        status.setCurrentHealthy(healthy);
        status.setDisruptionsAllowed(allowed);
        status.setObservedGeneration(1L);
        Condition condition = new Condition();
        condition.setType("DisruptionAllowed");
        condition.setStatus(conditionStatus);
        condition.setReason(reason);
        condition.setMessage("");
        condition.setObservedGeneration(1L);
        condition.setLastTransitionTime(A_MINUTE_AGO);
        status.setConditions(new ArrayList<>(List.of(condition)));
        budget.setStatus(status);
        return budget;
    }

    private static PodDisruptionBudget withGeneration(PodDisruptionBudget budget, long generation) {
        budget.getMetadata().setGeneration(generation);
        return budget;
    }

    private static ReplicaSet replicaSet(String name, int replicas, Deployment owner) {
        ReplicaSet set = new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-rs-" + name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .build();
        if (owner != null) {
            set.getMetadata().setOwnerReferences(List.of(OwnerReferences.controllerRef(owner)));
        }
        return set;
    }

    private static Pod ready(String name) {
        return pod(name).readySecondsAgo(60).build();
    }

    private static PodMaker owned(String name, HasMetadata owner) {
        return pod(name).ownedBy(owner);
    }

    private static Pod ownedReady(String name, HasMetadata owner) {
        return owned(name, owner).readySecondsAgo(60).build();
    }
}
