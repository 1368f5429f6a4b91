package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admission chain on a real API server: LimitRanges, PriorityClasses and a default StorageClass
 * shape the pods and claims created after them, or refuse them with Kubernetes' Status.
 */
class AdmissionIntegrationTest {

    private static final String PODS = "/api/v1/namespaces/adm/pods";
    private static final String CLAIMS = "/api/v1/namespaces/adm/persistentvolumeclaims";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        assertThat(http.createNamespace("adm").code()).isEqualTo(201);
        assertThat(http.post("/api/v1/namespaces/adm/limitranges", """
                {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"limits"},
                 "spec":{"limits":[
                   {"type":"Container","default":{"cpu":"500m","memory":"256Mi"},
                    "defaultRequest":{"cpu":"200m","memory":"128Mi"},"min":{"cpu":"100m"},"max":{"cpu":"2"}},
                   {"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"10Gi"}}]}}
                """).code()).isEqualTo(201);
        assertThat(http.post("/apis/scheduling.k8s.io/v1/priorityclasses", """
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},
                 "value":1000,"preemptionPolicy":"Never"}
                """).code())
                .isEqualTo(201);
        assertThat(http.post("/apis/storage.k8s.io/v1/storageclasses", """
                {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass",
                 "metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
                 "provisioner":"skiff.io/local"}
                """).code())
                .isEqualTo(201);
        // A consistent list waits until the watch cache, which admission reads, has caught up.
        assertThat(http.get("/apis/storage.k8s.io/v1/storageclasses").code()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewPodGetsDefaultResourcesPriorityAndTolerations() {
        KubeHttp.Reply created = http.post(PODS, pod("web", "\"priorityClassName\":\"high\","));
        assertThat(created.code()).isEqualTo(201);
        JsonNode pod = created.body();
        assertThat(pod.at("/spec/containers/0/resources").toString())
                .isEqualTo("{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"
                        + "\"requests\":{\"cpu\":\"200m\",\"memory\":\"128Mi\"}}");
        assertThat(pod.at("/metadata/annotations/kubernetes.io~1limit-ranger").asText())
                .isEqualTo("LimitRanger plugin set: cpu, memory request for container c;"
                        + " cpu, memory limit for container c");
        assertThat(pod.at("/spec/priority").asLong()).isEqualTo(1000);
        assertThat(pod.at("/spec/preemptionPolicy").asText()).isEqualTo("Never");
        assertThat(pod.at("/spec/tolerations").findValuesAsText("key"))
                .containsExactly("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");
        assertThat(pod.at("/spec/tolerations/0/tolerationSeconds").asLong()).isEqualTo(300);
        // The QoS class is computed from the resources LimitRanger gave.
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo("Burstable");
        assertThat(http.get(PODS + "/web").body()).isEqualTo(pod);
    }

    @Test
    void withoutAClassAPodGetsPriorityZeroAndTheBuiltInClassesExist() {
        assertThat(http.post(PODS, pod("plain", "")).body().at("/spec/priority").asLong())
                .isZero();
        KubeHttp.Reply critical = http.post(PODS, pod("critical", "\"priorityClassName\":\"system-node-critical\","));
        assertThat(critical.code()).isEqualTo(201);
        assertThat(critical.body().at("/spec/priority").asLong()).isEqualTo(2000001000L);
        assertThat(http.get("/apis/scheduling.k8s.io/v1/priorityclasses/system-cluster-critical")
                        .body()
                        .at("/value")
                        .asLong())
                .isEqualTo(2000000000L);
    }

    @Test
    void aContainerUnderTheMinimumIsForbidden() {
        KubeHttp.Reply refused = http.post(
                PODS,
                pod("small", "")
                        .replace(
                                "\"image\":\"busybox\"",
                                "\"image\":\"busybox\",\"resources\":{\"requests\":{\"cpu\":\"50m\"}}"));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.text("/kind")).isEqualTo("Status");
        assertThat(refused.text("/reason")).isEqualTo("Forbidden");
        assertThat(refused.text("/message"))
                .isEqualTo("pods \"small\" is forbidden: minimum cpu usage per Container is 100m, but request is 50m");
        assertThat(refused.text("/details/name")).isEqualTo("small");
        assertThat(refused.text("/details/kind")).isEqualTo("pods");
        assertThat(http.get(PODS + "/small").code()).isEqualTo(404);
    }

    @Test
    void aPriorityClassThatDoesNotExistIsForbidden() {
        KubeHttp.Reply refused = http.post(PODS, pod("lost", "\"priorityClassName\":\"missing\","));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.text("/message"))
                .isEqualTo("pods \"lost\" is forbidden: no PriorityClass with name missing was found");
    }

    @Test
    void aDryRunIsAdmittedLikeARealCreate() {
        KubeHttp.Reply dryRun = http.post(PODS + "?dryRun=All", pod("trial", ""));
        assertThat(dryRun.code()).isEqualTo(201);
        assertThat(dryRun.body().at("/spec/containers/0/resources/limits/cpu").asText())
                .isEqualTo("500m");
        assertThat(http.get(PODS + "/trial").code()).isEqualTo(404);
    }

    @Test
    void aClaimWithoutAClassGetsTheDefaultAndTheRangeHoldsItsSize() {
        KubeHttp.Reply created = http.post(CLAIMS, claim("data", "5Gi"));
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.text("/spec/storageClassName")).isEqualTo("standard");

        KubeHttp.Reply tooBig = http.post(CLAIMS, claim("huge", "20Gi"));
        assertThat(tooBig.code()).isEqualTo(403);
        assertThat(tooBig.text("/message"))
                .isEqualTo("persistentvolumeclaims \"huge\" is forbidden: maximum storage usage per"
                        + " PersistentVolumeClaim is 10Gi, but request is 20Gi");
    }

    @Test
    void theSystemNamespacesMayNotBeDeleted() {
        for (String name : List.of("default", "kube-system", "kube-public")) {
            KubeHttp.Reply refused = http.delete("/api/v1/namespaces/" + name);
            assertThat(refused.code()).isEqualTo(403);
            assertThat(refused.text("/reason")).isEqualTo("Forbidden");
            assertThat(refused.text("/message"))
                    .isEqualTo("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
            assertThat(http.get("/api/v1/namespaces/" + name).text("/status/phase"))
                    .isEqualTo("Active");
        }
    }

    @Test
    void contentIsRefusedInAMissingOrTerminatingNamespace() {
        KubeHttp.Reply missing = http.post(
                "/api/v1/namespaces/nowhere/configmaps",
                KubeHttp.configMap("c", "k", "v").toString());
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.text("/message")).isEqualTo("namespaces \"nowhere\" not found");

        assertThat(http.createNamespace("leaving").code()).isEqualTo(201);
        // Its spec.finalizers hold it Terminating: no namespace controller runs here.
        assertThat(http.delete("/api/v1/namespaces/leaving").code()).isEqualTo(200);
        KubeHttp.Reply refused = http.post(
                "/api/v1/namespaces/leaving/configmaps",
                KubeHttp.configMap("late", "k", "v").toString());
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.text("/message"))
                .isEqualTo("configmaps \"late\" is forbidden: unable to create new content in namespace leaving"
                        + " because it is being terminated");
        assertThat(refused.text("/details/causes/0/reason")).isEqualTo("NamespaceTerminating");
    }

    private static String pod(String name, String specExtra) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + specExtra
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }

    private static String claim(String name, String size) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"" + size
                + "\"}}}}";
    }
}
