package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.ServingNames;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.apiserver.testing.TlsClientContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API Priority and Fairness on a real API server over HTTPS, with a concurrency limit of six
 * seats so one user can flood it: the flooding user's requests queue in their own fair queues
 * while another user in the same priority level and the scheduler (its own level) are all served.
 * (With the plain max-in-flight limit of four reads the flood would answer the others with 429s.)
 * Queue overflow and time-outs are FairQueuesTest's: here the flood is bounded in connections, as a
 * real client's pool is, so the machine's accept queue is not what is measured.
 */
class FlowControlIntegrationTest {

    private static final int FLOOD_CONNECTIONS = 48;
    private static final int FLOOD_REQUESTS_EACH = 15;

    @TempDir
    static Path work;

    private static ApiServerInstance server;
    private static String url;
    private static Path authority;
    private static CertificateFiles alice;
    private static CertificateFiles bob;
    private static CertificateFiles scheduler;

    @BeforeAll
    static void start() {
        ClusterPki pki = ClusterPki.open(work.resolve("tls"), Clock.systemUTC());
        CertificateFiles serving =
                pki.serving(ServingNames.forApiServer("cluster.local", "10.96.0.1", "test", List.of()));
        authority = pki.caCertificate();
        alice = pki.client("alice", "alice", List.of());
        bob = pki.client("bob", "bob", List.of());
        scheduler = pki.client("scheduler", "system:kube-scheduler", List.of());
        server = ApiServerInstance.onDatabase(
                TestPostgres.newDatabase(),
                "--server.ssl.certificate=" + serving.certificate(),
                "--server.ssl.certificate-private-key=" + serving.privateKey(),
                "--server.ssl.trust-certificate=" + authority,
                "--server.ssl.client-auth=want",
                "--management.server.ssl.enabled=false",
                // Six seats in all: global-default and workload-high get one each.
                "--skiff.apiserver.max-requests-inflight=4",
                "--skiff.apiserver.max-mutating-requests-inflight=2");
        url = server.baseUrl().replace("http://", "https://");
        KubeHttp admin = KubeHttp.overTls(url, authority, alice);
        assertThat(admin.createNamespace("flood").code()).isEqualTo(201);
        for (int i = 0; i < 50; i++) {
            assertThat(admin.post(
                                    "/api/v1/namespaces/flood/configmaps",
                                    KubeHttp.configMap("c" + i, "data", "x".repeat(2000))
                                            .toString())
                            .code())
                    .isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodingUserIsQueuedAndRefusedWhileOthersAreServed() throws Exception {
        HttpClient noisy = client(alice);
        List<CompletableFuture<List<Integer>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> sendInTurn(noisy, FLOOD_REQUESTS_EACH)));
        }
        List<Integer> others = new ArrayList<>();
        HttpClient quietUser = client(bob);
        HttpClient schedulerClient = client(scheduler);
        for (int i = 0; i < 10; i++) {
            others.add(
                    quietUser.send(list(), HttpResponse.BodyHandlers.ofString()).statusCode());
            others.add(schedulerClient
                    .send(list(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
        Map<Integer, Integer> codes = new TreeMap<>();
        for (CompletableFuture<List<Integer>> worker : flood) {
            worker.get(180, TimeUnit.SECONDS).forEach(code -> codes.merge(code, 1, Integer::sum));
        }

        assertThat(others)
                .as("bob's and the scheduler's requests during the flood")
                .containsOnly(200);
        assertThat(codes).as("alice's answers: queued, then served").containsOnlyKeys(200);
    }

    /** {@code count} lists one after another on one connection's worth of concurrency; their codes. */
    private static List<Integer> sendInTurn(HttpClient client, int count) {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                codes.add(client.send(list(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return codes;
    }

    private static HttpClient client(CertificateFiles identity) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsClientContext.of(authority, identity))
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static HttpRequest list() {
        return HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces/flood/configmaps"))
                .timeout(Duration.ofSeconds(60))
                .build();
    }
}
