package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.model.api.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

class RequestBodiesTest {

    /** kube-apiserver answers a Content-Type mime.ParseMediaType rejects with 415, never a 500. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "application/",
                "multipart/form-data; boundary=",
                "*/*;q=junk",
                "application/yaml; charset=\"unterminated"
            })
    void aContentTypeThatIsNoMediaTypeIsUnsupportedMediaType(String header) {
        ServerRequest request =
                MockServerRequest.builder().header("Content-Type", header).body(Mono.empty());

        assertThatThrownBy(() -> RequestBodies.contentType(request)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(415);
            assertThat(e.status().getReason()).isEqualTo("UnsupportedMediaType");
            assertThat(e.status().getMessage())
                    .startsWith(
                            "the body of the request was in an unknown format - accepted media types" + " include: ")
                    .endsWith("(got " + header + ")");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/merge-patch+json; charset=utf-8"})
    void aMediaTypeIsParsed(String header) {
        ServerRequest request =
                MockServerRequest.builder().header("Content-Type", header).body(Mono.empty());

        assertThat(RequestBodies.contentType(request)).contains(MediaType.parseMediaType(header));
    }

    /** kube-apiserver decodes objects from JSON, YAML and protobuf only; a patch type is no object. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json-patch+yaml", "application/merge-patch+json", "text/json", "*/*"})
    void anObjectBodyOfAnotherTypeIsUnsupported(String header) {
        ServerRequest request =
                MockServerRequest.builder().header("Content-Type", header).body(Mono.empty());

        assertThatThrownBy(() -> RequestBodies.objectType(request))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }

    /** Go's decoder refuses bytes after the value; Jackson on its own would ignore them. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}}", "{\"a\":1} x", "{\"a\":1}{}", "{} []"})
    void anythingAfterTheJsonValueIsABadRequest(String body) {
        RequestBodies bodies = new RequestBodies(1024, null);

        assertThatThrownBy(() -> bodies.parse(
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.APPLICATION_JSON))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getMessage()).startsWith("the request body is not valid JSON: ");
                });
    }

    /** Go decodes an unpaired surrogate escape to U+FFFD (Jackson refuses one in a key: a 400). */
    @org.junit.jupiter.api.Test
    void loneSurrogatesBecomeReplacementCharacters() {
        RequestBodies bodies = new RequestBodies(1024, null);
        String json = "{\"k\":\"v\\udc00x\",\"ok\":\"\\ud83d\\ude00\",\"a\":[\"\\ud800\"]}";

        var tree = bodies.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.APPLICATION_JSON);

        assertThat(tree.path("k").asText()).isEqualTo("v\uFFFDx");
        assertThat(tree.path("ok").asText()).isEqualTo("\uD83D\uDE00");
        assertThat(tree.path("a").get(0).asText()).isEqualTo("\uFFFD");
        assertThatThrownBy(() -> bodies.parse(
                        "{\"k\\ud800\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        MediaType.APPLICATION_JSON))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    /** Jackson would read *a as the string "a"; a document with aliases is refused instead. */
    @org.junit.jupiter.api.Test
    void yamlAliasesAreRefusedNotMisread() {
        RequestBodies bodies = new RequestBodies(1024, null);
        byte[] yaml = "a: &x [1, 2]\nb: *x\nc: \"*not an alias\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> bodies.parse(yaml, MediaType.parseMediaType("application/yaml")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getMessage())
                            .isEqualTo("the request body is not valid YAML: aliases (*x) are not supported");
                });
        assertThat(bodies.parse(
                                "c: \"*not an alias\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                MediaType.parseMediaType("application/yaml"))
                        .path("c")
                        .asText())
                .isEqualTo("*not an alias");
    }
}
