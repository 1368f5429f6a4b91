package io.skiff.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.component.controller.Result;
import io.skiff.kubelet.podobjects.PodRegistrations;
import io.skiff.kubelet.prober.ProbeManager;
import io.skiff.kubelet.staticpods.StaticPods;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.kubelet.testing.InMemoryPodStatusApi;
import io.skiff.kubelet.testing.ManualClock;
import io.skiff.kubelet.testing.RecordingEvents;
import io.skiff.kubelet.testing.ScriptedRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API's pods and the manifests' pods merged into the pods to run. */
class PodConfigTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-02T03:04:05.5Z"));
    private final List<String> registrations = new ArrayList<>();
    private final DesiredPods desired = new DesiredPods(new PodRegistrations() {
        @Override
        public void registerPod(Pod pod) {
            registrations.add("register " + pod.getMetadata().getUid());
        }

        @Override
        public void unregisterPod(Pod pod) {
            registrations.add("unregister " + pod.getMetadata().getUid());
        }
    });
    private final RecordingEvents events = new RecordingEvents();
    private final List<String> statusQueue = new ArrayList<>();
    private final PodStatusManager statuses = new PodStatusManager(new InMemoryPodStatusApi(), clock, statusQueue::add);
    private final List<String> mirrorKeys = new ArrayList<>();
    private final ProbeManager probes = ProbeManager.create(
            new ScriptedRuntime(clock),
            uid -> Optional.empty(),
            (pod, c, r, m) -> {},
            new SimpleMeterRegistry(),
            io.skiff.kubelet.prober.ProbeNetwork.direct());
    private final PodConfig config = new PodConfig(
            desired,
            new PodWorkers(uid -> Result.done(), Set::of, Duration.ofHours(1), new SimpleMeterRegistry()),
            new PodProbing(probes),
            statuses,
            mirrorKeys::add,
            new PodEvents(events),
            clock,
            true);

    @AfterEach
    void closeProber() {
        probes.close();
    }

    @Test
    void theStaticPodsAreUnknownUntilTheManifestsWereRead() {
        assertThat(config.staticPodsKnown()).isFalse();

        config.setStaticPods(List.of());

        assertThat(config.staticPodsKnown()).isTrue();
    }

    @Test
    void aManifestsPodIsAddedOnceAndKeepsWhenItWasFirstSeen() {
        config.setStaticPods(List.of(staticPod("web", "uid-1")));
        clock.advance(Duration.ofMinutes(1));
        config.setStaticPods(List.of(staticPod("web", "uid-1")));

        Pod pod = desired.get("uid-1").orElseThrow().pod();
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(StaticPods.CONFIG_SEEN_ANNOTATION, "2026-01-02T03:04:05.5Z");
        assertThat(mirrorKeys).containsExactly("kube-system/web-node-1");
    }

    @Test
    void aChangedManifestIsOnePodRemovedAndAnotherAdded() {
        config.setStaticPods(List.of(staticPod("web", "uid-1")));
        config.setStaticPods(List.of(staticPod("web", "uid-2")));

        assertThat(desired.staticPods("kube-system", "web-node-1"))
                .extracting(entry -> entry.pod().getMetadata().getUid(), DesiredPods.Entry::removed)
                .containsExactlyInAnyOrder(tuple("uid-1", true), tuple("uid-2", false));
    }

    @Test
    void aRemovedManifestsPodIsRemoved() {
        config.setStaticPods(List.of(staticPod("web", "uid-1")));
        config.setStaticPods(List.of());

        assertThat(desired.get("uid-1").orElseThrow().removed()).isTrue();
        assertThat(config.staticPodKeys()).isEmpty();
    }

    @Test
    void ofTwoPodsWithOneNameTheFirstCountsAndTheOtherIsReportedOnce() {
        config.setStaticPods(List.of(staticPod("web", "uid-1"), staticPod("web", "uid-2")));
        config.setStaticPods(List.of(staticPod("web", "uid-1"), staticPod("web", "uid-2")));

        assertThat(desired.uids()).containsExactly("uid-1");
        assertThat(events.lines())
                .containsExactly("Warning FailedValidation: Error validating pod web-node-1_kube-system(uid-2) from"
                        + " file due to duplicate pod name \"web-node-1\", ignoring");
    }

    @Test
    void aMirrorPodIsNoPodToRunAndANewOneGetsItsStaticPodsStatus() {
        Pod staticPod = staticPod("web", "uid-1");
        config.setStaticPods(List.of(staticPod));
        statuses.setPodStatus(
                staticPod, new PodStatusBuilder().withPhase("Running").build());
        statusQueue.clear();
        mirrorKeys.clear();

        config.apiPods().onAdd(mirrorOf(staticPod));

        assertThat(desired.uids()).containsExactly("uid-1");
        assertThat(mirrorKeys).containsExactly("kube-system/web-node-1");
        assertThat(statusQueue).containsExactly("uid-1");
    }

    @Test
    void anApiPodThatClaimsAnotherSourceIsNoStaticPod() {
        Pod claiming = new PodBuilder(staticPod("web", "uid-9"))
                .editMetadata()
                .withName("web")
                .endMetadata()
                .build();

        config.apiPods().onAdd(claiming);

        Pod desiredPod = desired.get("uid-9").orElseThrow().pod();
        assertThat(StaticPods.isStatic(desiredPod)).isFalse();
        assertThat(StaticPods.isStatic(claiming))
                .as("the informer's object is not touched")
                .isTrue();
    }

    @Test
    void apiPodsAreRegisteredForTheirObjectsWhileTheApiServerHasThem() {
        Pod pod = new PodBuilder(staticPod("web", "uid-5"))
                .editMetadata()
                .withName("web")
                .withAnnotations(null)
                .endMetadata()
                .build();

        config.apiPods().onAdd(pod);
        config.apiPods().onUpdate(pod, pod);
        config.apiPods().onAdd(mirrorOf(staticPod("db", "uid-6")));
        config.apiPods().onDelete(pod, false);

        assertThat(registrations).containsExactly("register uid-5", "register uid-5", "unregister uid-5");
    }

    @Test
    void aForgottenStaticPodBringsBackItsMirrorKey() {
        Pod old = staticPod("web", "uid-1");
        config.setStaticPods(List.of(old));
        config.setStaticPods(List.of(staticPod("web", "uid-2")));
        desired.whenForgotten(config::podForgotten);
        mirrorKeys.clear();

        desired.forget("uid-1");

        assertThat(mirrorKeys).containsExactly("kube-system/web-node-1");
    }

    private static Pod staticPod(String name, String uid) {
        Map<String, String> annotations = new HashMap<>();
        annotations.put(StaticPods.CONFIG_HASH_ANNOTATION, uid);
        annotations.put(StaticPods.CONFIG_SOURCE_ANNOTATION, StaticPods.FILE_SOURCE);
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("kube-system")
                .withName(name + "-node-1")
                .withUid(uid)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
    }

    private static Pod mirrorOf(Pod staticPod) {
        return new PodBuilder(staticPod)
                .editMetadata()
                .withUid("mirror-uid")
                .addToAnnotations(
                        StaticPods.CONFIG_MIRROR_ANNOTATION,
                        staticPod.getMetadata().getUid())
                .endMetadata()
                .build();
    }
}
