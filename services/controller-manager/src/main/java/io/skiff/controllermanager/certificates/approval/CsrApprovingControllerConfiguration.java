package io.skiff.controllermanager.certificates.approval;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.certificates.CertificateRequestsLoop;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The csrapproving controller: auto-approves kubelet client certificate requests after a
 * SubjectAccessReview. Off with {@code skiff.controllers.csrapproving.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.csrapproving.enabled", matchIfMissing = true)
class CsrApprovingControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    /** As kube-controller-manager runs it. */
    private static final int WORKERS = 5;

    @Bean
    CertificateRequestsLoop csrApprovingController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<CertificateSigningRequest> requests =
                informers.informerFor(CertificateSigningRequest.class);
        CsrApprovingSync sync = new CsrApprovingSync(
                requests.lister(),
                new ClientAccessReview(client, CALL_TIMEOUT),
                csr -> client.resources(CertificateSigningRequest.class).updateSubresource(csr, "approval"),
                CALL_TIMEOUT);
        return new CertificateRequestsLoop(
                "csrapproving", requests, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
