package io.skiff.kubelet.staticpods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One manifest file into the pod the kubelet runs, or a clear reason why not. */
class ManifestReaderTest {

    private static final String NODE = "Node-1";

    @TempDir
    Path directory;

    private final ManifestReader reader = new ManifestReader(NODE);

    @Test
    void aYamlManifestBecomesTheDefaultedStaticPod() throws Exception {
        Pod pod = reader.read(write("web.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  containers:
                  - name: main
                    image: busybox:1.36
                    command: ["sleep", "3600"]
                    ports: [{containerPort: 8080}]
                    resources: {limits: {cpu: 500m}}
                """));

        assertThat(pod.getMetadata().getName()).isEqualTo("web-node-1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(pod.getMetadata().getUid()).matches("[0-9a-f]{32}");
        assertThat(pod.getMetadata().getAnnotations())
                .containsEntry(
                        StaticPods.CONFIG_HASH_ANNOTATION, pod.getMetadata().getUid())
                .containsEntry(StaticPods.CONFIG_SOURCE_ANNOTATION, "file");
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(StaticPods.isStatic(pod)).isTrue();
        // The API's defaults, as the kubelet's decoder applies them.
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Always");
        assertThat(pod.getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(pod.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(pod.getSpec().getEnableServiceLinks()).isTrue();
        assertThat(pod.getSpec().getSecurityContext()).isNotNull();
        Container main = pod.getSpec().getContainers().get(0);
        assertThat(main.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(main.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(main.getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(main.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
    }

    @Test
    void aJsonManifestReadsTheSameWay() throws Exception {
        Pod pod = reader.read(write("web.json", """
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "web", "namespace": "kube-system"},
                 "spec": {"hostNetwork": true, "restartPolicy": "Never",
                          "containers": [{"name": "main", "image": "busybox", "ports": [{"containerPort": 53}]}]}}
                """));

        assertThat(pod.getMetadata().getName()).isEqualTo("web-node-1");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getContainers().get(0).getPorts().get(0).getHostPort())
                .as("host network pods get hostPort = containerPort")
                .isEqualTo(53);
    }

    @Test
    void theSameManifestAlwaysGivesTheSameUidAndAnyChangeANewOne() throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {a: "1", b: "2"}}
                spec: {containers: [{name: main, image: busybox}]}
                """;
        String uid = reader.read(write("web.yaml", manifest)).getMetadata().getUid();

        assertThat(reader.read(write("web.yaml", manifest)).getMetadata().getUid())
                .isEqualTo(uid);
        assertThat(reader.read(write("web.yaml", manifest.replace("{a: \"1\", b: \"2\"}", "{b: \"2\", a: \"1\"}")))
                        .getMetadata()
                        .getUid())
                .as("the order of map entries does not count")
                .isEqualTo(uid);
        assertThat(reader.read(write("web.yaml", manifest.replace("busybox", "busybox:1.36")))
                        .getMetadata()
                        .getUid())
                .isNotEqualTo(uid);
        assertThat(reader.read(write("other.yaml", manifest)).getMetadata().getUid())
                .as("another file")
                .isNotEqualTo(uid);
        assertThat(new ManifestReader("node-2")
                        .read(write("web.yaml", manifest))
                        .getMetadata()
                        .getUid())
                .as("another node")
                .isNotEqualTo(uid);
    }

