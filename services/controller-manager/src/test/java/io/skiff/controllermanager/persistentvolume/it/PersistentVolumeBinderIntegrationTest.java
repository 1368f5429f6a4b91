package io.skiff.controllermanager.persistentvolume.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.controllermanager.testing.ControlPlane;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PersistentVolume binder in the controller manager application on a real API server: static
 * hostPath volumes bound to claims, released when the claims go, and reclaimed by their policy.
 * Each test keeps to its own namespace and storage class (volumes are cluster-wide), except the
 * class-less ones.
 */
class PersistentVolumeBinderIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final ControlPlane controlPlane = ControlPlane.withControllerManager();

    private static KubeHttp http() {
        return controlPlane.http();
    }

    @Test
    void aClaimGetsTheSmallestFittingVolumeWhichIsReleasedAndRetainedWhenTheClaimGoes() {
        String namespace = "pv-smallest";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        createVolume("smallest-1g", "1Gi", "", "Retain");
        createVolume("smallest-5g", "5Gi", "", "Retain");
        createVolume("smallest-10g", "10Gi", "", "Retain");
        awaitPhase("smallest-1g", "Available");
        awaitPhase("smallest-5g", "Available");
        awaitPhase("smallest-10g", "Available");
        assertThat(volume("smallest-5g").at("/status/lastPhaseTransitionTime").asText())
                .isNotEmpty();

        String uid = createClaim(namespace, "data", "3Gi", "", "");
        JsonNode claim = await().atMost(WAIT)
                .until(
                        () -> claim(namespace, "data"),
                        c -> "Bound".equals(c.at("/status/phase").asText()));

        assertThat(claim.at("/spec/volumeName").asText()).isEqualTo("smallest-5g");
        assertThat(claim.at("/status/capacity/storage").asText()).isEqualTo("5Gi");
        assertThat(claim.at("/status/accessModes/0").asText()).isEqualTo("ReadWriteOnce");
        assertThat(claim.at("/metadata/annotations/pv.kubernetes.io~1bind-completed")
                        .asText())
                .isEqualTo("yes");
        assertThat(claim.at("/metadata/annotations/pv.kubernetes.io~1bound-by-controller")
                        .asText())
                .isEqualTo("yes");
        JsonNode bound = awaitPhase("smallest-5g", "Bound");
        assertThat(bound.at("/spec/claimRef/namespace").asText()).isEqualTo(namespace);
        assertThat(bound.at("/spec/claimRef/name").asText()).isEqualTo("data");
        assertThat(bound.at("/spec/claimRef/uid").asText()).isEqualTo(uid);
        assertThat(bound.at("/metadata/annotations/pv.kubernetes.io~1bound-by-controller")
                        .asText())
                .isEqualTo("yes");
        assertThat(volume("smallest-1g").at("/status/phase").asText()).isEqualTo("Available");
        assertThat(volume("smallest-10g").at("/status/phase").asText()).isEqualTo("Available");

        assertThat(http().delete("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/data")
                        .code())
                .isEqualTo(200);

        JsonNode released = awaitPhase("smallest-5g", "Released");
        assertThat(released.at("/spec/claimRef/uid").asText()).isEqualTo(uid);
        assertThat(released.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void aClaimThatNothingFitsStaysPendingWithAnEvent() {
        String namespace = "pv-pending";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);

        createClaim(namespace, "huge", "100Ti", "", "");

        List<JsonNode> events = await().atMost(WAIT).until(() -> events(namespace, "huge"), list -> !list.isEmpty());
        JsonNode event = events.get(0);
        assertThat(event.path("type").asText()).isEqualTo("Normal");
        assertThat(event.path("reason").asText()).isEqualTo("FailedBinding");
        assertThat(event.path("message").asText())
                .isEqualTo("no persistent volumes available for this claim and no storage class is set");
        assertThat(event.at("/source/component").asText()).isEqualTo("persistentvolume-controller");
        assertThat(event.at("/involvedObject/kind").asText()).isEqualTo("PersistentVolumeClaim");
        JsonNode claim = claim(namespace, "huge");
        assertThat(claim.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(claim.at("/spec/volumeName").asText()).isEmpty();
    }

    @Test
    void aVolumeWithTheDeletePolicyIsDeletedWhenItsClaimGoes() {
        String namespace = "pv-delete";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        createVolume("delete-2g", "2Gi", "it-delete", "Delete");
        awaitPhase("delete-2g", "Available");
        createClaim(namespace, "scratch", "1Gi", "it-delete", "");
        await().atMost(WAIT)
                .until(() -> volume("delete-2g").at("/status/phase").asText().equals("Bound"));

        assertThat(http().delete("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/scratch")
                        .code())
                .isEqualTo(200);

        await().atMost(WAIT)
                .until(() -> http().get("/api/v1/persistentvolumes/delete-2g").code() == 404);
    }

    @Test
    void aWaitForFirstConsumerClaimWaitsForItsNodeThenBindsToAVolumeThere() {
        String namespace = "pv-wffc";
        assertThat(http().createNamespace(namespace).code()).isEqualTo(201);
        KubeHttp.Reply storageClass = http().post("/apis/storage.k8s.io/v1/storageclasses", """
                {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                 "metadata": {"name": "it-local"},
                 "provisioner": "kubernetes.io/no-provisioner",
                 "volumeBindingMode": "WaitForFirstConsumer"}
                """);
        assertThat(storageClass.code()).as(storageClass.body().toString()).isEqualTo(201);
        KubeHttp.Reply node = http().post("/api/v1/nodes", """
                {"apiVersion": "v1", "kind": "Node",
                 "metadata": {"name": "wffc-node", "labels": {"kubernetes.io/hostname": "wffc-node"}}}
                """);
        assertThat(node.code()).as(node.body().toString()).isEqualTo(201);
        createLocalVolume("wffc-elsewhere", "1Gi", "other-node");
        createLocalVolume("wffc-here", "5Gi", "wffc-node");
        awaitPhase("wffc-elsewhere", "Available");
        awaitPhase("wffc-here", "Available");

        createClaim(namespace, "local", "1Gi", "it-local", "");
        List<JsonNode> events = await().atMost(WAIT).until(() -> events(namespace, "local"), list -> !list.isEmpty());
        assertThat(events.get(0).path("reason").asText()).isEqualTo("WaitForFirstConsumer");
        assertThat(events.get(0).path("message").asText())
                .isEqualTo("waiting for first consumer to be created before binding");
        assertThat(claim(namespace, "local").at("/status/phase").asText()).isEqualTo("Pending");

        KubeHttp.Reply selected = http().patch(
                        "/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/local",
                        "{\"metadata\": {\"annotations\": {\"volume.kubernetes.io/selected-node\": \"wffc-node\"}}}",
                        "application/merge-patch+json");
        assertThat(selected.code()).as(selected.body().toString()).isEqualTo(200);

        JsonNode claim = await().atMost(WAIT)
                .until(
                        () -> claim(namespace, "local"),
                        c -> "Bound".equals(c.at("/status/phase").asText()));
        assertThat(claim.at("/spec/volumeName").asText()).isEqualTo("wffc-here");
    }

    private static void createVolume(String name, String capacity, String storageClass, String reclaimPolicy) {
        KubeHttp.Reply reply = http().post(
                        "/api/v1/persistentvolumes", """
                {"apiVersion": "v1", "kind": "PersistentVolume",
                 "metadata": {"name": "%s"},
                 "spec": {"capacity": {"storage": "%s"}, "accessModes": ["ReadWriteOnce"],
                          "storageClassName": "%s", "persistentVolumeReclaimPolicy": "%s",
                          "hostPath": {"path": "/tmp/skiff-it/%s"}}}
                """.formatted(name, capacity, storageClass, reclaimPolicy, name));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    private static void createLocalVolume(String name, String capacity, String nodeName) {
        KubeHttp.Reply reply = http().post("/api/v1/persistentvolumes", """
                {"apiVersion": "v1", "kind": "PersistentVolume",
                 "metadata": {"name": "%s"},
                 "spec": {"capacity": {"storage": "%s"}, "accessModes": ["ReadWriteOnce"],
                          "storageClassName": "it-local", "local": {"path": "/mnt/disks/%s"},
                          "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                              {"key": "kubernetes.io/hostname", "operator": "In", "values": ["%s"]}]}]}}}}
                """.formatted(name, capacity, name, nodeName));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
    }

    /** Creates the claim and returns its UID. */
    private static String createClaim(
            String namespace, String name, String request, String storageClass, String volumeName) {
        KubeHttp.Reply reply = http().post("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims", """
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": {"name": "%s"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "%s"}},
                          "storageClassName": "%s", "volumeName": "%s"}}
                """.formatted(
                        name, request, storageClass, volumeName));
        assertThat(reply.code()).as(reply.body().toString()).isEqualTo(201);
        return reply.text("/metadata/uid");
    }

    private static JsonNode awaitPhase(String volume, String phase) {
        return await().atMost(WAIT)
                .until(
                        () -> volume(volume),
                        v -> phase.equals(v.at("/status/phase").asText()));
    }

    private static JsonNode volume(String name) {
        return http().get("/api/v1/persistentvolumes/" + name).body();
    }

    private static JsonNode claim(String namespace, String name) {
        return http().get("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/" + name)
                .body();
    }

    private static List<JsonNode> events(String namespace, String claim) {
        String selector = URLEncoder.encode(
                "involvedObject.kind=PersistentVolumeClaim,involvedObject.name=" + claim, StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        http().get("/api/v1/namespaces/" + namespace + "/events?fieldSelector=" + selector)
                .body()
                .path("items")
                .forEach(events::add);
        return events;
    }
}
