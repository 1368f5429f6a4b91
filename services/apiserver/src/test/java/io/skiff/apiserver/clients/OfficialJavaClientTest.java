package io.skiff.apiserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Kubernetes Java client (io.kubernetes:client-java) against Skiff, unchanged. */
class OfficialJavaClientTest {

    private static final String NS = "official";

    private static ApiServerInstance server;
    private static ApiClient client;
    private static CoreV1Api core;

    @BeforeAll
    static void start() throws ApiException {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        client = Config.fromUrl(server.baseUrl(), false);
        core = new CoreV1Api(client);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(NS)))
                .execute();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void crudOnConfigMapsAndDeployments() throws ApiException {
        V1ConfigMap created = core.createNamespacedConfigMap(
                        NS,
                        new V1ConfigMap()
                                .metadata(new V1ObjectMeta().name("settings").labels(Map.of("app", "shop")))
                                .data(Map.of("mode", "fast")))
                .execute();
        assertThat(created.getMetadata().getUid()).isNotBlank();

        V1ConfigMap read = core.readNamespacedConfigMap("settings", NS).execute();
        read.setData(Map.of("mode", "safe"));
        V1ConfigMap replaced =
                core.replaceNamespacedConfigMap("settings", NS, read).execute();
        assertThat(replaced.getData()).containsEntry("mode", "safe");

        assertThatThrownBy(() ->
                        core.replaceNamespacedConfigMap("settings", NS, created).execute())
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).getCode())
                .isEqualTo(409);

        V1ConfigMapList listed =
                core.listNamespacedConfigMap(NS).labelSelector("app=shop").execute();
        assertThat(listed.getItems())
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactly("settings");

        AppsV1Api apps = new AppsV1Api(client);
        Map<String, String> labels = Map.of("app", "web");
        V1Deployment deployment = apps.createNamespacedDeployment(
                        NS,
                        new V1Deployment()
                                .metadata(new V1ObjectMeta().name("web"))
                                .spec(new V1DeploymentSpec()
                                        .selector(new V1LabelSelector().matchLabels(labels))
                                        .template(new V1PodTemplateSpec()
                                                .metadata(new V1ObjectMeta().labels(labels))
                                                .spec(new V1PodSpec()
                                                        .containers(List.of(new V1Container()
                                                                .name("c")
                                                                .image("nginx:1.27")))))))
                .execute();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(deployment.getMetadata().getGeneration()).isEqualTo(1L);

        core.deleteNamespacedConfigMap("settings", NS).execute();
        assertThatThrownBy(() -> core.readNamespacedConfigMap("settings", NS).execute())
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).getCode())
                .isEqualTo(404);
    }

    @Test
    void watchDeliversEvents() throws Exception {
        ApiClient watchClient = Config.fromUrl(server.baseUrl(), false);
        watchClient.setHttpClient(watchClient
                .getHttpClient()
                .newBuilder()
                .readTimeout(0, TimeUnit.SECONDS)
                .build());
        CoreV1Api watchApi = new CoreV1Api(watchClient);
        String rv = core.listNamespacedConfigMap(NS).execute().getMetadata().getResourceVersion();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(
                watchClient,
                watchApi.listNamespacedConfigMap(NS)
                        .resourceVersion(rv)
                        .watch(true)
                        .buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() {}.getType())) {
            core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("watched")))
                    .execute();
            Watch.Response<V1ConfigMap> event = watch.next();
            assertThat(event.type).isEqualTo("ADDED");
            assertThat(event.object.getMetadata().getName()).isEqualTo("watched");
        }
    }

    @Test
    void sharedInformerFactoryKeepsACache() throws Exception {
        ApiClient informerClient = Config.fromUrl(server.baseUrl(), false);
        OkHttpClient http = informerClient
                .getHttpClient()
                .newBuilder()
                .readTimeout(0, TimeUnit.SECONDS)
                .build();
        informerClient.setHttpClient(http);
        CoreV1Api api = new CoreV1Api(informerClient);
        SharedInformerFactory factory = new SharedInformerFactory(informerClient);
        SharedIndexInformer<V1ConfigMap> informer = factory.sharedIndexInformerFor(
                params -> api.listNamespacedConfigMap(NS)
                        .resourceVersion(params.resourceVersion)
                        .watch(params.watch)
                        .timeoutSeconds(params.timeoutSeconds)
                        .buildCall(null),
                V1ConfigMap.class,
                V1ConfigMapList.class);
        List<String> added = new CopyOnWriteArrayList<>();
        CountDownLatch seen = new CountDownLatch(1);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1ConfigMap obj) {
                added.add(obj.getMetadata().getName());
                if ("cached".equals(obj.getMetadata().getName())) {
                    seen.countDown();
                }
            }

            @Override
            public void onUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) {}

            @Override
            public void onDelete(V1ConfigMap obj, boolean deletedFinalStateUnknown) {}
        });
        factory.startAllRegisteredInformers();
        try {
            core.createNamespacedConfigMap(NS, new V1ConfigMap().metadata(new V1ObjectMeta().name("cached")))
                    .execute();
            assertThat(seen.await(20, TimeUnit.SECONDS)).as("added %s", added).isTrue();
            assertThat(informer.getIndexer().getByKey(NS + "/cached")).isNotNull();
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }

    @Test
    void genericApiWorksForAnyResource() {
        GenericKubernetesApi<V1ConfigMap, V1ConfigMapList> generic =
                new GenericKubernetesApi<>(V1ConfigMap.class, V1ConfigMapList.class, "", "v1", "configmaps", client);
        var created = generic.create(
                new V1ConfigMap().metadata(new V1ObjectMeta().name("generic").namespace(NS)));
        assertThat(created.isSuccess()).as(String.valueOf(created.getStatus())).isTrue();
        var fetched = generic.get(NS, "generic");
        assertThat(fetched.getObject().getMetadata().getName()).isEqualTo("generic");
        var missing = generic.get(NS, "nope");
        assertThat(missing.getHttpStatusCode()).isEqualTo(404);
        assertThat(missing.getStatus().getReason()).isEqualTo("NotFound");
    }
}
