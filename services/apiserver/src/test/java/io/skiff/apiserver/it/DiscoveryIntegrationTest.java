package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Accept", accept)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
