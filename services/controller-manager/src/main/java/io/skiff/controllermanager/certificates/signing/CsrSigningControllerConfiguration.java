package io.skiff.controllermanager.certificates.signing;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.controllermanager.certificates.CertificateRequestsLoop;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The csrsigning controller: signs approved requests for the well-known kubernetes.io signers with
 * the cluster CA of {@code skiff.controllers.cluster-signing.*}. Off without those files, or with
 * {@code skiff.controllers.csrsigning.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.csrsigning.enabled", matchIfMissing = true)
@Conditional(ClusterSigningConfigured.class)
@EnableConfigurationProperties(ClusterSigningProperties.class)
class CsrSigningControllerConfiguration {

    private static final String NAME = "csrsigning";

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    /** kube-controller-manager runs its signers with five workers each. */
    private static final int WORKERS = 5;

    @Bean
    CertificateRequestsLoop csrSigningController(
            KubeClient client,
            SharedInformerFactory informers,
            ClusterSigningProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<CertificateSigningRequest> requests =
                informers.informerFor(CertificateSigningRequest.class);
        CertificateSigner signer = new CertificateSigner(ClusterCa.load(properties.certFile(), properties.keyFile()));
        CsrSigningSync sync = new CsrSigningSync(
                requests.lister(),
                signer,
                properties.duration(),
                csr -> client.resources(CertificateSigningRequest.class).updateStatus(csr),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new CertificateRequestsLoop(
                NAME, requests, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
