package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One keep-alive connection carrying a write (answered from the registry's completion thread) and
 * then at once a read the event loop answers by itself. Reactor Netty 1.3.6 sometimes buffered the
 * read as a pipelined request and then stopped reading the connection (reactor-netty#4361), so the
 * next request on it was never answered; {@code HttpReadRearm} works around that. Each round trip
 * must answer within seconds, over hundreds of rounds.
 */
class KeepAliveIntegrationTest {

    private static final int ROUNDS = 300;
    private static final Duration PER_REQUEST = Duration.ofSeconds(5);

    private static ApiServerInstance server;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        new KubeHttp(server.baseUrl()).createNamespace("keepalive");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void writesFollowedAtOnceByCachedReadsAreAllAnsweredOnOneConnection() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .build();
        String collection = server.baseUrl() + "/api/v1/namespaces/keepalive/configmaps";
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int rounds = 0;
        for (int i = 0; i < ROUNDS && System.nanoTime() < deadline; i++) {
            HttpResponse<String> created = client.send(
                    HttpRequest.newBuilder(URI.create(collection))
                            .timeout(PER_REQUEST)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    KubeHttp.configMap("cm-" + i, "k", "v").toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> listed = client.send(
                    HttpRequest.newBuilder(URI.create(collection + "?resourceVersion=0&limit=1"))
                            .timeout(PER_REQUEST)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            rounds++;
        }
        assertThat(rounds).as("rounds completed before the deadline").isGreaterThanOrEqualTo(100);
    }
}
