package io.skiff.controllermanager.certificates.signing;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.CertificateRequests;
import io.skiff.controllermanager.certificates.RequestedNames;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One sync of one CertificateSigningRequest (csrsigning's handle): an approved, not failed,
 * unissued request for a signer this controller serves gets its certificate in status, or a Failed
 * condition (reason SignerValidationFailure) when the signer refuses what it asks for.
 */
final class CsrSigningSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(CsrSigningSync.class);

    /** Twice the backdate: a lower bound on any requested duration. */
    private static final Duration MIN_DURATION = Duration.ofMinutes(10);

    private final Lister<CertificateSigningRequest> requests;
    private final CertificateSigner signer;
    private final Duration maxDuration;
    private final Function<CertificateSigningRequest, Mono<CertificateSigningRequest>> updateStatus;
    private final Clock clock;
    private final Duration timeout;

    CsrSigningSync(
            Lister<CertificateSigningRequest> requests,
            CertificateSigner signer,
            Duration maxDuration,
            Function<CertificateSigningRequest, Mono<CertificateSigningRequest>> updateStatus,
            Clock clock,
            Duration timeout) {
        this.requests = requests;
        this.signer = signer;
        this.maxDuration = maxDuration;
        this.updateStatus = updateStatus;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<CertificateSigningRequest> found = requests.get(name);
        if (found.isEmpty()) {
            return Result.done();
        }
        CertificateSigningRequest csr = found.get();
        SignerPolicy policy = SignerPolicy.WELL_KNOWN.get(CertificateRequests.signerName(csr));
        if (policy == null
                || !CertificateRequests.isApproved(csr)
                || CertificateRequests.hasTrueCondition(csr, CertificateRequests.FAILED)
                || CertificateRequests.isIssued(csr)) {
            return Result.done();
        }
        PKCS10CertificationRequest request;
        try {
            request = CertificateRequests.parse(csr);
        } catch (IllegalArgumentException e) {
            // The API server validated it; a request it let through that does not parse here is not retried.
            log.warn("unable to parse csr {}: {}", name, e.getMessage());
            return Result.done();
        }
        List<String> usages = CertificateRequests.usages(csr);
        Optional<String> problem = policy.problem(RequestedNames.of(request), usages);
        CertificateSigningRequest updated;
        if (problem.isPresent()) {
            updated = failed(csr, problem.get());
        } else {
            KeyUsages keyUsages;
            try {
                keyUsages = KeyUsages.of(usages);
            } catch (IllegalArgumentException e) {
                updated = failed(csr, e.getMessage());
                return write(name, updated);
            }
            Duration ttl = duration(csr.getSpec().getExpirationSeconds());
            byte[] certificate = signer.sign(request, keyUsages, ttl, clock.instant());
            updated = new CertificateSigningRequestBuilder(csr)
                    .editOrNewStatus()
                    .withCertificate(Base64.getEncoder().encodeToString(certificate))
                    .endStatus()
                    .build();
        }
        return write(name, updated);
    }

    private Result write(String name, CertificateSigningRequest updated) {
        try {
            updateStatus.apply(updated).block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return Result.done();
            }
            if (ApiErrors.isConflict(e)) {
                return Result.requeue(); // the cache is behind; the update event brings the fresh object
            }
            throw e;
        }
        return Result.done();
    }

    /** The requested duration within [10 minutes, the configured maximum]; the maximum if none asked. */
    Duration duration(Integer expirationSeconds) {
        if (expirationSeconds == null) {
            return maxDuration;
        }
        Duration requested = Duration.ofSeconds(expirationSeconds);
        if (requested.compareTo(maxDuration) > 0) {
            return maxDuration;
        }
        return requested.compareTo(MIN_DURATION) < 0 ? MIN_DURATION : requested;
    }

    private CertificateSigningRequest failed(CertificateSigningRequest csr, String message) {
        Instant now = clock.instant();
        CertificateSigningRequestCondition condition = new CertificateSigningRequestConditionBuilder()
                .withType(CertificateRequests.FAILED)
                .withStatus("True")
                .withReason("SignerValidationFailure")
                .withMessage(message)
                .withLastUpdateTime(KubeTimes.time(now))
                .build();
        List<CertificateSigningRequestCondition> conditions = new ArrayList<>(CertificateRequests.conditions(csr));
        conditions.add(condition);
        return new CertificateSigningRequestBuilder(csr)
                .editOrNewStatus()
                .withConditions(conditions)
                .endStatus()
                .build();
    }
}
