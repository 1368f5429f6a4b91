package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.Kubectl;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legacy and aggregated discovery, /version, and the system namespaces every cluster has. */
class DiscoveryIntegrationTest {

    private static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static ApiServerInstance server;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aggregatedDiscoveryIsRecognisedByItsContentType() throws Exception {
        HttpResponse<String> apis = get("/apis", AGGREGATED_V2 + ",application/json");
        assertThat(apis.headers().firstValue("Content-Type").orElse(""))
                .contains("g=apidiscovery.k8s.io")
                .contains("v=v2");
        JsonNode list = KubeJson.mapper().readTree(apis.body());
        assertThat(list.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        JsonNode apps = list.path("items").findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("apps"))
                .findFirst()
                .orElseThrow();
        assertThat(apps).isNotNull();
        String body = apis.body();
        assertThat(body)
                .contains("\"resource\":\"deployments\"")
                .contains("\"subresource\":\"scale\"")
                .contains("\"Scale\"");

        JsonNode core = KubeJson.mapper().readTree(get("/api", AGGREGATED_V2).body());
        assertThat(core.at("/items/0/metadata/name").asText()).isEmpty();
        assertThat(core.toString()).contains("\"resource\":\"pods\"").contains("\"shortNames\":[\"po\"]");
    }

    @Test
    void legacyDiscoveryWithoutTheAggregatedAccept() throws Exception {
        HttpResponse<String> apis = get("/apis", "application/json");
        assertThat(apis.headers().firstValue("Content-Type").orElse("")).doesNotContain("apidiscovery");
        assertThat(KubeJson.mapper().readTree(apis.body()).path("kind").asText())
                .isEqualTo("APIGroupList");
        JsonNode v1 =
                KubeJson.mapper().readTree(get("/api/v1", "application/json").body());
        assertThat(v1.path("groupVersion").asText()).isEqualTo("v1");
        assertThat(v1.toString()).contains("\"name\":\"pods/eviction\"").contains("\"name\":\"pods/binding\"");
    }

    @Test
    void versionAndSystemNamespaces() throws Exception {
        JsonNode version =
                KubeJson.mapper().readTree(get("/version", "application/json").body());
        assertThat(version.path("major").asText()).isEqualTo("1");
        assertThat(version.path("minor").asText()).isEqualTo("32");
        String namespaces = get("/api/v1/namespaces", "application/json").body();
        assertThat(namespaces).contains("\"default\"", "\"kube-system\"", "\"kube-public\"", "\"kube-node-lease\"");
    }

    @Test
    void kubectlListsTheReviewsAsKubernetesDoes(@TempDir Path dir) {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), dir);

        Kubectl.Result authentication = kubectl.run("api-resources", "--api-group=authentication.k8s.io", "-o", "wide");
        assertThat(authentication.exitCode()).as(authentication.stderr()).isZero();
        assertThat(rows(authentication.out()))
                .containsExactly(
                        "selfsubjectreviews authentication.k8s.io/v1 false SelfSubjectReview create",
                        "tokenreviews authentication.k8s.io/v1 false TokenReview create");

        Kubectl.Result authorization = kubectl.run("api-resources", "--api-group=authorization.k8s.io", "-o", "wide");
        assertThat(authorization.exitCode()).as(authorization.stderr()).isZero();
        assertThat(rows(authorization.out()))
                .containsExactly(
                        "localsubjectaccessreviews authorization.k8s.io/v1 true LocalSubjectAccessReview create",
                        "selfsubjectaccessreviews authorization.k8s.io/v1 false SelfSubjectAccessReview create",
                        "selfsubjectrulesreviews authorization.k8s.io/v1 false SelfSubjectRulesReview create",
                        "subjectaccessreviews authorization.k8s.io/v1 false SubjectAccessReview create");

        Kubectl.Result versions = kubectl.run("api-versions");
        assertThat(versions.out().lines()).contains("authentication.k8s.io/v1", "authorization.k8s.io/v1");
    }

    @Test
    void kubectlCreatesAReviewFromAFile(@TempDir Path dir) {
        Kubectl kubectl = Kubectl.against(server.baseUrl(), dir);
        Kubectl.Result created = kubectl.runWithInput("""
                apiVersion: authorization.k8s.io/v1
                kind: SelfSubjectAccessReview
                spec:
                  resourceAttributes: {verb: list, resource: pods, namespace: default}
                """, "create", "-f", "-", "-o", "jsonpath={.status.allowed}");
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(created.out()).isEqualTo("true");
    }

    @Test
    void legacyDiscoveryListsTheReviewsInKubernetesGroupOrder() throws Exception {
        JsonNode groups =
                KubeJson.mapper().readTree(get("/apis", "application/json").body());
        List<String> names = groups.path("groups").findValuesAsText("name");
        assertThat(names)
                .containsSubsequence("apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "batch");

        JsonNode authorization = KubeJson.mapper()
                .readTree(
                        get("/apis/authorization.k8s.io/v1", "application/json").body());
        assertThat(authorization.path("resources").get(0))
                .isEqualTo(KubeJson.mapper().readTree("""
                        {"name":"localsubjectaccessreviews","singularName":"localsubjectaccessreview",                        "namespaced":true,"kind":"LocalSubjectAccessReview","verbs":["create"]}"""));
        JsonNode group = KubeJson.mapper()
                .readTree(get("/apis/authentication.k8s.io", "application/json").body());
        assertThat(group.at("/preferredVersion/groupVersion").asText()).isEqualTo("authentication.k8s.io/v1");

        JsonNode aggregated =
                KubeJson.mapper().readTree(get("/apis", AGGREGATED_V2).body());
        JsonNode tokenReviews = aggregated.path("items").findParents("resource").stream()
                .filter(n -> n.path("resource").asText().equals("tokenreviews"))
                .findFirst()
                .orElseThrow();
        assertThat(tokenReviews.path("scope").asText()).isEqualTo("Cluster");
        assertThat(tokenReviews.path("verbs").toString()).isEqualTo("[\"create\"]");
    }

    @Test
    void aReviewAnswersOnlyCreate() throws Exception {
        HttpResponse<String> list = get("/apis/authorization.k8s.io/v1/subjectaccessreviews", "application/json");
        assertThat(list.statusCode()).isEqualTo(405);
        assertThat(KubeJson.mapper().readTree(list.body()).path("reason").asText())
                .isEqualTo("MethodNotAllowed");
    }

    /** kubectl's table rows with runs of spaces collapsed, header dropped. */
    private static List<String> rows(String table) {
        return table.lines()
                .skip(1)
                .map(line -> line.strip().replaceAll("\\s+", " "))
                .toList();
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", accept)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
