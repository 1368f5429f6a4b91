package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.flowcontrol.ConfigurationReconciler;
import io.skiff.apiserver.flowcontrol.DefaultFlowSchemas;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.catalog.ResourceCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FlowSchema and PriorityLevelConfiguration objects of priority and fairness: served with
 * Kubernetes' printer columns, named by UID in every classified response, and brought back at start
 * as kube-apiserver's bootstrap brings them back.
 */
class FlowControlObjectsIntegrationTest {

    private static final String FLOWCONTROL = "/apis/flowcontrol.apiserver.k8s.io/v1/";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void kubectlPrintsTheDefaultsWithKubernetesColumns(@TempDir Path dir) {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), dir);

        Kubectl.Result schemas = kubectl.run("get", "flowschemas");
        assertThat(schemas.exitCode()).as(schemas.stderr()).isZero();
        List<String> rows = rows(schemas.out());
        assertThat(rows.get(0)).isEqualTo("NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL");
        assertThat(rows)
                .anyMatch(row -> row.matches("exempt exempt 1 <none> \\S+ False"))
                .anyMatch(row -> row.matches("probes exempt 2 <none> \\S+ False"))
                .anyMatch(row -> row.matches("system-leader-election leader-election 100 ByUser \\S+ False"))
                .anyMatch(row -> row.matches("kube-scheduler workload-high 800 ByNamespace \\S+ False"))
                .anyMatch(row -> row.matches("catch-all catch-all 10000 ByUser \\S+ False"));
        assertThat(rows).hasSize(1 + DefaultFlowSchemas.all().size());

        Kubectl.Result levels = kubectl.run("get", "prioritylevelconfigurations");
        assertThat(levels.exitCode()).as(levels.stderr()).isZero();
        assertThat(rows(levels.out()))
                .contains("NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE QUEUELENGTHLIMIT AGE")
                .anyMatch(row -> row.matches("exempt Exempt <none> <none> <none> <none> \\S+"))
                .anyMatch(row -> row.matches("catch-all Limited 5 <none> <none> <none> \\S+"))
                .anyMatch(row -> row.matches("global-default Limited 20 128 6 50 \\S+"))
                .anyMatch(row -> row.matches("leader-election Limited 10 16 4 50 \\S+"));

        Kubectl.Result both = kubectl.run("get", "flowschemas,prioritylevelconfigurations", "-o", "name");
        assertThat(both.exitCode()).as(both.stderr()).isZero();
        assertThat(both.out())
                .contains(
                        "flowschema.flowcontrol.apiserver.k8s.io/global-default",
                        "prioritylevelconfiguration.flowcontrol.apiserver.k8s.io/workload-low");
    }

    @Test
    void kubectlAppliesAFlowSchemaOfItsOwn(@TempDir Path dir) {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), dir);
        Kubectl.Result applied = kubectl.runWithInput("""
                apiVersion: flowcontrol.apiserver.k8s.io/v1
                kind: FlowSchema
                metadata:
                  name: batch-jobs
                spec:
                  priorityLevelConfiguration: {name: workload-low}
                  matchingPrecedence: 5000
                  distinguisherMethod: {type: ByNamespace}
                  rules:
                  - subjects: [{kind: Group, group: {name: batch-runners}}]
                    resourceRules: [{verbs: ["*"], apiGroups: [batch], resources: [jobs], namespaces: ["*"]}]
                """, "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        assertThat(applied.out()).isEqualTo("flowschema.flowcontrol.apiserver.k8s.io/batch-jobs created");
        Kubectl.Result row = kubectl.run("get", "flowschema", "batch-jobs", "--no-headers");
        assertThat(rows(row.out()))
                .singleElement()
                .asString()
                .matches("batch-jobs workload-low 5000 ByNamespace \\S+ \\?");
        assertThat(kubectl.run("delete", "flowschema", "batch-jobs").exitCode()).isZero();
    }

    @Test
    void aFlowSchemaOfOneOwnTakesTheRequestsItMatches() throws Exception {
        String schema = """
                {"apiVersion":"flowcontrol.apiserver.k8s.io/v1","kind":"FlowSchema",
                 "metadata":{"name":"anonymous-configmaps"},
                 "spec":{"priorityLevelConfiguration":{"name":"workload-low"},"matchingPrecedence":1000,
                  "distinguisherMethod":{"type":"ByUser"},
                  "rules":[{"subjects":[{"kind":"Group","group":{"name":"system:unauthenticated"}}],
                            "resourceRules":[{"verbs":["list"],"apiGroups":[""],"resources":["configmaps"],
                                              "namespaces":["*"]}]}]}}""";
        KubeHttp.Reply created = http.post(FLOWCONTROL + "flowschemas", schema);
        assertThat(created.code()).isEqualTo(201);
        String schemaUid = created.text("/metadata/uid");
        String levelUid = http.get(FLOWCONTROL + "prioritylevelconfigurations/workload-low")
                .text("/metadata/uid");
        try {
            HttpResponse<String> list = awaitFlowSchema("/api/v1/namespaces/default/configmaps", schemaUid);
            assertThat(list.headers().firstValue("X-Kubernetes-PF-PriorityLevel-UID"))
                    .contains(levelUid);
            assertThat(send("/api/v1/namespaces/default/secrets")
                            .headers()
                            .firstValue("X-Kubernetes-PF-FlowSchema-UID"))
                    .contains(
                            http.get(FLOWCONTROL + "flowschemas/global-default").text("/metadata/uid"));
        } finally {
            assertThat(http.delete(FLOWCONTROL + "flowschemas/anonymous-configmaps")
                            .code())
                    .isEqualTo(200);
        }
        awaitFlowSchema(
                "/api/v1/namespaces/default/configmaps",
                http.get(FLOWCONTROL + "flowschemas/global-default").text("/metadata/uid"));
    }

    /** The response once the watch cache has the change that makes the request go to that schema. */
    private static HttpResponse<String> awaitFlowSchema(String path, String schemaUid) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            HttpResponse<String> response = send(path);
            if (response.headers()
                            .firstValue("X-Kubernetes-PF-FlowSchema-UID")
                            .orElse("")
                            .equals(schemaUid)
                    || System.nanoTime() > deadline) {
                assertThat(response.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID"))
                        .contains(schemaUid);
                return response;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void everyClassifiedResponseNamesItsSchemaAndLevelByUid() throws Exception {
        String schemaUid = http.get(FLOWCONTROL + "flowschemas/global-default").text("/metadata/uid");
        String levelUid = http.get(FLOWCONTROL + "prioritylevelconfigurations/global-default")
                .text("/metadata/uid");
        assertThat(schemaUid).isNotEmpty();

        // Without credentials on plain HTTP the requester is system:anonymous: global-default.
        HttpResponse<String> list = send("/api/v1/namespaces");
        assertThat(list.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID")).contains(schemaUid);
        assertThat(list.headers().firstValue("X-Kubernetes-PF-PriorityLevel-UID"))
                .contains(levelUid);

        HttpResponse<String> probe = send("/readyz");
        assertThat(probe.headers().firstValue("X-Kubernetes-PF-FlowSchema-UID"))
                .contains(http.get(FLOWCONTROL + "flowschemas/probes").text("/metadata/uid"));
        assertThat(probe.headers().firstValue("X-Kubernetes-PF-PriorityLevel-UID"))
                .contains(http.get(FLOWCONTROL + "prioritylevelconfigurations/exempt")
                        .text("/metadata/uid"));
    }

    @Test
    void startRestoresMandatoryAndAutoupdatedSpecsAndKeepsOptedOutOnes() {
        String merge = "application/merge-patch+json";
        assertThat(http.patch(
                                FLOWCONTROL + "prioritylevelconfigurations/catch-all",
                                "{\"spec\":{\"limited\":{\"nominalConcurrencyShares\":50}}}",
                                merge)
                        .code())
                .isEqualTo(200);
        assertThat(http.patch(
                                FLOWCONTROL + "flowschemas/service-accounts",
                                "{\"spec\":{\"matchingPrecedence\":7000}}",
                                merge)
                        .code())
                .isEqualTo(200);
        assertThat(http.patch(
                                FLOWCONTROL + "flowschemas/kube-scheduler",
                                "{\"metadata\":{\"annotations\":{\"apf.kubernetes.io/autoupdate-spec\":\"false\"}},"
                                        + "\"spec\":{\"matchingPrecedence\":850}}",
                                merge)
                        .code())
                .isEqualTo(200);
        assertThat(http.delete(FLOWCONTROL + "flowschemas/probes").code()).isEqualTo(200);

        new ConfigurationReconciler(
                        server.bean(ObjectRegistry.class), server.bean(ResourceCatalog.class), Clock.systemUTC())
                .ensure();

        assertThat(http.get(FLOWCONTROL + "prioritylevelconfigurations/catch-all")
                        .text("/spec/limited/nominalConcurrencyShares"))
                .isEqualTo("5");
        assertThat(http.get(FLOWCONTROL + "flowschemas/service-accounts").text("/spec/matchingPrecedence"))
                .isEqualTo("9000");
        assertThat(http.get(FLOWCONTROL + "flowschemas/kube-scheduler").text("/spec/matchingPrecedence"))
                .isEqualTo("850");
        KubeHttp.Reply probes = http.get(FLOWCONTROL + "flowschemas/probes");
        assertThat(probes.code()).isEqualTo(200);
        assertThat(probes.text("/status/conditions/0/type")).isEqualTo("Dangling");
        assertThat(probes.text("/status/conditions/0/status")).isEqualTo("False");
    }

    private static HttpResponse<String> send(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** kubectl's table rows, runs of spaces collapsed. */
    private static List<String> rows(String table) {
        return table.lines().map(line -> line.strip().replaceAll("\\s+", " ")).toList();
    }
}
