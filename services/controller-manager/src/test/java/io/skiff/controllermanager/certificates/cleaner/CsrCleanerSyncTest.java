package io.skiff.controllermanager.certificates.cleaner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.TestRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CsrCleanerSyncTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T12:00:00Z");

    private final CacheIndexer<CertificateSigningRequest> cache = new CacheIndexer<>();
    private final List<String> deleted = new ArrayList<>();

    private CsrCleanerSync at(Instant now) {
        return new CsrCleanerSync(
                new Lister<>(cache),
                name -> {
                    deleted.add(name);
                    return Mono.empty();
                },
                Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofSeconds(5));
    }

    private static CertificateSigningRequestBuilder csr(String name) {
        return TestRequests.csr(
                name,
                TestRequests.request("system:node:n1", List.of("system:nodes")),
                "kubernetes.io/kube-apiserver-client-kubelet",
                List.of("digital signature", "client auth"),
                "u",
                List.of());
    }

    @Test
    void aPendingRequestGoesAfter24Hours() {
        cache.put(csr("pending").build());

        Result early = at(CREATED.plus(Duration.ofHours(23))).sync("pending");
        assertThat(deleted).isEmpty();
        assertThat(early).isEqualTo(Result.requeueAfter(Duration.ofHours(1)));

        at(CREATED.plus(Duration.ofHours(24))).sync("pending");
        assertThat(deleted).containsExactly("pending");
    }

    @Test
    void aDeniedRequestGoesAnHourAfterItsDenial() {
        cache.put(csr("denied")
                .withNewStatus()
                .addNewCondition()
                .withType("Denied")
                .withStatus("True")
                .withLastUpdateTime("2026-12-07T12:10:00Z")
                .endCondition()
                .endStatus()
                .build());

        at(Instant.parse("2026-12-07T13:09:59Z")).sync("denied");
        assertThat(deleted).isEmpty();
        at(Instant.parse("2026-12-07T13:10:00Z")).sync("denied");
        assertThat(deleted).containsExactly("denied");
    }

    @Test
    void anApprovedRequestStaysUntilIssuedThenGoesAnHourAfterApproval() {
        CertificateSigningRequest approved = TestRequests.approved(csr("approved"));
        cache.put(approved);

        Result waiting = at(CREATED.plus(Duration.ofDays(3))).sync("approved");
        assertThat(deleted).isEmpty();
        assertThat(waiting).isEqualTo(Result.done());

        approved.getStatus().setCertificate(java.util.Base64.getEncoder().encodeToString("junk".getBytes()));
        cache.put(approved);
        at(CREATED.plus(Duration.ofMinutes(59))).sync("approved");
        assertThat(deleted).isEmpty();
        at(CREATED.plus(Duration.ofHours(1))).sync("approved");
        assertThat(deleted).containsExactly("approved");
    }
}
