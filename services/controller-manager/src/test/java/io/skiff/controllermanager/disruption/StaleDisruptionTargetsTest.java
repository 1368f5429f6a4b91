package io.skiff.controllermanager.disruption;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.PodMaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

class StaleDisruptionTargetsTest {

    /**
     * @param pod the cached pod
     * @param result what the sync returns
     * @param reset whether the condition is written back as False
     */
    record Case(String name, Pod pod, Result result, boolean reset) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "a DisruptionTarget older than two minutes on a pod nobody deleted goes back to False",
                        withTarget(pod("a").readySecondsAgo(600), "True", "EvictionByEvictionAPI", 121),
                        Result.done(),
                        true),
                new Case(
                        "a younger one is looked at again when it turns stale",
                        withTarget(pod("a").readySecondsAgo(600), "True", "EvictionByEvictionAPI", 30),
                        Result.requeueAfter(Duration.ofSeconds(90)),
                        false),
                new Case(
                        "a pod being deleted keeps its condition",
                        withTarget(pod("a").terminating(), "True", "EvictionByEvictionAPI", 600),
                        Result.done(),
                        false),
                new Case(
                        "the kubelet's own condition is never stale",
                        withTarget(pod("a"), "True", "TerminationByKubelet", 600),
                        Result.done(),
                        false),
                new Case(
                        "a finished pod keeps its condition",
                        withTarget(pod("a").phase("Failed"), "True", "DeletionByTaintManager", 600),
                        Result.done(),
                        false),
                new Case(
                        "a False condition is left alone",
                        withTarget(pod("a"), "False", "", 600),
                        Result.done(),
                        false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void staleConditions(Case c) {
        CacheIndexer<Pod> pods = new CacheIndexer<>();
        pods.put(c.pod());
        List<Pod> written = new ArrayList<>();
        DisruptionWrites writes = new DisruptionWrites() {
            @Override
            public Mono<PodDisruptionBudget> updateBudgetStatus(PodDisruptionBudget budget) {
                throw new AssertionError("no budget write expected");
            }

            @Override
            public Mono<Pod> updatePodStatus(Pod pod) {
                written.add(pod);
                return Mono.just(pod);
            }
        };
        StaleDisruptionTargets sync =
                new StaleDisruptionTargets(new Lister<>(pods), writes, new ManualClock(), Duration.ofSeconds(5));

        assertThat(sync.sync("default/a")).isEqualTo(c.result());

        if (c.reset()) {
            assertThat(written).hasSize(1);
            Optional<PodCondition> target = written.get(0).getStatus().getConditions().stream()
                    .filter(condition -> "DisruptionTarget".equals(condition.getType()))
                    .findFirst();
            assertThat(target).hasValueSatisfying(condition -> {
                assertThat(condition.getStatus()).isEqualTo("False");
                assertThat(condition.getReason()).isNull();
                assertThat(condition.getLastTransitionTime()).isEqualTo(PodMaker.NOW.toString());
            });
            assertThat(written.get(0).getStatus().getConditions())
                    .as("the other conditions stay")
                    .extracting(PodCondition::getType)
                    .contains("Ready");
        } else {
            assertThat(written).isEmpty();
        }
    }

    private static Pod withTarget(PodMaker maker, String status, String reason, long secondsAgo) {
        Pod pod = maker.build();
        List<PodCondition> conditions = pod.getStatus().getConditions() == null
                ? new ArrayList<>()
                : new ArrayList<>(pod.getStatus().getConditions());
        conditions.add(new PodConditionBuilder()
                .withType("DisruptionTarget")
                .withStatus(status)
                .withReason(reason)
                .withLastTransitionTime(PodMaker.NOW.minusSeconds(secondsAgo).toString())
                .build());
        pod.getStatus().setConditions(conditions);
        return pod;
    }
}
