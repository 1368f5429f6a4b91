package io.skiff.kubelet.staticpods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static pod path read as a whole. */
class ManifestDirectoryTest {

    @TempDir
    Path root;

    private final ManifestReader reader = new ManifestReader("node-1");

    @Test
    void aDirectoryGivesThePodsOfItsManifestsInNameOrder() throws Exception {
        Path manifests = Files.createDirectories(root.resolve("manifests"));
        write(manifests.resolve("b.yml"), "b");
        Files.writeString(manifests.resolve("a.json"), """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},
                 "spec": {"containers": [{"name": "main", "image": "busybox"}]}}
                """);
        write(manifests.resolve("c.yaml"), "c");
        write(manifests.resolve(".hidden.yaml"), "hidden");
        write(manifests.resolve("notes.txt"), "notes");
        write(manifests.resolve("c.yaml~"), "backup");
        Files.writeString(manifests.resolve("broken.yaml"), "kind: [");
        write(Files.createDirectories(manifests.resolve("nested")).resolve("d.yaml"), "d");

        assertThat(new ManifestDirectory(manifests, reader).read())
                .extracting(pod -> pod.getMetadata().getName())
                .containsExactly("a-node-1", "b-node-1", "c-node-1");
    }

    @Test
    void aFileGivesItsPod() throws Exception {
        Path manifest = root.resolve("only.manifest");
        write(manifest, "only");

        assertThat(new ManifestDirectory(manifest, reader).read())
                .extracting(pod -> pod.getMetadata().getName())
                .containsExactly("only-node-1");
    }

    @Test
    void aPathThatDoesNotExistGivesNoPodsUntilItDoes() throws Exception {
        Path manifests = root.resolve("later");
        ManifestDirectory directory = new ManifestDirectory(manifests, reader);

        assertThat(directory.read()).isEmpty();
        write(Files.createDirectories(manifests).resolve("web.yaml"), "web");
        assertThat(directory.read()).extracting(Pod::getKind).containsExactly("Pod");
    }

    private static void write(Path file, String name) throws Exception {
        Files.writeString(file, """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec: {containers: [{name: main, image: busybox}]}
                """.formatted(name));
    }
}
