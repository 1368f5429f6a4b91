package io.skiff.controllermanager.certificates.approval;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.CertificateRequests;
import io.skiff.controllermanager.certificates.KubeletClientRequests;
import io.skiff.controllermanager.certificates.RequestedNames;
import io.skiff.controllermanager.certificates.Signers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One sync of one CertificateSigningRequest (csrapproving's sarApprover): a pending kubelet client
 * request is approved when its requester may create certificatesigningrequests/selfnodeclient (a
 * renewal: the requester is the node the certificate names) or /nodeclient, as a
 * SubjectAccessReview answers. Requests it does not recognize, or whose review says no, stay
 * pending for a human (or another approver).
 *
 * <p>Where the API server serves no SubjectAccessReviews yet (404), the review falls back to the
 * requester's groups: {@value #AGENTS_GROUP} (a joining agent's bootstrap token) or system:nodes
 * (a node renewing). That fallback is logged once.
 */
final class CsrApprovingSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(CsrApprovingSync.class);

    static final String AGENTS_GROUP = "system:bootstrappers:skiff:agents";

    /** What a recognized request needs and what the approval says, in the order they are tried. */
    private record Recognizer(String subresource, boolean selfOnly, String message) {}

    private static final List<Recognizer> RECOGNIZERS = List.of(
            new Recognizer(
                    "selfnodeclient",
                    true,
                    "Auto approving self kubelet client certificate after SubjectAccessReview."),
            new Recognizer(
                    "nodeclient", false, "Auto approving kubelet client certificate after SubjectAccessReview."));

    private final Lister<CertificateSigningRequest> requests;
    private final AccessReview review;
    private final Function<CertificateSigningRequest, Mono<CertificateSigningRequest>> updateApproval;
    private final Duration timeout;
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();

    CsrApprovingSync(
            Lister<CertificateSigningRequest> requests,
            AccessReview review,
            Function<CertificateSigningRequest, Mono<CertificateSigningRequest>> updateApproval,
            Duration timeout) {
        this.requests = requests;
        this.review = review;
        this.updateApproval = updateApproval;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<CertificateSigningRequest> found = requests.get(name);
        if (found.isEmpty()) {
            return Result.done();
        }
        CertificateSigningRequest csr = found.get();
        if (CertificateRequests.isIssued(csr)
                || CertificateRequests.condition(csr, CertificateRequests.APPROVED)
                        .isPresent()
                || CertificateRequests.isDenied(csr)
                || !Signers.KUBE_APISERVER_CLIENT_KUBELET.equals(CertificateRequests.signerName(csr))) {
            return Result.done();
        }
        PKCS10CertificationRequest request;
        try {
            request = CertificateRequests.parse(csr);
        } catch (IllegalArgumentException e) {
            log.warn("unable to parse csr {}: {}", name, e.getMessage());
            return Result.done();
        }
        RequestedNames names = RequestedNames.of(request);
        if (KubeletClientRequests.problem(names, CertificateRequests.usages(csr))
                .isPresent()) {
            return Result.done();
        }
        CertificateSigningRequestSpec spec = csr.getSpec();
        List<String> tried = new ArrayList<>();
        for (Recognizer recognizer : RECOGNIZERS) {
            if (recognizer.selfOnly() && !names.commonName().equals(spec.getUsername())) {
                continue;
            }
            tried.add(recognizer.subresource());
            if (allowed(spec, recognizer.subresource())) {
                return approve(csr, recognizer.message());
            }
        }
        log.info("recognized csr {} as {} but subject access review was not approved", name, tried);
        return Result.done();
    }

    private boolean allowed(CertificateSigningRequestSpec spec, String subresource) {
        List<String> groups = spec.getGroups() == null ? List.of() : spec.getGroups();
        Map<String, List<String>> extra = spec.getExtra();
        AccessReview.Answer answer = review.mayCreate(spec.getUsername(), spec.getUid(), groups, extra, subresource);
        if (answer != AccessReview.Answer.NOT_SERVED) {
            return answer == AccessReview.Answer.ALLOWED;
        }
        if (fallbackLogged.compareAndSet(false, true)) {
            log.info(
                    "the API server serves no SubjectAccessReviews (404): approving kubelet client certificates"
                            + " of requesters in group {} or {} instead",
                    AGENTS_GROUP,
                    KubeletClientRequests.NODES_GROUP);
        }
        return groups.contains(AGENTS_GROUP) || groups.contains(KubeletClientRequests.NODES_GROUP);
    }

    private Result approve(CertificateSigningRequest csr, String message) {
        CertificateSigningRequest approved = new CertificateSigningRequestBuilder(csr)
                .editOrNewStatus()
                .addToConditions(new CertificateSigningRequestConditionBuilder()
                        .withType(CertificateRequests.APPROVED)
                        .withStatus("True")
                        .withReason("AutoApproved")
                        .withMessage(message)
                        .build())
                .endStatus()
                .build();
        try {
            updateApproval.apply(approved).block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return Result.done();
            }
            if (ApiErrors.isConflict(e)) {
                return Result.requeue();
            }
            throw e;
        }
        return Result.done();
    }
}
