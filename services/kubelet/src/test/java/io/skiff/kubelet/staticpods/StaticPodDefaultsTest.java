package io.skiff.kubelet.staticpods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kubelet's applyDefaults for a pod read from a file. */
class StaticPodDefaultsTest {

    private static final Path SOURCE = Path.of("/etc/kubernetes/manifests/web.yaml");
    private static final Toleration ALL_NO_EXECUTE = new TolerationBuilder()
            .withOperator("Exists")
            .withEffect("NoExecute")
            .build();

    @Test
    void namesNamespacesBindsAndAnnotatesThePod() {
        Pod pod = pod(List.of());
        pod.getMetadata().getAnnotations().put("team", "infra");

        StaticPodDefaults.apply(pod, SOURCE, "Worker-7");

        assertThat(pod.getMetadata().getName()).isEqualTo("web-worker-7");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("Worker-7");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry("team", "infra")
                .containsEntry(
                        StaticPods.CONFIG_HASH_ANNOTATION, pod.getMetadata().getUid())
                .containsEntry(StaticPods.CONFIG_SOURCE_ANNOTATION, StaticPods.FILE_SOURCE);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void theUidHashesThePodAsReadTheNodeAndTheFile() {
        String uid = StaticPodDefaults.uid(pod(List.of()), SOURCE, "node-1");

        assertThat(uid).matches("[0-9a-f]{32}");
        assertThat(StaticPodDefaults.uid(pod(List.of()), SOURCE, "node-1")).isEqualTo(uid);
        assertThat(StaticPodDefaults.uid(pod(List.of()), SOURCE, "node-2")).isNotEqualTo(uid);
        assertThat(StaticPodDefaults.uid(pod(List.of()), Path.of("/elsewhere/web.yaml"), "node-1"))
                .isNotEqualTo(uid);
        assertThat(StaticPodDefaults.uid(pod(List.of(ALL_NO_EXECUTE)), SOURCE, "node-1"))
                .isNotEqualTo(uid);
    }

    @Test
    void aNamespaceOfTheManifestIsKept() {
        Pod pod = pod(List.of());
        pod.getMetadata().setNamespace("kube-system");

        StaticPodDefaults.apply(pod, SOURCE, "node-1");

        assertThat(pod.getMetadata().getNamespace()).isEqualTo("kube-system");
    }

    static Stream<Arguments> tolerations() {
        Toleration notReady = new TolerationBuilder()
                .withKey("node.kubernetes.io/not-ready")
                .withOperator("Exists")
                .withEffect("NoExecute")
                .withTolerationSeconds(300L)
                .build();
        Toleration allNoExecuteFor60s =
                new TolerationBuilder(ALL_NO_EXECUTE).withTolerationSeconds(60L).build();
        return Stream.of(
                argumentSet("none: it is added", List.of(), List.of(ALL_NO_EXECUTE)),
                argumentSet("others are kept, it is added", List.of(notReady), List.of(notReady, ALL_NO_EXECUTE)),
                argumentSet("present: nothing changes", List.of(ALL_NO_EXECUTE), List.of(ALL_NO_EXECUTE)),
                argumentSet(
                        "the same with a tolerationSeconds: replaced, in place",
                        List.of(allNoExecuteFor60s, notReady),
                        List.of(ALL_NO_EXECUTE, notReady)));
    }

    @ParameterizedTest
    @MethodSource("tolerations")
    void everyNoExecuteTaintIsTolerated(List<Toleration> before, List<Toleration> after) {
        Pod pod = pod(before);

        StaticPodDefaults.apply(pod, SOURCE, "node-1");

        assertThat(pod.getSpec().getTolerations()).containsExactlyElementsOf(after);
    }

    private static Pod pod(List<Toleration> tolerations) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withAnnotations(new java.util.HashMap<>())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .withTolerations(tolerations)
                .endSpec()
                .build();
    }
}
