package io.skiff.controllermanager.garbagecollector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.controllermanager.testing.ControllerManagerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The garbage collector in a real controller manager against a real API server: ReplicaSets
 * deleted with each propagation policy, and what becomes of their pods. No ReplicaSet controller
 * runs here, so the pods are the test's own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GarbageCollectorIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration REQUEST = Duration.ofSeconds(10);
    /** Holds a pod after its deletion started, so the test can watch its owner wait for it. */
    private static final String HOLD = "skiff.io/test-hold";

    private static ApiServerInstance apiServer;
    private static ControllerManagerProcess controllerManager;
    private static KubeClient client;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        client = KubeClient.create(ApiClientProperties.defaults().withUrls(apiServer.baseUrl()));
        controllerManager = ControllerManagerProcess.start(apiServer.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (controllerManager != null) {
            controllerManager.close();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void backgroundDeletionOfAReplicaSetDeletesItsPodsAfterIt() {
        ReplicaSet owner = createReplicaSetWithPods("background", 3);

        delete(owner, "Background");

        await().atMost(WAIT).until(() -> pods("background").isEmpty());
        assertThat(replicaSet("background")).isEmpty();
    }

    @Test
    void foregroundDeletionKeepsTheReplicaSetUntilItsPodsAreGone() {
        ReplicaSet owner = createReplicaSetWithPods("foreground", 2);
        hold("foreground", "web-0");

        delete(owner, "Foreground");

        // The collector deletes both pods; web-1 goes, web-0 stays (held), and so does its owner.
        await().atMost(WAIT)
                .until(() -> pods("foreground").size() == 1
                        && pods("foreground").get(0).getMetadata().getDeletionTimestamp() != null);
        ReplicaSet waiting = replicaSet("foreground").orElseThrow();
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");

        release("foreground", "web-0");

        await().atMost(WAIT).until(() -> replicaSet("foreground").isEmpty());
        assertThat(pods("foreground")).isEmpty();
    }

    @Test
    void orphanDeletionLeavesThePodsWithoutTheirOwnerReference() {
        ReplicaSet owner = createReplicaSetWithPods("orphan", 2);

        delete(owner, "Orphan");

        await().atMost(WAIT).until(() -> replicaSet("orphan").isEmpty());
        List<Pod> survivors = pods("orphan");
        assertThat(survivors).hasSize(2);
        assertThat(survivors)
                .allSatisfy(pod ->
                        assertThat(pod.getMetadata().getOwnerReferences()).isNullOrEmpty());
    }

    @Test
    void aPodWithTwoOwnersOutlivesTheFirstAndGoesWithTheSecond() {
        createNamespace("shared");
        ReplicaSet first = create(replicaSet("shared", "first"));
        ReplicaSet second = create(replicaSet("shared", "second"));
        client.pods()
                .create(pod("shared", "both", reference(first), reference(second)))
                .block(REQUEST);

        delete(first, "Background");

        await().atMost(WAIT)
                .until(() -> pods("shared").stream()
                        .allMatch(pod -> pod.getMetadata().getOwnerReferences().size() == 1));
        assertThat(pods("shared"))
                .singleElement()
                .satisfies(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                        .extracting(OwnerReference::getName)
                        .containsExactly("second"));

        delete(second, "Background");

        await().atMost(WAIT).until(() -> pods("shared").isEmpty());
    }

    private static ReplicaSet createReplicaSetWithPods(String namespace, int pods) {
        createNamespace(namespace);
        ReplicaSet owner = create(replicaSet(namespace, "web"));
        for (int i = 0; i < pods; i++) {
            client.pods().create(pod(namespace, "web-" + i, reference(owner))).block(REQUEST);
        }
        assertThat(pods(namespace)).hasSize(pods);
        return owner;
    }

    private static void createNamespace(String name) {
        client.namespaces()
                .create(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .block(REQUEST);
    }

    private static ReplicaSet create(ReplicaSet replicaSet) {
        return client.resources(ReplicaSet.class).create(replicaSet).block(REQUEST);
    }

    private static void delete(ReplicaSet owner, String propagationPolicy) {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy(propagationPolicy);
        client.resources(ReplicaSet.class)
                .delete(owner.getMetadata().getNamespace(), owner.getMetadata().getName(), options)
                .block(REQUEST);
    }

    private static void hold(String namespace, String name) {
        Pod pod = client.pods().get(namespace, name).block(REQUEST);
        pod.getMetadata().setFinalizers(new ArrayList<>(List.of(HOLD)));
        client.pods().update(pod).block(REQUEST);
    }

    private static void release(String namespace, String name) {
        Pod pod = client.pods().get(namespace, name).block(REQUEST);
        pod.getMetadata().setFinalizers(new ArrayList<>());
        client.pods().update(pod).block(REQUEST);
    }

    private static List<Pod> pods(String namespace) {
        return client.pods().list(namespace, ListOptions.all()).block(REQUEST).items();
    }

    private static Optional<ReplicaSet> replicaSet(String namespace) {
        return Optional.ofNullable(
                client.resources(ReplicaSet.class).find(namespace, "web").block(REQUEST));
    }

    private static ReplicaSet replicaSet(String namespace, String name) {
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Pod pod(String namespace, String name, OwnerReference... owners) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withOwnerReferences(owners)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
    }

    private static OwnerReference reference(ReplicaSet owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
