package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The resource quota controller: informers on ResourceQuotas and on the kinds quota usually
 * counts (pods, services, claims, the legacy-named configmaps, secrets, replication controllers and
 * quotas, and the workload kinds of apps and batch); other kinds named by {@code count/...} are
 * listed from the API server at each sync. Off with {@code skiff.controllers.resourcequota.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "skiff.controllers.resourcequota.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResourceQuotaProperties.class)
class ResourceQuotaControllerConfiguration {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);

    @Bean
    ResourceQuotaController resourceQuotaController(
            KubeClient client,
            SharedInformerFactory informers,
            ResourceQuotaProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        SharedIndexInformer<ResourceQuota> quotas = informers.informerFor(ResourceQuota.class);
        SharedIndexInformer<Pod> pods = informers.informerFor(Pod.class);
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<PersistentVolumeClaim> claims = informers.informerFor(PersistentVolumeClaim.class);
        Map<UsageEvaluator<?>, SharedIndexInformer<?>> counted = new LinkedHashMap<>();
        counted.put(new PodEvaluator(pods.lister(), Clock.systemUTC()), pods);
        counted.put(new ServiceEvaluator(services.lister()), services);
        counted.put(new PersistentVolumeClaimEvaluator(claims.lister()), claims);
        // The kinds quota counted before count/<resource> names existed keep their old names too.
        countObjects(counted, informers, ConfigMap.class, "configmaps", "configmaps");
        countObjects(counted, informers, Secret.class, "secrets", "secrets");
        countObjects(
                counted, informers, ReplicationController.class, "replicationcontrollers", "replicationcontrollers");
        countObjects(counted, informers, ResourceQuota.class, "resourcequotas", "resourcequotas");
        countObjects(counted, informers, Deployment.class, "deployments.apps", null);
        countObjects(counted, informers, ReplicaSet.class, "replicasets.apps", null);
        countObjects(counted, informers, StatefulSet.class, "statefulsets.apps", null);
        countObjects(counted, informers, DaemonSet.class, "daemonsets.apps", null);
        countObjects(counted, informers, Job.class, "jobs.batch", null);
        countObjects(counted, informers, CronJob.class, "cronjobs.batch", null);
        ClientQuotaApi api = new ClientQuotaApi(client, CALL_TIMEOUT);
        QuotaUsage usage = new QuotaUsage(List.copyOf(counted.keySet()), api);
        return new ResourceQuotaController(
                quotas,
                counted,
                new ResourceQuotaSync(quotas.lister(), usage, api, CALL_TIMEOUT),
                properties.syncPeriod(),
                registry.getIfAvailable(CompositeMeterRegistry::new),
                properties.workers());
    }

    private static <T extends HasMetadata> void countObjects(
            Map<UsageEvaluator<?>, SharedIndexInformer<?>> counted,
            SharedInformerFactory informers,
            Class<T> type,
            String groupResource,
            String legacyName) {
        SharedIndexInformer<T> informer = informers.informerFor(type);
        counted.put(new ObjectCountEvaluator<>(groupResource, legacyName, informer.lister()), informer);
    }
}
