package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed bodies, names, selectors and patches each get the Kubernetes status code and a Status
 * body, never a 500, and leave nothing behind.
 */
class BadInputIntegrationTest {

    private static final String CMS = "/api/v1/namespaces/bad/configmaps";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        http.createNamespace("bad");
        http.post(CMS, KubeHttp.configMap("existing", "k", "v").toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badRequests() {
        String big = "x".repeat(4 * 1024 * 1024);
        return Stream.of(
                Arguments.of("malformed JSON", "POST", CMS, "{\"metadata\":", "application/json", 400, "BadRequest"),
                Arguments.of("body is an array", "POST", CMS, "[1,2]", "application/json", 400, "BadRequest"),
                Arguments.of("empty body", "POST", CMS, "", "application/json", 400, "BadRequest"),
                Arguments.of(
                        "malformed YAML", "POST", CMS, "metadata: [unclosed", "application/yaml", 400, "BadRequest"),
                Arguments.of(
                        "wrong kind for the path",
                        "POST",
                        CMS,
                        "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"a\"}}",
                        "application/json",
                        400,
                        "BadRequest"),
                Arguments.of(
                        "wrong apiVersion",
                        "POST",
                        CMS,
                        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"a\"}}",
                        "application/json",
                        400,
                        "BadRequest"),
                Arguments.of(
                        "name with capitals",
                        "POST",
                        CMS,
                        "{\"metadata\":{\"name\":\"Bad_Name\"}}",
                        "application/json",
                        422,
                        "Invalid"),
                Arguments.of("missing name", "POST", CMS, "{\"metadata\":{}}", "application/json", 422, "Invalid"),
                Arguments.of(
                        "invalid label key",
                        "POST",
                        CMS,
                        "{\"metadata\":{\"name\":\"l\",\"labels\":{\"-bad\":\"x\"}}}",
                        "application/json",
                        422,
                        "Invalid"),
                Arguments.of(
                        "name taken",
                        "POST",
                        CMS,
                        "{\"metadata\":{\"name\":\"existing\"}}",
                        "application/json",
                        409,
                        "AlreadyExists"),
                Arguments.of(
                        "namespace missing",
                        "POST",
                        "/api/v1/namespaces/nowhere/configmaps",
                        "{\"metadata\":{\"name\":\"a\"}}",
                        "application/json",
                        404,
                        "NotFound"),
                Arguments.of(
                        "body over 3 MiB",
                        "POST",
                        CMS,
                        "{\"metadata\":{\"name\":\"huge\"},\"data\":{\"k\":\"" + big + "\"}}",
                        "application/json",
                        413,
                        "RequestEntityTooLarge"),
                Arguments.of("unknown resource", "GET", "/api/v1/namespaces/bad/widgets", null, null, 404, "NotFound"),
                Arguments.of("unknown group", "GET", "/apis/example.com/v1/things", null, null, 404, "NotFound"),
                Arguments.of("object not found", "GET", CMS + "/nope", null, null, 404, "NotFound"),
                Arguments.of(
                        "malformed label selector",
                        "GET",
                        CMS + "?labelSelector=a%20in%20(",
                        null,
                        null,
                        400,
                        "BadRequest"),
                Arguments.of(
                        "unsupported field selector",
                        "GET",
                        CMS + "?fieldSelector=spec.nodeName%3Dx",
                        null,
                        null,
                        400,
                        "BadRequest"),
                Arguments.of("negative limit", "GET", CMS + "?limit=-1", null, null, 400, "BadRequest"),
                Arguments.of(
                        "garbage continue token", "GET", CMS + "?continue=notatoken", null, null, 400, "BadRequest"),
                Arguments.of(
                        "non-numeric resourceVersion",
                        "GET",
                        CMS + "?resourceVersion=abc",
                        null,
                        null,
                        400,
                        "BadRequest"),
                Arguments.of(
                        "Exact without resourceVersion",
                        "GET",
                        CMS + "?resourceVersionMatch=Exact",
                        null,
                        null,
                        400,
                        "BadRequest"),
                Arguments.of(
                        "stale resourceVersion on update",
                        "PUT",
                        CMS + "/existing",
                        "{\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\"1\"}}",
                        "application/json",
                        409,
                        "Conflict"),
                Arguments.of(
                        "name mismatch on update",
                        "PUT",
                        CMS + "/existing",
                        "{\"metadata\":{\"name\":\"other\"}}",
                        "application/json",
                        400,
                        "BadRequest"),
                Arguments.of(
                        "update of missing object",
                        "PUT",
                        CMS + "/ghost",
                        "{\"metadata\":{\"name\":\"ghost\"}}",
                        "application/json",
                        404,
                        "NotFound"),
                Arguments.of(
                        "JSON patch that is an object",
                        "PATCH",
                        CMS + "/existing",
                        "{\"op\":\"add\"}",
                        "application/json-patch+json",
                        400,
                        "BadRequest"),
                Arguments.of(
                        "JSON patch with a failing test",
                        "PATCH",
                        CMS + "/existing",
                        "[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"zzz\"}]",
                        "application/json-patch+json",
                        422,
                        "Invalid"),
                Arguments.of(
                        "patch with an unknown type",
                        "PATCH",
                        CMS + "/existing",
                        "{}",
                        "text/plain",
                        415,
                        "UnsupportedMediaType"),
                Arguments.of(
                        "patch making the name invalid",
                        "PATCH",
                        CMS + "/existing",
                        "{\"metadata\":{\"labels\":{\"a b\":\"c\"}}}",
                        "application/merge-patch+json",
                        422,
                        "Invalid"),
                Arguments.of(
                        "delete with a uid precondition that fails",
                        "DELETE",
                        CMS + "/existing",
                        "{\"preconditions\":{\"uid\":\"nope\"}}",
                        "application/json",
                        409,
                        "Conflict"),
                Arguments.of(
                        "delete with a bad propagation policy",
                        "DELETE",
                        CMS + "/existing",
                        "{\"propagationPolicy\":\"Sideways\"}",
                        "application/json",
                        400,
                        "BadRequest"),
                Arguments.of(
                        "dryRun with an unknown value",
                        "POST",
                        CMS + "?dryRun=Some",
                        "{\"metadata\":{\"name\":\"d\"}}",
                        "application/json",
                        400,
                        "BadRequest"));
    }

    @ParameterizedTest(name = "{0} → {5}")
    @MethodSource("badRequests")
    void badInputGetsAKubernetesStatus(
            String name, String method, String path, String body, String contentType, int code, String reason) {
        KubeHttp.Reply reply = switch (method) {
            case "POST" -> http.post(path, body, contentType);
            case "PUT" -> http.put(path, body);
            case "PATCH" -> http.patch(path, body, contentType);
            case "DELETE" -> http.delete(path, body);
            default -> http.get(path);
        };
        assertThat(reply.code()).as(name).isEqualTo(code);
        assertThat(reply.text("/kind")).isEqualTo("Status");
        assertThat(reply.text("/status")).isEqualTo("Failure");
        assertThat(reply.text("/reason")).isEqualTo(reason);
        assertThat(reply.body().path("code").asInt()).isEqualTo(code);
    }

    /**
     * kubectl asks /openapi/v2 for a type with an '@', which Spring's media type parser rejects: it
     * gets the protobuf document, labelled with the parseable form kube-apiserver answers with.
     */
    @Test
    void acceptHeadersSpringCannotParseAreNotServerErrors() throws Exception {
        String protobufV2 = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> openApi = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi/v2"))
                        .header("Accept", protobufV2)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.headers().firstValue("Content-Type"))
                .contains("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        assertThat(openApi.body()).isNotEmpty();

        HttpResponse<String> yaml = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi/v2"))
                        .header("Accept", "application/yaml")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(yaml.statusCode()).isEqualTo(406);
        assertThat(yaml.body()).contains("\"reason\":\"NotAcceptable\"");

        HttpResponse<String> list = client.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + CMS))
                        .header("Accept", protobufV2 + ", application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"kind\":\"ConfigMapList\"");
    }

    @Test
    void rejectedWritesLeaveNothingBehind() {
        KubeHttp.Reply list = http.get(CMS);
        assertThat(list.body().path("items"))
                .extracting(item -> item.at("/metadata/name").asText())
                .containsExactly("existing");
        assertThat(http.get(CMS + "/existing").text("/data/k")).isEqualTo("v");
    }

    @Test
    void unknownFieldsFromAnyPatchAreNeverStored() {
        String addUnknown = "[{\"op\":\"add\",\"path\":\"/bogus\",\"value\":1}]";
        KubeHttp.Reply strict =
                http.patch(CMS + "/existing?fieldValidation=Strict", addUnknown, "application/json-patch+json");
        assertThat(strict.code()).isEqualTo(400);
        assertThat(strict.text("/message")).isEqualTo("strict decoding error: unknown field \"bogus\"");

        KubeHttp.Reply warned = http.patch(CMS + "/existing", addUnknown, "application/json-patch+json");
        assertThat(warned.code()).isEqualTo(200);
        assertThat(warned.body().has("bogus")).isFalse();
        KubeHttp.Reply merged = http.patch(CMS + "/existing", "{\"spec\":{\"x\":1}}", "application/merge-patch+json");
        assertThat(merged.code()).isEqualTo(200);
        assertThat(merged.body().has("spec")).isFalse();
        assertThat(http.get(CMS + "/existing").body().has("bogus")).isFalse();
    }

    @Test
    void dryRunValidatesButStoresNothing() {
        KubeHttp.Reply reply = http.post(
                CMS + "?dryRun=All", KubeHttp.configMap("dry", "k", "v").toString());
        assertThat(reply.code()).isEqualTo(201);
        assertThat(http.get(CMS + "/dry").code()).isEqualTo(404);
    }
}
