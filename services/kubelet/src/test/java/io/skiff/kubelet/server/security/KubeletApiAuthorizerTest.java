package io.skiff.kubelet.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.PemFiles;
import io.skiff.component.client.SubjectAccessReviews.Answer;
import io.skiff.component.client.SubjectAccessReviews.Subject;
import io.skiff.kubelet.testing.ManualClock;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class KubeletApiAuthorizerTest {

    @TempDir
    static Path dir;

    private final List<Map<String, Object>> asked = new ArrayList<>();
    private final AtomicReference<Mono<Answer>> answer = new AtomicReference<>(Mono.just(Answer.ALLOWED));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final List<Subject> subjects = new ArrayList<>();
    private KubeletApiAuthorizer authorizer;
    private X509Certificate alice;

    @BeforeEach
    void setUp() {
        authorizer = new KubeletApiAuthorizer(
                "node-1",
                (subject, attributes) -> {
                    subjects.add(subject);
                    asked.add(attributes);
                    return answer.get();
                },
                clock);
        alice = PemFiles.readCertificate(ClusterPki.open(dir, Clock.systemUTC())
                .client("alice", "alice", List.of("team"))
                .certificate());
    }

    @Test
    void healthAndMetricsAreNotChecked() {
        assertThat(status("/actuator/health", null)).isNull();
        assertThat(asked).isEmpty();
    }

    @Test
    void noCertificateIsUnauthorizedWithoutAskingAnyone() {
        assertThat(status("/containerLogs/ns/pod/main", null)).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(asked).isEmpty();
    }

    @Test
    void theCertificatesUserIsAskedAboutNodesProxyOnThisNode() {
        assertThat(status("/containerLogs/ns/pod/main", alice)).isNull();

        assertThat(subjects.get(0).user()).isEqualTo("alice");
        assertThat(subjects.get(0).groups()).containsExactly("team", "system:authenticated");
        assertThat(asked.get(0))
                .containsEntry("verb", "get")
                .containsEntry("resource", "nodes")
                .containsEntry("subresource", "proxy")
                .containsEntry("name", "node-1");
        status("/exec/ns/pod/main", alice);
        assertThat(asked.get(1)).as("exec starts a process: create").containsEntry("verb", "create");
    }

    @Test
    void answersAreKeptFiveMinutesWhenYesAndThirtySecondsWhenNo() {
        status("/containerLogs/ns/pod/main", alice);
        clock.advance(Duration.ofMinutes(4));
        status("/containerLogs/ns/pod/main", alice);
        assertThat(asked).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        answer.set(Mono.just(Answer.DENIED));
        assertThat(status("/containerLogs/ns/pod/main", alice)).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(asked).hasSize(2);
        clock.advance(Duration.ofSeconds(20));
        status("/containerLogs/ns/pod/main", alice);
        assertThat(asked).hasSize(2);
        clock.advance(Duration.ofSeconds(20));
        status("/containerLogs/ns/pod/main", alice);
        assertThat(asked).hasSize(3);
    }

    @Test
    void aReviewThatFailsDeniesAndIsAskedAgainNextTime() {
        answer.set(Mono.error(new IllegalStateException("connection refused")));
        assertThat(status("/containerLogs/ns/pod/main", alice)).isEqualTo(HttpStatus.FORBIDDEN);
        answer.set(Mono.just(Answer.ALLOWED));
        assertThat(status("/containerLogs/ns/pod/main", alice)).isNull();
        assertThat(asked).hasSize(2);
    }

    /** The status the filter set, or null when it passed the request on. */
    private HttpStatus status(String path, X509Certificate certificate) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path);
        if (certificate != null) {
            request.sslInfo(new SslInfo() {
                @Override
                public String getSessionId() {
                    return "s";
                }

                @Override
                public X509Certificate[] getPeerCertificates() {
                    return new X509Certificate[] {certificate};
                }
            });
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicReference<Boolean> passed = new AtomicReference<>(false);
        authorizer
                .filter(exchange, e -> {
                    passed.set(true);
                    return Mono.empty();
                })
                .block(Duration.ofSeconds(5));
        return passed.get()
                ? null
                : HttpStatus.resolve(exchange.getResponse().getStatusCode().value());
    }
}
