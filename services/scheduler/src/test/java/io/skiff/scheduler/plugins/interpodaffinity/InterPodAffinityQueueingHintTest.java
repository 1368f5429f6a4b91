package io.skiff.scheduler.plugins.interpodaffinity;

import static io.skiff.scheduler.testing.PodMaker.in;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static io.skiff.scheduler.testing.PodMaker.term;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.testing.FakeHandle;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which assigned-pod changes may make a pod InterPodAffinity rejected schedulable. */
class InterPodAffinityQueueingHintTest {

    private static final Pod WANTS_DB_AVOIDS_CACHE = pod("p").podAffinity(term(in("app", "db"), "zone"))
            .podAntiAffinity(term(in("app", "cache"), "zone"))
            .label("app", "web")
            .build();

    record Case(String name, Pod oldPod, Pod newPod, QueueingHint want) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Pod db = pod("db").node("n1").label("app", "db").build();
        Pod cache = pod("cache").node("n1").label("app", "cache").build();
        Pod other = pod("other").node("n1").label("app", "other").build();
        Pod pendingDb = pod("pending-db").label("app", "db").build();
        Pod webGuard = pod("guard")
                .node("n1")
                .podAntiAffinity(term(in("app", "web"), "zone"))
                .build();
        return Stream.of(
                new Case("an added pod matching the affinity", null, db, QueueingHint.QUEUE),
                new Case("an added pod matching nothing", null, other, QueueingHint.SKIP),
                new Case("an unscheduled pod never helps", null, pendingDb, QueueingHint.SKIP),
                new Case(
                        "a relabelled pod that now matches the affinity",
                        other,
                        relabel(other, "db"),
                        QueueingHint.QUEUE),
                new Case(
                        "a relabelled pod that no longer matches the anti-affinity",
                        cache,
                        relabel(cache, "other"),
                        QueueingHint.QUEUE),
                new Case("a relabelled pod that still matches nothing", other, relabel(other, "x"), QueueingHint.SKIP),
                new Case("a deleted pod the anti-affinity matched", cache, null, QueueingHint.QUEUE),
                new Case("a deleted pod whose own anti-affinity matched the pod", webGuard, null, QueueingHint.QUEUE),
                new Case("a deleted pod unrelated to the pod", other, null, QueueingHint.SKIP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hints(Case c) {
        InterPodAffinity plugin = new InterPodAffinity(
                InterPodAffinityArgs.defaults(),
                new FakeHandle(Snapshot.of(List.of(), List.of())),
                MapNamespaceLister.TEAMS);

        assertThat(plugin.isSchedulableAfterPodChange(WANTS_DB_AVOIDS_CACHE, c.oldPod(), c.newPod()))
                .isEqualTo(c.want());
    }

    private static Pod relabel(Pod pod, String app) {
        return new io.fabric8.kubernetes.api.model.PodBuilder(pod)
                .editMetadata()
                .addToLabels("app", app)
                .endMetadata()
                .build();
    }
}
