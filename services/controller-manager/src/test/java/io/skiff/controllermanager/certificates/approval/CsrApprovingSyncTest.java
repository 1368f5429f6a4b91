package io.skiff.controllermanager.certificates.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.certificates.Signers;
import io.skiff.controllermanager.certificates.TestRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CsrApprovingSyncTest {

    private static final List<String> NODES = List.of("system:nodes");
    private static final List<String> KUBELET_USAGES = List.of("digital signature", "client auth");
    private static final List<String> AGENT_GROUPS =
            List.of("system:bootstrappers", "system:bootstrappers:skiff:agents", "system:authenticated");

    private final CacheIndexer<CertificateSigningRequest> cache = new CacheIndexer<>();
    private final List<CertificateSigningRequest> approvals = new ArrayList<>();
    private final List<String> reviews = new ArrayList<>();
    private AccessReview.Answer answer = AccessReview.Answer.ALLOWED;

    private final CsrApprovingSync sync = new CsrApprovingSync(
            new Lister<>(cache),
            (user, uid, groups, extra, subresource) -> {
                reviews.add(user + " " + subresource);
                return answer;
            },
            csr -> {
                approvals.add(csr);
                return Mono.just(csr);
            },
            Duration.ofSeconds(5));

    private void add(String name, String cn, String username, List<String> groups) {
        cache.put(TestRequests.csr(
                        name,
                        TestRequests.request(cn, NODES),
                        Signers.KUBE_APISERVER_CLIENT_KUBELET,
                        KUBELET_USAGES,
                        username,
                        groups)
                .build());
    }

    @Test
    void aJoiningNodesRequestIsApprovedWhenTheReviewAllowsNodeclient() {
        add("join", "system:node:n1", "system:bootstrap:abcdef", AGENT_GROUPS);

        sync.sync("join");

        assertThat(reviews).containsExactly("system:bootstrap:abcdef nodeclient");
        CertificateSigningRequestCondition condition = approvedCondition();
        assertThat(condition.getType()).isEqualTo("Approved");
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("AutoApproved");
        assertThat(condition.getMessage())
                .isEqualTo("Auto approving kubelet client certificate after SubjectAccessReview.");
    }

    @Test
    void aNodeRenewingItsOwnCertificateIsReviewedAsSelfnodeclientFirst() {
        add("renew", "system:node:n1", "system:node:n1", NODES);

        sync.sync("renew");

        assertThat(reviews).containsExactly("system:node:n1 selfnodeclient");
        assertThat(approvedCondition().getMessage())
                .isEqualTo("Auto approving self kubelet client certificate after SubjectAccessReview.");
    }

    @Test
    void aDeniedReviewLeavesTheRequestPending() {
        answer = AccessReview.Answer.DENIED;
        add("renew-other", "system:node:n2", "system:node:n1", NODES);

        sync.sync("renew-other");

        assertThat(reviews).containsExactly("system:node:n1 nodeclient");
        assertThat(approvals).isEmpty();
    }

    @Test
    void withoutSubjectAccessReviewsAgentsAndNodesAreApprovedByGroupAndNobodyElse() {
        answer = AccessReview.Answer.NOT_SERVED;
        add("agent", "system:node:n1", "system:bootstrap:abcdef", AGENT_GROUPS);
        add("node", "system:node:n2", "system:node:n2", NODES);
        add("anonymous", "system:node:n3", "system:anonymous", List.of("system:unauthenticated"));

        sync.sync("agent");
        sync.sync("node");
        sync.sync("anonymous");

        assertThat(approvals).extracting(csr -> csr.getMetadata().getName()).containsExactly("agent", "node");
    }

    @Test
    void otherSignersNonNodeRequestsAndDecidedRequestsAreNotReviewed() {
        cache.put(TestRequests.csr(
                        "client",
                        TestRequests.request("system:node:n1", NODES),
                        Signers.KUBE_APISERVER_CLIENT,
                        KUBELET_USAGES,
                        "u",
                        AGENT_GROUPS)
                .build());
        add("not-a-node", "jane", "u", AGENT_GROUPS);
        cache.put(TestRequests.approved(TestRequests.csr(
                "decided",
                TestRequests.request("system:node:n1", NODES),
                Signers.KUBE_APISERVER_CLIENT_KUBELET,
                KUBELET_USAGES,
                "u",
                AGENT_GROUPS)));

        sync.sync("client");
        sync.sync("not-a-node");
        sync.sync("decided");
        sync.sync("gone");

        assertThat(reviews).isEmpty();
        assertThat(approvals).isEmpty();
    }

    private CertificateSigningRequestCondition approvedCondition() {
        assertThat(approvals).hasSize(1);
        return approvals.get(0).getStatus().getConditions().get(0);
    }
}
