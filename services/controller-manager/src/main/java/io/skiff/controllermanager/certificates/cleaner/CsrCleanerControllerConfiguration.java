package io.skiff.controllermanager.certificates.cleaner;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The csrcleaner controller: deletes finished and stale CertificateSigningRequests. Off with {@code
 * skiff.controllers.csrcleaner.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.csrcleaner.enabled", matchIfMissing = true)
class CsrCleanerControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    CertificateRequestsLoop csrCleanerController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<CertificateSigningRequest> requests =
                informers.informerFor(CertificateSigningRequest.class);
        CsrCleanerSync sync = new CsrCleanerSync(
                requests.lister(),
                name -> client.resources(CertificateSigningRequest.class).delete(null, name),
                Clock.systemUTC(),
                CALL_TIMEOUT);
        return new CertificateRequestsLoop(
                "csrcleaner", requests, sync, registry.getIfAvailable(CompositeMeterRegistry::new), 1);
    }
}
