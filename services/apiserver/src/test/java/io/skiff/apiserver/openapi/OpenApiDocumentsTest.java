package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Documents.BUILTIN;
import static io.skiff.apiserver.openapi.Documents.CATALOG;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenApiDocumentsTest {

    @Test
    void indexListsEveryGroupVersionOfTheCatalog() {
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : CATALOG.groupVersions().entrySet()) {
            for (String version : group.getValue()) {
                expected.add(group.getKey().isEmpty() ? "api/" + version : "apis/" + group.getKey() + "/" + version);
            }
        }

        assertThat(Documents.servedPaths()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void indexPointsAtEachDocumentByTheSha512OfItsBytes() throws Exception {
        JsonNode paths = Documents.parse(BUILTIN.v3Index()).path("paths");
        for (String path : Documents.servedPaths()) {
            byte[] document = BUILTIN.v3GroupVersion(path).orElseThrow();
            String hash = HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-512").digest(document));

            assertThat(BUILTIN.v3Hash(path)).contains(hash);
            assertThat(paths.path(path).path("serverRelativeURL").asText())
                    .isEqualTo("/openapi/v3/" + path + "?hash=" + hash);
        }
    }

    @Test
    void onlyServedGroupVersionsHaveDocuments() {
        assertThat(BUILTIN.v3GroupVersion("apis/apps/v1")).isPresent();
        assertThat(BUILTIN.v3GroupVersion("apis/apps/v1beta1")).isEmpty();
        assertThat(BUILTIN.v3GroupVersion("apis/apps")).isEmpty();
        assertThat(BUILTIN.v3GroupVersion("api")).isEmpty();
        assertThat(BUILTIN.v3Hash("apis/example.com/v1")).isEmpty();
    }

    @Test
    void documentsAreBuiltOnceAndWrittenCompactly() {
        byte[] first = BUILTIN.v3GroupVersion("api/v1").orElseThrow();

        assertThat(BUILTIN.v3GroupVersion("api/v1").orElseThrow()).isSameAs(first);
        assertThat(BUILTIN.v3Index()).isSameAs(BUILTIN.v3Index());
        assertThat(BUILTIN.v2()).isSameAs(BUILTIN.v2());
        String text = new String(first, StandardCharsets.UTF_8);
        assertThat(text.contains("\n") || text.contains("\": "))
                .as("pretty printed")
                .isFalse();
    }

    @Test
    void documentsDoNotDependOnWhichWasAskedFirst() {
        OpenApiDocuments fresh = new OpenApiDocuments(CATALOG);
        fresh.v3GroupVersion("apis/apps/v1");
        fresh.v2();

        assertThat(fresh.v3Index()).isEqualTo(BUILTIN.v3Index());
        assertThat(fresh.v2()).isEqualTo(BUILTIN.v2());
    }

    @Test
    void everyReferenceResolvesWithinItsDocument() {
        for (String path : Documents.servedPaths()) {
            JsonNode document = Documents.v3(path);
            for (String ref : document.findValuesAsText("$ref")) {
                assertThat(ref).startsWith("#/components/schemas/");
                assertThat(document.path("components").path("schemas").has(ref.substring(21)))
                        .as("%s in %s", ref, path)
                        .isTrue();
            }
        }
        JsonNode v2 = Documents.v2();
        for (String ref : v2.findValuesAsText("$ref")) {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(v2.path("definitions").has(ref.substring(14))).as(ref).isTrue();
        }
    }

    @Test
    void v2IsSwagger20WithTheSameDefinitionsAndPathsAsTheV3Documents() {
        JsonNode v2 = Documents.v2();
        Set<String> v3Definitions = new HashSet<>();
        Set<String> v3Paths = new HashSet<>();
        for (String path : Documents.servedPaths()) {
            JsonNode document = Documents.v3(path);
            document.path("components").path("schemas").fieldNames().forEachRemaining(v3Definitions::add);
            document.path("paths").fieldNames().forEachRemaining(v3Paths::add);
        }
        Set<String> v2Definitions = new HashSet<>();
        v2.path("definitions").fieldNames().forEachRemaining(v2Definitions::add);
        Set<String> v2Paths = new HashSet<>();
        v2.path("paths").fieldNames().forEachRemaining(v2Paths::add);

        assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
        assertThat(v2.path("info").path("title").asText()).isEqualTo("Kubernetes");
        assertThat(v2Definitions).isEqualTo(v3Definitions);
        assertThat(v2Paths).isEqualTo(v3Paths);
    }

    @Test
    void v3DocumentsAreOpenApi30() {
        JsonNode document = Documents.v3("apis/apps/v1");

        assertThat(document.path("openapi").asText()).isEqualTo("3.0.0");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Kubernetes");
        assertThat(document.path("components").path("securitySchemes").has("BearerToken"))
                .isTrue();
        assertThat(document.path("paths").fieldNames()).toIterable().allMatch(p -> p.startsWith("/apis/apps/v1/"));
    }
}