    @Test
    void aUidInTheManifestIsKept() throws Exception {
        Pod pod = reader.read(write("web.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, uid: 0f1e2d3c}
                spec: {containers: [{name: main, image: busybox}]}
                """));

        assertThat(pod.getMetadata().getUid()).isEqualTo("0f1e2d3c");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(StaticPods.CONFIG_HASH_ANNOTATION, "0f1e2d3c");
    }

    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                argumentSet("an empty file", "", "couldn't parse as pod(Object 'Kind' is missing in ''), please check"),
                argumentSet(
                        "broken YAML",
                        "kind: Pod\nspec: [a, b\n",
                        "couldn't parse as pod(while parsing a flow sequence"),
                argumentSet(
                        "no apiVersion",
                        "kind: Pod\nmetadata: {name: x}\n",
                        "couldn't parse as pod(Object 'apiVersion' is missing in '{\"kind\":\"Pod\""),
                argumentSet(
                        "another kind",
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
                        "couldn't parse as pod(invalid pod: the manifest holds a Deployment, not a Pod)"),
                argumentSet(
                        "another version of Pod",
                        "apiVersion: v2\nkind: Pod\nmetadata: {name: x}\n",
                        "couldn't parse as pod(no kind \"Pod\" is registered for version \"v2\")"),
                argumentSet(
                        "fields of the wrong type",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: oops}\n",
                        "couldn't parse as pod(Cannot deserialize value of type `java.util.ArrayList<io.fabric8.kubernetes.api.model.Container>`"),
                argumentSet(
                        "no name",
                        "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: main, image: busybox}]}\n",
                        "invalid pod: name is needed for the pod"),
                argumentSet(
                        "no containers",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {}\n",
                        "invalid pod: [spec.containers: Required value]"),
                argumentSet(
                        "a name that is no DNS subdomain",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: Web_1}\n"
                                + "spec: {containers: [{name: main, image: busybox}]}\n",
                        "invalid pod: [metadata.name: Invalid value: \"Web_1-node-1\": a lowercase RFC 1123 subdomain"),
                argumentSet(
                        "containers without name or image, and a duplicate",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
                                + "  initContainers: [{name: a, image: busybox}]\n"
                                + "  containers: [{image: busybox}, {name: a}]\n",
                        "invalid pod: [spec.containers[0].name: Required value, spec.containers[1].name: Duplicate"
                                + " value: \"a\", spec.containers[1].image: Required value]"),
                argumentSet(
                        "an unknown restartPolicy",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"
                                + "spec: {restartPolicy: Sometimes, containers: [{name: main, image: busybox}]}\n",
                        "invalid pod: [spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\","),
                argumentSet(
                        "ephemeral containers",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
                                + "  containers: [{name: main, image: busybox}]\n"
                                + "  ephemeralContainers: [{name: debug, image: busybox}]\n",
                        "invalid pod: [spec.ephemeralContainers: Forbidden: cannot be set on create]"),
                argumentSet(
                        "a service account",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"
                                + "spec: {serviceAccountName: builder, containers: [{name: main, image: busybox}]}\n",
                        "static pods may not reference serviceaccounts"),
                argumentSet(
                        "a secret in the environment",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
                                + "  - {name: main, image: busybox, envFrom: [{secretRef: {name: s}}]}\n",
                        "static pods may not reference secrets"),
                argumentSet(
                        "a configMap volume",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
                                + "  containers: [{name: main, image: busybox}]\n"
                                + "  volumes: [{name: config, configMap: {name: c}}]\n",
                        "static pods may not reference configmaps"),
                argumentSet(
                        "a claim",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
                                + "  containers: [{name: main, image: busybox}]\n"
                                + "  volumes: [{name: data, persistentVolumeClaim: {claimName: d}}]\n",
                        "static pods may not reference persistentvolumeclaims"),
                argumentSet(
                        "a service account token",
                        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n"
                                + "  containers: [{name: main, image: busybox}]\n"
                                + "  volumes: [{name: t, projected: {sources: [{serviceAccountToken: {path: t}}]}}]\n",
                        "static pods may not reference serviceaccounts (via projected volumes)"));
    }

    @ParameterizedTest
    @MethodSource("invalidManifests")
    void anInvalidManifestIsRefusedWithTheReason(String content, String reason) throws Exception {
        Path file = write("pod.yaml", content);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith(reason)
                .message()
                .doesNotContain("\n");
    }

    @Test
    void volumesThatNeedNoApiObjectAreFine() throws Exception {
        Pod pod = reader.read(write("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: x}
                spec:
                  containers: [{name: main, image: busybox}]
                  volumes:
                  - {name: scratch, emptyDir: {}}
                  - {name: etc, hostPath: {path: /etc/kubernetes}}
                  - {name: info, downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}}
                """));

        assertThat(pod.getSpec().getVolumes()).hasSize(3);
    }

    @Test
    void aFileLargerThanAManifestMayBeIsRefusedUnread() throws Exception {
        Path file = directory.resolve("huge.yaml");
        Files.write(file, new byte[(int) ManifestReader.MAX_MANIFEST_BYTES + 1]);

        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("more than a manifest may have");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }
}
