package io.skiff.kubelet.podobjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.WatchEventType;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kubelet's per-object watches: one list-then-watch by name per referenced ConfigMap or
 * Secret, counted across the pods that reference it, as the kubelet's watch-based managers.
 */
class PodObjectsTest {

    private final FakeObjectServer server = new FakeObjectServer();
    private final PodObjects objects = PodObjects.watching(
            server, ReflectorSettings.defaults(), new CompositeMeterRegistry(), Duration.ofMillis(300));

    @AfterEach
    void close() {
        objects.close();
    }

    @Test
    void aPodsReferencesAreEachWatchedByNameInItsNamespace() {
        server.put(configMap("team", "app-config", "hello"));
        server.put(secret("team", "tls"));
        Pod web = new PodBuilder(pod("team", "web", "uid-web"))
                .editSpec()
                .addNewImagePullSecret("registry")
                .editFirstContainer()
                .addNewEnvFrom()
                .withNewConfigMapRef("app-config", false)
                .endEnvFrom()
                .addNewEnv()
                .withName("TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef("token", "api-token", true)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .addNewVolume()
                .withName("certs")
                .withNewSecret()
                .withSecretName("tls")
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("all")
                .withNewProjected()
                .addNewSource()
                .withNewConfigMap()
                .withName("extra")
                .endConfigMap()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();

        objects.registerPod(web);

        assertThat(objects.configMaps().watched()).containsExactly("team/app-config", "team/extra");
        assertThat(objects.secrets().watched()).containsExactly("team/api-token", "team/registry", "team/tls");
        assertThat(server.made)
                .contains(
                        new FakeObjectServer.Made(ConfigMap.class, "team", "metadata.name=app-config"),
                        new FakeObjectServer.Made(Secret.class, "team", "metadata.name=tls"))
                .hasSize(5);
        assertThat(objects.configMap("team", "app-config"))
                .map(c -> c.getData().get("greeting"))
                .contains("hello");
        assertThat(objects.secret("team", "tls")).isPresent();
        // a referenced object that does not exist reads as missing, once its watch has listed
        assertThat(objects.configMap("team", "extra")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches.get() == 5);
    }

    @Test
    void anObjectIsWatchedWhileAnyPodReferencesIt() {
        Pod first = withConfigMapVolume(pod("team", "a", "uid-a"), "shared");
        Pod second = withConfigMapVolume(pod("team", "b", "uid-b"), "shared");

        objects.registerPod(first);
        objects.registerPod(second);
        objects.registerPod(first); // an update of the same pod counts once

        assertThat(objects.configMaps().watched()).containsExactly("team/shared");
        assertThat(objects.configMaps().referencingPods("team", "shared")).containsExactlyInAnyOrder("uid-a", "uid-b");
        assertThat(server.made).hasSize(1);

        objects.unregisterPod(first);
        assertThat(objects.configMaps().watched()).containsExactly("team/shared");

        objects.unregisterPod(second);
        assertThat(objects.configMaps().watched()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches.get() == 0);
        assertThatThrownBy(() -> objects.configMap("team", "shared"))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("object \"team\"/\"shared\" not registered");

        objects.registerPod(first);
        assertThat(server.made).as("a new reference starts a new watch").hasSize(2);
    }

    @Test
    void readsFollowTheWatch() {
        server.put(configMap("team", "app-config", "hello"));
        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "app-config"));
        assertThat(objects.configMap("team", "app-config"))
                .map(c -> c.getData().get("greeting"))
                .contains("hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openWatches.get() == 1);

        server.emit(WatchEventType.MODIFIED, configMap("team", "app-config", "bonjour"), "11");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> objects.configMap("team", "app-config")
                        .map(c -> c.getData().get("greeting"))
                        .orElse("")
                        .equals("bonjour"));

        server.emit(WatchEventType.DELETED, configMap("team", "app-config", "bonjour"), "12");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> objects.configMap("team", "app-config").isEmpty());
    }

    @Test
    void aTerminatedPodReleasesItsObjects() {
        Pod running = withConfigMapVolume(pod("team", "job", "uid-job"), "config");
        objects.registerPod(running);

        objects.registerPod(new PodBuilder(running)
                .withNewStatus()
                .withPhase("Succeeded")
                .endStatus()
                .build());

        assertThat(objects.configMaps().watched()).isEmpty();
    }

    @Test
    void aDeletedPodKeepsItsObjectsWhileAContainerStillRuns() {
        Pod deleting = new PodBuilder(withConfigMapVolume(pod("team", "web", "uid-web"), "config"))
                .editMetadata()
                .withDeletionTimestamp("2026-01-02T03:04:05Z")
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("app")
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
        objects.registerPod(deleting);
        assertThat(objects.configMaps().watched()).containsExactly("team/config");

        objects.registerPod(new PodBuilder(deleting)
                .editStatus()
                .editFirstContainerStatus()
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build());

        assertThat(objects.configMaps().watched()).isEmpty();
    }

    @Test
    void anUpdatedPodReleasesTheNamesItNoLongerReferences() {
        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "old"));

        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "new"));

        assertThat(objects.configMaps().watched()).containsExactly("team/new");
    }

    @Test
    void theSameNameInTwoNamespacesIsTwoObjects() {
        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "config"));
        objects.registerPod(withConfigMapVolume(pod("other", "b", "uid-b"), "config"));

        objects.unregisterPod(pod("team", "a", "uid-a"));

        assertThat(objects.configMaps().watched()).containsExactly("other/config");
    }

    @Test
    void aReadWaitsForTheFirstListAndFailsWhenItDoesNotCome() {
        server.holdLists = true;
        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "slow"));

        assertThatThrownBy(() -> objects.configMap("team", "slow"))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessage("failed to sync configmap cache: timed out waiting for the condition");
    }

    @Test
    void unregisteringAnUnknownPodChangesNothing() {
        objects.registerPod(withConfigMapVolume(pod("team", "a", "uid-a"), "config"));

        objects.unregisterPod(pod("team", "z", "uid-z"));

        assertThat(objects.configMaps().watched()).containsExactly("team/config");
    }

    private static Pod pod(String namespace, String name, String uid) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(uid)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build();
    }

    private static Pod withConfigMapVolume(Pod pod, String configMap) {
        return new PodBuilder(pod)
                .editSpec()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName(configMap)
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build();
    }

    private static ConfigMap configMap(String namespace, String name, String greeting) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withResourceVersion("5")
                .endMetadata()
                .withData(Map.of("greeting", greeting))
                .build();
    }

    private static Secret secret(String namespace, String name) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withResourceVersion("6")
                .endMetadata()
                .withData(Map.of("tls.crt", "Y2VydA=="))
                .build();
    }
}
