package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** limit/continue pages through one consistent snapshot even while objects change in between. */
class PaginationIntegrationTest {

    private static final String CMS = "/api/v1/namespaces/paged/configmaps";

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        http.createNamespace("paged");
        for (int i = 0; i < 25; i++) {
            http.post(
                    CMS,
                    KubeHttp.configMap(String.format("cm-%02d", i), "k", "v").toString());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagesShowTheSnapshotOfTheFirstPage() {
        KubeHttp.Reply first = http.get(CMS + "?limit=10");
        assertThat(first.body().path("items")).hasSize(10);
        assertThat(first.body().at("/metadata/remainingItemCount").asLong()).isEqualTo(15);
        String snapshot = first.text("/metadata/resourceVersion");

        // Changes after the first page must not show in the later pages.
        http.delete(CMS + "/cm-20");
        http.post(CMS, KubeHttp.configMap("cm-99", "k", "v").toString());

        List<String> names = new ArrayList<>(names(first.body()));
        String token = first.text("/metadata/continue");
        while (!token.isEmpty()) {
            KubeHttp.Reply page = http.get(CMS + "?limit=10&continue=" + token);
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.text("/metadata/resourceVersion")).isEqualTo(snapshot);
            names.addAll(names(page.body()));
            token = page.text("/metadata/continue");
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("cm-%02d", i));
        }
        assertThat(names).containsExactlyElementsOf(expected);

        List<String> now = names(http.get(CMS).body());
        assertThat(now).contains("cm-99").doesNotContain("cm-20");
    }

    @Test
    void listAcrossNamespacesAndByLabel() {
        http.createNamespace("paged-other");
        http.post(
                "/api/v1/namespaces/paged-other/configmaps",
                "{\"metadata\":{\"name\":\"labelled\",\"labels\":{\"app\":\"web\"}}}");
        JsonNode all = http.get("/api/v1/configmaps?labelSelector=app%3Dweb").body();
        assertThat(names(all)).containsExactly("labelled");
        assertThat(all.at("/items/0/metadata/namespace").asText()).isEqualTo("paged-other");
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : list.path("items")) {
            names.add(item.at("/metadata/name").asText());
        }
        return names;
    }
}
