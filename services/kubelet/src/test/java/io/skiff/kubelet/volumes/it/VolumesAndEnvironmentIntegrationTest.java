package io.skiff.kubelet.volumes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.runtime.ClientListerWatchers;
import io.skiff.kubelet.cri.ContainerConfig.EnvVar;
import io.skiff.kubelet.envvars.EnvironmentVariables;
import io.skiff.kubelet.envvars.ListerEnvironmentSources;
import io.skiff.kubelet.envvars.PodAddresses;
import io.skiff.kubelet.podobjects.PodObjects;
import io.skiff.kubelet.volumes.ClientClaims;
import io.skiff.kubelet.volumes.ClientTokenIssuer;
import io.skiff.kubelet.volumes.FakeMounter;
import io.skiff.kubelet.volumes.ListerVolumeSources;
import io.skiff.kubelet.volumes.PodVolumes;
import io.skiff.kubelet.volumes.ServiceAccountTokens;
import io.skiff.kubelet.volumes.VolumeLayout;
import io.skiff.kubelet.volumes.VolumeManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's environment and volumes on a real API server, read as the kubelet reads them (each
 * referenced ConfigMap and Secret watched by name, claims and volumes got): ConfigMap, Secret and Service variables, configMap, secret and claim volumes,
 * a ConfigMap update reaching its volume, and what a serviceAccountToken projection reports while
 * the API server does not serve TokenRequest.
 */
class VolumesAndEnvironmentIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NAMESPACE = "kubelet-vol";

    private static ApiServerInstance apiServer;
    private static KubeHttp http;
    private static KubeClient client;
    private static SharedInformerFactory informers;
    private static ListerVolumeSources sources;
    private static PodObjects objects;

    @TempDir
    static Path root;

    @BeforeAll
    static void start() {
        apiServer = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(apiServer.baseUrl());
        assertThat(http.createNamespace(NAMESPACE).code()).isEqualTo(201);
        // The API server makes its own `kubernetes` Service (10.96.0.1:443); creating it here raced with that.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/namespaces/default/services/kubernetes")
                                .code()
                        == 200);
        create("/api/v1/namespaces/" + NAMESPACE + "/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"clusterIP":"10.96.0.20","selector":{"app":"web"},"ports":[{"port":80,"protocol":"TCP"}]}}""");
        create("/api/v1/namespaces/" + NAMESPACE + "/configmaps", """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"app-config"},
                 "data":{"greeting":"hello","LOG_LEVEL":"debug"}}""");
        create("/api/v1/namespaces/" + NAMESPACE + "/secrets", """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"creds"},"stringData":{"password":"s3cr3t"}}""");

        client = KubeClient.create(ApiClientProperties.defaults().withUrls(apiServer.baseUrl()));
        informers = new SharedInformerFactory(new ClientListerWatchers(client), Duration.ZERO);
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        informers.start();
        assertThat(informers.waitForCacheSync(WAIT)).isTrue();
        objects = PodObjects.watching(
                new ClientListerWatchers(client),
                ReflectorSettings.defaults(),
                new CompositeMeterRegistry(),
                Duration.ofSeconds(5));
        ClientClaims claims = new ClientClaims(client, WAIT);
        sources = new ListerVolumeSources(
                new ListerEnvironmentSources(
                        objects::configMap, objects::secret, services.lister(), services::hasSynced, Optional::empty),
                claims::claim,
                claims::volume);
    }

    @AfterAll
    static void stop() {
        if (objects != null) {
            objects.close();
        }
        if (informers != null) {
            informers.stop();
        }
        if (client != null) {
            client.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    void theEnvironmentComesFromTheApisObjects() {
        await().atMost(WAIT).until(() -> sources.services(NAMESPACE).size() == 1);
        Container container = new ContainerBuilder()
                .withName("app")
                .addNewEnvFrom()
                .withNewConfigMapRef()
                .withName("app-config")
                .endConfigMapRef()
                .endEnvFrom()
                .addNewEnv()
                .withName("PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "creds", false)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("WEB_URL")
                .withValue("http://$(WEB_SERVICE_HOST):$(WEB_SERVICE_PORT)/")
                .endEnv()
                .build();

        Pod pod = pod("env-pod", container);
        objects.registerPod(pod);

        List<EnvVar> variables = new EnvironmentVariables(sources)
                .make(pod, container, new PodAddresses(List.of("10.244.0.5"), List.of("127.0.0.1")))
                .variables();

        assertThat(variables)
                .contains(
                        new EnvVar("greeting", "hello"),
                        new EnvVar("LOG_LEVEL", "debug"),
                        new EnvVar("PASSWORD", "s3cr3t"),
                        new EnvVar("WEB_URL", "http://10.96.0.20:80/"),
                        new EnvVar("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
                        new EnvVar("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
                        new EnvVar("WEB_PORT_80_TCP_ADDR", "10.96.0.20"));
        // each object was watched on its own, and is no longer once the pod is gone
        assertThat(objects.configMaps().watched()).contains(NAMESPACE + "/app-config");
        assertThat(objects.secrets().watched()).contains(NAMESPACE + "/creds");
        objects.unregisterPod(pod);
        assertThat(objects.configMaps().referencingPods(NAMESPACE, "app-config"))
                .doesNotContain(pod.getMetadata().getUid());
    }

    @Test
    void volumesFollowTheirObjectsAndAClaimItsVolume() throws Exception {
        Path data = Files.createDirectories(root.resolve("pv-data"));
        String claimUid = create("/api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims", """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},
                 "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"","volumeName":"pv-data",
                         "resources":{"requests":{"storage":"1Gi"}}}}""")
                .at("/metadata/uid")
                .asText();
        create("/api/v1/persistentvolumes", """
                {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv-data"},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"storageClassName":"",
                         "hostPath":{"path":"%s"},
                         "claimRef":{"namespace":"%s","name":"data","uid":"%s"}}}""".formatted(data, NAMESPACE, claimUid));
        JsonNode claim = http.get("/api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims/data")
                .body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) claim)
                .putObject("status")
                .put("phase", "Bound");
        assertThat(http.put("/api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims/data/status", claim.toString())
                        .code())
                .isEqualTo(200);
        await().atMost(WAIT)
                .until(() -> sources.persistentVolumeClaim(NAMESPACE, "data")
                        .map(c -> c.getStatus() != null
                                && "Bound".equals(c.getStatus().getPhase()))
                        .orElse(false));
        await().atMost(WAIT).until(() -> sources.persistentVolume("pv-data").isPresent());
        VolumeManager manager = manager();
        Pod pod = new PodBuilder(
                        pod("volume-pod", new ContainerBuilder().withName("app").build()))
                .editSpec()
                .addNewVolume()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .withDefaultMode(0644)
                .endConfigMap()
                .endVolume()
                .addNewVolume()
                .withName("creds")
                .withNewSecret()
                .withSecretName("creds")
                .withDefaultMode(0400)
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim("data", false)
                .endVolume()
                .endSpec()
                .build();

        objects.registerPod(pod);
        PodVolumes volumes = manager.mountVolumes(pod);

        Path config = volumes.hostPath("config").orElseThrow();
        assertThat(Files.readString(config.resolve("greeting"))).isEqualTo("hello");
        assertThat(Files.readString(volumes.hostPath("creds").orElseThrow().resolve("password")))
                .isEqualTo("s3cr3t");
        assertThat(volumes.hostPath("data")).contains(data);

        JsonNode configMap = http.get("/api/v1/namespaces/" + NAMESPACE + "/configmaps/app-config")
                .body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) configMap.get("data")).put("greeting", "bonjour");
        assertThat(http.put("/api/v1/namespaces/" + NAMESPACE + "/configmaps/app-config", configMap.toString())
                        .code())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> {
            manager.refreshAll();
            return Files.readString(config.resolve("greeting")).equals("bonjour");
        });

        manager.cleanupPod(pod.getMetadata().getUid());
        objects.unregisterPod(pod);
        assertThat(root.resolve("pods/" + pod.getMetadata().getUid())).doesNotExist();
        assertThat(data).isDirectory();
        assertThat(objects.configMaps().referencingPods(NAMESPACE, "app-config"))
                .doesNotContain(pod.getMetadata().getUid());
    }

    /**
     * A token projection holds a token the API server issued through TokenRequest for the pod's
     * service account, bound to the pod: TokenReview says whom it authenticates.
     */
    @Test
    void aTokenProjectionHoldsATokenBoundToThePod() throws Exception {
        assertThat(http.post(
                                "/api/v1/namespaces/" + NAMESPACE + "/serviceaccounts",
                                "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\"}}")
                        .code())
                .isIn(201, 409);
        KubeHttp.Reply created = http.post("/api/v1/namespaces/" + NAMESPACE + "/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"token-pod"},
                 "spec":{"serviceAccountName":"default","containers":[{"name":"app","image":"busybox"}]}}""");
        assertThat(created.code()).isEqualTo(201);
        VolumeManager manager = manager();
        Pod pod = new PodBuilder(
                        pod("token-pod", new ContainerBuilder().withName("app").build()))
                .editMetadata()
                .withUid(created.text("/metadata/uid"))
                .endMetadata()
                .editSpec()
                .withServiceAccountName("default")
                .addNewVolume()
                .withName("kube-api-access")
                .withNewProjected()
                .withDefaultMode(0644)
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();

        manager.mountVolumes(pod);

        Path token = root.resolve(
                "pods/" + pod.getMetadata().getUid() + "/volumes/kubernetes.io~projected/kube-api-access/token");
        KubeHttp.Reply review = http.post("/apis/authentication.k8s.io/v1/tokenreviews", """
                {"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"%s"}}""".formatted(
                        Files.readString(token).strip()));
        assertThat(review.text("/status/authenticated")).isEqualTo("true");
        assertThat(review.text("/status/user/username")).isEqualTo("system:serviceaccount:" + NAMESPACE + ":default");
        assertThat(review.body()
                        .at("/status/user/extra/authentication.kubernetes.io~1pod-name/0")
                        .asText())
                .isEqualTo("token-pod");
        manager.cleanupPod(pod.getMetadata().getUid());
    }

    private VolumeManager manager() {
        return new VolumeManager(
                new VolumeLayout(root),
                sources,
                new FakeMounter(false),
                new ServiceAccountTokens(new ClientTokenIssuer(client, WAIT), Clock.systemUTC()),
                Clock.systemUTC());
    }

    private static Pod pod(String name, Container container) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(name)
                .withUid(name + "-uid")
                .endMetadata()
                .withNewSpec()
                .withEnableServiceLinks(true)
                .withContainers(container)
                .endSpec()
                .build();
    }

    private static JsonNode create(String path, String json) {
        KubeHttp.Reply reply = http.post(path, json);
        assertThat(reply.code()).as("POST %s: %s", path, reply.body()).isEqualTo(201);
        return reply.body();
    }
}
