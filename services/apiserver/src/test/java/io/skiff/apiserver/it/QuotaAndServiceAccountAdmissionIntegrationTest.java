package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ResourceQuota and ServiceAccount admission on a real API server: quotas refuse what does not fit
 * with Kubernetes' message and hold under concurrent creates; pods run as the default
 * ServiceAccount with the kube-api-access volume (the plugin is enabled here; it is off by default).
 */
class QuotaAndServiceAccountAdmissionIntegrationTest {

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(), "--skiff.apiserver.admission.enable-plugins=ServiceAccount");
        http = new KubeHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPodOverItsQuotaIsForbiddenWithKubernetesMessageAndTheChargeIsRecorded() {
        namespaceWithDefaultServiceAccount("quota");
        quota("quota", "{\"pods\":\"2\",\"configmaps\":\"5\"}");
        assertThat(http.post("/api/v1/namespaces/quota/pods", pod("one")).code())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/namespaces/quota/pods", pod("two")).code())
                .isEqualTo(201);

        KubeHttp.Reply refused = http.post("/api/v1/namespaces/quota/pods", pod("three"));

        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.text("/reason")).isEqualTo("Forbidden");
        assertThat(refused.text("/message"))
                .isEqualTo("pods \"three\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2,"
                        + " limited: pods=2");
        JsonNode used =
                http.get("/api/v1/namespaces/quota/resourcequotas/q").body().at("/status/used");
        assertThat(used.toString()).isEqualTo("{\"configmaps\":\"0\",\"pods\":\"2\"}");
        assertThat(http.post(
                                "/api/v1/namespaces/quota/configmaps",
                                KubeHttp.configMap("c", "k", "v").toString())
                        .code())
                .isEqualTo(201);
    }

    @Test
    void concurrentCreatesCannotTogetherPassTheQuota() throws Exception {
        namespaceWithDefaultServiceAccount("race");
        quota("race", "{\"pods\":\"3\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String name = "racer-" + i;
                Callable<Integer> create = () ->
                        http.post("/api/v1/namespaces/race/pods", pod(name)).code();
                replies.add(pool.submit(create));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> reply : replies) {
                codes.add(reply.get());
            }
            assertThat(codes).filteredOn(code -> code == 201).hasSize(3);
            assertThat(codes).filteredOn(code -> code == 403).hasSize(9);
        } finally {
            pool.shutdownNow();
        }
        assertThat(http.get("/api/v1/namespaces/race/pods").body().path("items"))
                .hasSize(3);
        assertThat(http.get("/api/v1/namespaces/race/resourcequotas/q").text("/status/used/pods"))
                .isEqualTo("3");
    }

    @Test
    void aPodRunsAsTheDefaultServiceAccountWithTheApiAccessVolume() {
        namespaceWithDefaultServiceAccount("sa");
        KubeHttp.Reply created = http.post("/api/v1/namespaces/sa/pods", pod("app"));
        assertThat(created.code()).isEqualTo(201);
        JsonNode spec = created.body().path("spec");
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("default");
        JsonNode volume = spec.path("volumes").get(0);
        assertThat(volume.path("name").asText()).matches("kube-api-access-[a-z0-9]{5}");
        // Plain HTTP: there is no CA to publish, so the volume projects the token and namespace only.
        assertThat(volume.path("projected").toString())
                .isEqualTo("{\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},"
                        + "{\"downwardAPI\":{\"items\":[{\"path\":\"namespace\",\"fieldRef\":{\"apiVersion\":\"v1\","
                        + "\"fieldPath\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}");
        assertThat(spec.at("/containers/0/volumeMounts/0").toString())
                .isEqualTo("{\"name\":\"" + volume.path("name").asText()
                        + "\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}");
    }

    @Test
    void aPodNamingAServiceAccountThatDoesNotExistIsForbidden() {
        namespaceWithDefaultServiceAccount("nosa");
        KubeHttp.Reply refused = http.post(
                "/api/v1/namespaces/nosa/pods",
                pod("lost").replace("\"spec\":{", "\"spec\":{\"serviceAccountName\":\"ghost\","));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.text("/message"))
                .isEqualTo("pods \"lost\" is forbidden: error looking up service account nosa/ghost:"
                        + " serviceaccount \"ghost\" not found");
    }

    private static void namespaceWithDefaultServiceAccount(String namespace) {
        assertThat(http.createNamespace(namespace).code()).isEqualTo(201);
        assertThat(http.post(
                                "/api/v1/namespaces/" + namespace + "/serviceaccounts",
                                "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"default\"}}")
                        .code())
                .isEqualTo(201);
    }

    /** A quota "q" whose status a resource quota controller has filled in, with nothing used yet. */
    private static void quota(String namespace, String hard) {
        String path = "/api/v1/namespaces/" + namespace + "/resourcequotas";
        assertThat(http.post(
                                path,
                                "{\"apiVersion\":\"v1\",\"kind\":\"ResourceQuota\",\"metadata\":{\"name\":\"q\"},"
                                        + "\"spec\":{\"hard\":" + hard + "}}")
                        .code())
                .isEqualTo(201);
        String zero = hard.replaceAll("\"[0-9]+\"", "\"0\"");
        assertThat(http.patch(
                                path + "/q/status",
                                "{\"status\":{\"hard\":" + hard + ",\"used\":" + zero + "}}",
                                "application/merge-patch+json")
                        .code())
                .isEqualTo(200);
        // A consistent list waits until the watch cache, which admission reads, has caught up.
        assertThat(http.get(path).code()).isEqualTo(200);
    }

    private static String pod(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }
}
