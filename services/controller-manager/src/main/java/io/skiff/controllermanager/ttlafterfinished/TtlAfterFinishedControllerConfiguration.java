package io.skiff.controllermanager.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The TTL-after-finished controller on the shared Job informer. Switched off with {@code
 * skiff.controllers.ttl-after-finished.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.ttl-after-finished.enabled", matchIfMissing = true)
class TtlAfterFinishedControllerConfiguration {

    /** kube-controller-manager's --concurrent-ttl-after-finished-syncs default. */
    private static final int WORKERS = 5;

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    TtlAfterFinishedController ttlAfterFinishedController(
            KubeClient client, SharedInformerFactory informers, ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<Job> jobs = informers.informerFor(Job.class);
        TtlAfterFinishedSync sync = new TtlAfterFinishedSync(
                jobs.lister(), new ClientFinishedJobDeleter(client), Clock.systemUTC(), CALL_TIMEOUT);
        return new TtlAfterFinishedController(
                jobs, sync, registry.getIfAvailable(CompositeMeterRegistry::new), WORKERS);
    }
}
