package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.storage.Compactor;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API servers share one database. Writers on both commit concurrently; watchers on both must
 * see every committed revision exactly once, in order. A watch resumed from a retained revision
 * continues without a gap; one resumed from a compacted revision gets 410 Expired.
 */
class WatchOrderingIntegrationTest {

    private static final String NS = "/api/v1/namespaces/watched/configmaps";

    private static ApiServerInstance first;
    private static ApiServerInstance second;
    private static KubeHttp firstHttp;
    private static KubeHttp secondHttp;

    @BeforeAll
    static void start() {
        String database = TestPostgres.newDatabase();
        first = ApiServerInstance.onDatabase(database);
        second = ApiServerInstance.onDatabase(database);
        firstHttp = new KubeHttp(first.baseUrl());
        secondHttp = new KubeHttp(second.baseUrl());
        assertThat(firstHttp.createNamespace("watched").code()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void everyWatcherSeesEveryRevisionOnceInOrder() throws Exception {
        long start = Long.parseLong(firstHttp.get(NS).text("/metadata/resourceVersion"));
        List<BlockingQueue<JsonNode>> watchers = new ArrayList<>();
        for (KubeHttp http : List.of(firstHttp, secondHttp, firstHttp, secondHttp)) {
            watchers.add(http.watch(NS + "?watch=true&resourceVersion=" + start));
        }

        ConcurrentSkipListSet<Long> committed = new ConcurrentSkipListSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            KubeHttp http = w % 2 == 0 ? firstHttp : secondHttp;
            String prefix = "w" + w + "-";
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 60; i++) {
                    KubeHttp.Reply created = http.post(
                            NS, KubeHttp.configMap(prefix + i, "n", "0").toString());
                    assertThat(created.code()).isEqualTo(201);
                    committed.add(Long.parseLong(created.text("/metadata/resourceVersion")));
                    KubeHttp.Reply patched = http.patch(
                            NS + "/" + prefix + i, "{\"data\":{\"n\":\"1\"}}", "application/merge-patch+json");
                    assertThat(patched.code()).isEqualTo(200);
                    committed.add(Long.parseLong(patched.text("/metadata/resourceVersion")));
                }
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Long> expected = new ArrayList<>(committed);
        for (BlockingQueue<JsonNode> watcher : watchers) {
            assertThat(revisionsOf(watcher, expected.size())).containsExactlyElementsOf(expected);
        }

        // Resuming from any retained revision continues with exactly the later changes.
        long middle = expected.get(expected.size() / 2);
        List<Long> tail = expected.subList(expected.size() / 2 + 1, expected.size());
        assertThat(revisionsOf(secondHttp.watch(NS + "?watch=true&resourceVersion=" + middle), tail.size()))
                .containsExactlyElementsOf(tail);
    }

    @Test
    void watchFromCompactedRevisionGetsExpired() throws Exception {
        KubeHttp.Reply created =
                firstHttp.post(NS, KubeHttp.configMap("old", "n", "0").toString());
        long old = Long.parseLong(created.text("/metadata/resourceVersion"));
        for (int i = 0; i < 3; i++) {
            firstHttp.patch(NS + "/old", "{\"data\":{\"n\":\"" + i + "\"}}", "application/merge-patch+json");
        }
        RegistryReader reader = first.bean(RegistryReader.class);
        new Compactor(first.bean(DataSource.class), reader).compactTo(reader.currentRevision() - 1);

        // A server started now has no memory of those revisions: it must go to the compacted log.
        try (ApiServerInstance third = ApiServerInstance.onDatabase(first.bean(DataSource.class)
                .unwrap(com.zaxxer.hikari.HikariDataSource.class)
                .getJdbcUrl())) {
            JsonNode event = new KubeHttp(third.baseUrl())
                    .watch(NS + "?watch=true&resourceVersion=" + old)
                    .poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.path("type").asText()).as("event %s", event).isEqualTo("ERROR");
            assertThat(event.at("/object/kind").asText()).isEqualTo("Status");
            assertThat(event.at("/object/code").asInt()).isEqualTo(410);
            assertThat(event.at("/object/reason").asText()).isEqualTo("Expired");
        }
    }

    @Test
    void labelSelectorWatchSeesObjectsLeaveAsDeleted() throws Exception {
        String cm =
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"tagged\",\"labels\":{\"tier\":\"web\"}}}";
        long start = Long.parseLong(firstHttp.get(NS).text("/metadata/resourceVersion"));
        BlockingQueue<JsonNode> events =
                secondHttp.watch(NS + "?watch=true&labelSelector=tier%3Dweb&resourceVersion=" + start);
        assertThat(firstHttp.post(NS, cm).code()).isEqualTo(201);
        firstHttp.patch(
                NS + "/tagged", "{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}", "application/merge-patch+json");
        firstHttp.patch(
                NS + "/tagged", "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}", "application/merge-patch+json");

        List<String> types = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("event %d", i).isNotNull();
            types.add(event.path("type").asText());
        }
        assertThat(types).containsExactly("ADDED", "DELETED", "ADDED");
    }

    private static List<Long> revisionsOf(BlockingQueue<JsonNode> watcher, int count) throws InterruptedException {
        List<Long> revisions = new ArrayList<>();
        while (revisions.size() < count) {
            JsonNode event = watcher.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("event %d of %d", revisions.size() + 1, count).isNotNull();
            assertThat(event.isNull()).as("stream ended early").isFalse();
            assertThat(event.path("type").asText()).isIn("ADDED", "MODIFIED");
            revisions.add(event.at("/object/metadata/resourceVersion").asLong());
        }
        return revisions;
    }
}
