package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 32 clients do read-modify-write increments of one counter for 10 s through the HTTP API. With
 * optimistic locking no increment may be lost: the final value equals the number of successful
 * updates, and every failed update was a 409 Conflict.
 */
class NoLostUpdateIntegrationTest {

    private static final int CLIENTS = 32;
    private static final long DURATION_MILLIS = 10_000;

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
        assertThat(http.createNamespace("counters").code()).isEqualTo(201);
        assertThat(http.post(
                                "/api/v1/namespaces/counters/configmaps",
                                KubeHttp.configMap("counter", "value", "0").toString())
                        .code())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        String path = "/api/v1/namespaces/counters/configmaps/counter";
        AtomicLong successes = new AtomicLong();
        Map<Integer, AtomicLong> failuresByCode = new ConcurrentHashMap<>();
        long deadline = System.currentTimeMillis() + DURATION_MILLIS;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(pool.submit(() -> {
                while (System.currentTimeMillis() < deadline) {
                    KubeHttp.Reply read = http.get(path);
                    ObjectNode object = (ObjectNode) read.body();
                    long value =
                            Long.parseLong(object.path("data").path("value").asText());
                    ((ObjectNode) object.get("data")).put("value", Long.toString(value + 1));
                    KubeHttp.Reply write = http.put(path, object.toString());
                    if (write.code() == 200) {
                        successes.incrementAndGet();
                    } else {
                        failuresByCode
                                .computeIfAbsent(write.code(), c -> new AtomicLong())
                                .incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();

        long finalValue = Long.parseLong(http.get(path).text("/data/value"));
        assertThat(successes.get()).as("successful updates").isPositive();
        assertThat(finalValue).as("final counter value").isEqualTo(successes.get());
        assertThat(failuresByCode.keySet()).as("status codes of failed updates").isSubsetOf(409);
    }
}
