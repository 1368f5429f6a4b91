package io.skiff.controllermanager.certificates.cleaner;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.CertificateRequests;
import io.skiff.model.time.KubeTimes;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One sync of one CertificateSigningRequest (csrcleaner): an issued request goes an hour after its
 * approval or once its certificate expired, a denied or failed one an hour after that condition, a
 * pending one (no conditions) 24 hours after its creation. Kubernetes polls every hour; here each
 * request is queued again for its own deadline.
 */
final class CsrCleanerSync implements Reconciler<String> {

    static final Duration APPROVED_EXPIRATION = Duration.ofHours(1);
    static final Duration DENIED_EXPIRATION = Duration.ofHours(1);
    static final Duration PENDING_EXPIRATION = Duration.ofHours(24);

    private final Lister<CertificateSigningRequest> requests;
    private final Function<String, Mono<Void>> delete;
    private final Clock clock;
    private final Duration timeout;

    CsrCleanerSync(
            Lister<CertificateSigningRequest> requests,
            Function<String, Mono<Void>> delete,
            Clock clock,
            Duration timeout) {
        this.requests = requests;
        this.delete = delete;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<CertificateSigningRequest> found = requests.get(name);
        if (found.isEmpty()) {
            return Result.done();
        }
        Optional<Instant> deadline = deadline(found.get());
        if (deadline.isEmpty()) {
            return Result.done(); // approved, not issued yet: the signer's turn; its update queues it again
        }
        Instant now = clock.instant();
        if (now.isBefore(deadline.get())) {
            return Result.requeueAfter(Duration.between(now, deadline.get()));
        }
        try {
            delete.apply(name).block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
        return Result.done();
    }

    /** When the request is to go, or empty while it waits for its certificate. */
    static Optional<Instant> deadline(CertificateSigningRequest csr) {
        List<Instant> deadlines = new ArrayList<>();
        if (CertificateRequests.isIssued(csr)) {
            lastUpdate(csr, CertificateRequests.APPROVED).ifPresent(t -> deadlines.add(t.plus(APPROVED_EXPIRATION)));
            notAfter(CertificateRequests.certificate(csr)).ifPresent(deadlines::add);
        }
        lastUpdate(csr, CertificateRequests.DENIED).ifPresent(t -> deadlines.add(t.plus(DENIED_EXPIRATION)));
        lastUpdate(csr, CertificateRequests.FAILED).ifPresent(t -> deadlines.add(t.plus(DENIED_EXPIRATION)));
        if (CertificateRequests.conditions(csr).isEmpty()) {
            KubeTimes.parse(csr.getMetadata().getCreationTimestamp())
                    .ifPresent(t -> deadlines.add(t.plus(PENDING_EXPIRATION)));
        }
        return deadlines.stream().min(Comparator.naturalOrder());
    }

    private static Optional<Instant> lastUpdate(CertificateSigningRequest csr, String type) {
        return CertificateRequests.condition(csr, type)
                .map(CertificateSigningRequestCondition::getLastUpdateTime)
                .flatMap(KubeTimes::parse);
    }

    private static Optional<Instant> notAfter(String base64Pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
            return Optional.of(certificate.getNotAfter().toInstant());
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
