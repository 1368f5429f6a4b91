package io.skiff.controllermanager.daemonset;

import static io.skiff.controllermanager.daemonset.DaemonSetMaker.agent;
import static io.skiff.controllermanager.daemonset.DaemonSetMaker.hashOf;
import static io.skiff.controllermanager.daemonset.DaemonSetMaker.node;
import static io.skiff.controllermanager.daemonset.DaemonSetMaker.pod;
import static io.skiff.controllermanager.daemonset.DaemonSetMaker.readyPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.skiff.component.controller.Result;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DaemonSetSyncTest {

    private static final DaemonSet AGENT = agent();
    private static final String HASH = hashOf(AGENT);

    @Test
    void aNewDaemonSetGetsAPodOnEveryNodeItFitsPinnedByNodeAffinity() throws Exception {
        DaemonSetHarness harness = new DaemonSetHarness(
                AGENT,
                node("n1"),
                node("n2"),
                DaemonSetMaker.taintedNode("gpu", "dedicated", "NoSchedule"),
                DaemonSetMaker.taintedNode("cordoned", "node.kubernetes.io/unschedulable", "NoSchedule"));

        harness.sync();

        assertThat(harness.createdOnNodes()).containsExactly("cordoned", "n1", "n2");
        Pod pod = harness.control.created.get(0);
        assertThat(pod.getMetadata().getGenerateName()).isEqualTo("agent-");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("app", "agent")
                .containsEntry(ControllerRevisions.REVISION_LABEL, HASH)
                .containsEntry(DaemonPods.TEMPLATE_GENERATION_LABEL, "1");
        assertThat(OwnerReferences.isControlledBy(pod, "uid-ds-agent")).isTrue();
        assertThat(pod.getSpec().getNodeName()).isNull();
        assertThat(pod.getSpec().getTolerations())
                .extracting(Toleration::getKey)
                .contains("node.kubernetes.io/not-ready", "node.kubernetes.io/unschedulable");
        assertThat(harness.events.events)
                .containsExactly(
                        "NORMAL SuccessfulCreate: Created pod: agent-x1",
                        "NORMAL SuccessfulCreate: Created pod: agent-x2",
                        "NORMAL SuccessfulCreate: Created pod: agent-x3");

        ControllerRevision revision = harness.storedRevisions.revisions.get("agent-" + HASH);
        assertThat(revision).isNotNull();
        assertThat(revision.getRevision()).isEqualTo(1L);
        assertThat(revision.getMetadata().getLabels()).containsEntry(ControllerRevisions.REVISION_LABEL, HASH);

        DaemonSetStatus status = harness.control.lastStatus().getStatus();
        assertThat(status.getDesiredNumberScheduled()).isEqualTo(3);
        assertThat(status.getCurrentNumberScheduled()).isZero();
        assertThat(status.getNumberUnavailable()).isEqualTo(3);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void whileCreationsAreUnobservedOnlyTheStatusIsWrittenWithoutObservingTheGeneration() throws Exception {
        DaemonSetHarness harness = new DaemonSetHarness(AGENT, node("n1"));
        harness.sync();
        harness.observeRevisions();
        harness.control.created.clear();

        harness.sync();

        assertThat(harness.control.created).isEmpty();
        assertThat(harness.control.lastStatus().getStatus().getObservedGeneration())
                .isNull();
    }

    @Test
    void statusCountsTheOldestPodOnEachNodeAndPodsOnNodesThatShouldNotRunThem() throws Exception {
        DaemonSetHarness harness = new DaemonSetHarness(
                        AGENT, node("n1"), node("n2"), DaemonSetMaker.taintedNode("gpu", "dedicated", "NoExecute"))
                .withPods(
                        readyPod("ready", AGENT, "n1", HASH),
                        pod("starting", AGENT, "n2", "old-hash").build(),
                        readyPod("evicted", AGENT, "gpu", HASH));

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("evicted");
        DaemonSetStatus status = harness.control.lastStatus().getStatus();
        assertThat(status.getDesiredNumberScheduled()).isEqualTo(2);
        assertThat(status.getCurrentNumberScheduled()).isEqualTo(2);
        assertThat(status.getNumberMisscheduled()).isEqualTo(1);
        assertThat(status.getNumberReady()).isEqualTo(1);
        assertThat(status.getNumberAvailable()).isEqualTo(1);
        assertThat(status.getNumberUnavailable()).isEqualTo(1);
        assertThat(status.getUpdatedNumberScheduled()).isEqualTo(1);
    }

    @Test
    void surplusPodsOnANodeGoNewestFirst() throws Exception {
        DaemonSetHarness harness = new DaemonSetHarness(AGENT, node("n1"))
                .withPods(
                        pod("older", AGENT, "n1", HASH).createdSecondsAgo(600).build(),
                        pod("newer", AGENT, "n1", HASH).createdSecondsAgo(60).build());

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("newer");
        assertThat(harness.events.events).contains("NORMAL SuccessfulDelete: Deleted pod: newer");
    }

    @Test
    void aFailedPodIsDeletedThenBackedOff() throws Exception {
        DaemonSetHarness harness = new DaemonSetHarness(AGENT, node("n1"))
                .withPods(pod("crashed", AGENT, "n1", HASH).phase("Failed").build());

        harness.sync();
        assertThat(harness.control.deleted).containsExactly("crashed");
        assertThat(harness.events.events)
                .contains(
                        "WARNING FailedDaemonPod: Found failed daemon pod default/crashed on node n1, will try to kill it");

        harness.expectations.forget(DaemonSetHarness.KEY);
        harness.sync();
        assertThat(harness.control.deleted).containsExactly("crashed");
    }

    @Test
    void rollingUpdateWithoutSurgeDeletesOldPodsUpToMaxUnavailable() throws Exception {
        DaemonSet updated = DaemonSetMaker.agentWithImage(AGENT, "busybox:2");
        DaemonSetHarness harness = new DaemonSetHarness(updated, node("n1"), node("n2"), node("n3"))
                .withPods(
                        readyPod("a", updated, "n1", HASH),
                        readyPod("b", updated, "n2", HASH),
                        readyPod("c", updated, "n3", HASH));

        harness.sync();

        assertThat(harness.control.deleted).hasSize(1).isSubsetOf("a", "b", "c");
        assertThat(harness.control.created).isEmpty();
    }

    @Test
    void rollingUpdateKeepsGoingWhileUnavailableOldPodsAreReplaced() throws Exception {
        DaemonSet updated = DaemonSetMaker.agentWithImage(AGENT, "busybox:2");
        DaemonSetHarness harness = new DaemonSetHarness(updated, node("n1"), node("n2"))
                .withPods(pod("broken", updated, "n1", HASH).build(), readyPod("fine", updated, "n2", HASH));

        harness.sync();

        // The unavailable old pod goes at once and uses up maxUnavailable: the available one stays.
        assertThat(harness.control.deleted).containsExactly("broken");
    }

    @Test
    void rollingUpdateWithSurgeStartsANewPodBesideTheOldOne() throws Exception {
        DaemonSet surging =
                DaemonSetMaker.withStrategy(DaemonSetMaker.agentWithImage(AGENT, "busybox:2"), "RollingUpdate", 0, 1);
        DaemonSetHarness harness = new DaemonSetHarness(surging, node("n1"), node("n2"))
                .withPods(readyPod("a", surging, "n1", HASH), readyPod("b", surging, "n2", HASH));

        harness.sync();

        assertThat(harness.control.deleted).isEmpty();
        assertThat(harness.createdOnNodes()).containsExactly("n1");
        String newHash =
                harness.control.created.get(0).getMetadata().getLabels().get(ControllerRevisions.REVISION_LABEL);
        assertThat(newHash).isEqualTo(hashOf(surging)).isNotEqualTo(HASH);
    }

    @Test
    void withSurgeTheOldPodGoesOnceTheNewOneIsAvailable() throws Exception {
        DaemonSet surging =
                DaemonSetMaker.withStrategy(DaemonSetMaker.agentWithImage(AGENT, "busybox:2"), "RollingUpdate", 0, 1);
        String newHash = hashOf(surging);
        DaemonSetHarness harness = new DaemonSetHarness(surging, node("n1"))
                .withPods(
                        pod("old", surging, "n1", HASH)
                                .readySecondsAgo(600)
                                .createdSecondsAgo(900)
                                .build(),
                        pod("new", surging, "n1", newHash)
                                .readySecondsAgo(5)
                                .createdSecondsAgo(60)
                                .build());

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("old");
    }

    @Test
    void onDeleteLeavesOldPodsAlone() throws Exception {
        DaemonSet onDelete =
                DaemonSetMaker.withStrategy(DaemonSetMaker.agentWithImage(AGENT, "busybox:2"), "OnDelete", null, null);
        DaemonSetHarness harness =
                new DaemonSetHarness(onDelete, node("n1")).withPods(readyPod("a", onDelete, "n1", HASH));

        harness.sync();

        assertThat(harness.control.deleted).isEmpty();
        assertThat(harness.control.created).isEmpty();
        assertThat(harness.control.lastStatus().getStatus().getUpdatedNumberScheduled())
                .isZero();
    }

    @Test
    void aDaemonSetSelectingEverythingIsRefused() throws Exception {
        DaemonSet all = new DaemonSetBuilder(AGENT)
                .editSpec()
                .withNewSelector()
                .endSelector()
                .endSpec()
                .build();
        DaemonSetHarness harness = new DaemonSetHarness(all, node("n1"));

        harness.sync();

        assertThat(harness.control.created).isEmpty();
        assertThat(harness.events.events)
                .containsExactly(
                        "WARNING SelectingAll: This daemon set is selecting all pods. A non-empty selector is required.");
    }

    @Test
    void oldRevisionsBeyondTheHistoryLimitAreDeletedOldestFirstUnlessAPodRunsThem() throws Exception {
        DaemonSet limited = new DaemonSetBuilder(AGENT)
                .editSpec()
                .withRevisionHistoryLimit(2)
                .endSpec()
                .build();
        DaemonSetHarness harness =
                new DaemonSetHarness(limited, node("n1")).withPods(readyPod("a", limited, "n1", "h1"));
        IntStream.rangeClosed(1, 4).forEach(i -> harness.revisions.put(oldRevision(limited, i)));

        harness.sync();

        // h1 still runs a pod; h2 and h3 are the oldest of the rest.
        assertThat(harness.storedRevisions.deleted).containsExactly("agent-h2", "agent-h3");
        assertThat(harness.storedRevisions.revisions.get("agent-" + HASH).getRevision())
                .isEqualTo(5L);
    }

    @Test
    void theSameTemplateStoredTwiceIsMergedIntoTheNewestRevision() throws Exception {
        DaemonSetHarness harness =
                new DaemonSetHarness(AGENT, node("n1")).withPods(readyPod("a", AGENT, "n1", "dup-1"));
        Map<String, Object> data =
                ControllerRevisions.templatePatch(AGENT.getSpec().getTemplate());
        harness.revisions.put(revision(AGENT, "agent-dup-1", "dup-1", 1, data));
        harness.revisions.put(revision(AGENT, "agent-dup-2", "dup-2", 2, data));

        harness.sync();

        assertThat(harness.storedRevisions.deleted).containsExactly("agent-dup-1");
        assertThat(harness.control.patched)
                .extracting(RecordingPodControl.PatchCall::name)
                .containsExactly("a");
        assertThat(harness.storedRevisions.revisions).doesNotContainKey("agent-" + HASH);
    }

    @Test
    void withMinReadySecondsTheDaemonSetIsLookedAtAgainWhenPodsBecomeAvailable() throws Exception {
        DaemonSet slow = new DaemonSetBuilder(AGENT)
                .editSpec()
                .withMinReadySeconds(30)
                .endSpec()
                .build();
        DaemonSetHarness harness = new DaemonSetHarness(slow, node("n1"))
                .withPods(pod("a", slow, "n1", HASH).readySecondsAgo(5).build());

        Result result = harness.sync();

        assertThat(result.requeueAfter()).contains(java.time.Duration.ofSeconds(30));
        assertThat(harness.control.lastStatus().getStatus().getNumberReady()).isEqualTo(1);
        assertThat(harness.control.lastStatus().getStatus().getNumberAvailable())
                .isZero();
    }

    private static ControllerRevision oldRevision(DaemonSet daemonSet, int number) {
        DaemonSet old = DaemonSetMaker.agentWithImage(daemonSet, "busybox:" + (100 + number));
        return revision(
                daemonSet,
                "agent-h" + number,
                "h" + number,
                number,
                ControllerRevisions.templatePatch(old.getSpec().getTemplate()));
    }

    private static ControllerRevision revision(
            DaemonSet owner, String name, String hash, long number, Map<String, Object> data) {
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("3")
                .withLabels(Map.of("app", "agent", ControllerRevisions.REVISION_LABEL, hash))
                .withOwnerReferences(OwnerReferences.controllerRef(owner))
                .endMetadata()
                .withData(data)
                .withRevision(number)
                .build();
    }
}
