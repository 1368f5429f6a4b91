package io.skiff.kubelet.podenv;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.ReflectorSettings;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.runtime.ClientListerWatchers;
import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.envvars.EnvironmentVariables;
import io.skiff.kubelet.envvars.ListerEnvironmentSources;
import io.skiff.kubelet.envvars.PodDns;
import io.skiff.kubelet.podobjects.PodObjects;
import io.skiff.kubelet.volumes.ClientClaims;
import io.skiff.kubelet.volumes.ClientTokenIssuer;
import io.skiff.kubelet.volumes.EtcHostsFile;
import io.skiff.kubelet.volumes.ListerVolumeSources;
import io.skiff.kubelet.volumes.ServiceAccountTokens;
import io.skiff.kubelet.volumes.SystemMounter;
import io.skiff.kubelet.volumes.VolumeLayout;
import io.skiff.kubelet.volumes.VolumeManager;
import io.skiff.kubelet.volumes.VolumeRefresher;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pods' container environment and volumes: the ConfigMaps and Secrets the pods on this node
 * reference, each watched by name while a pod references it ({@link PodObjects}, as Kubernetes'
 * kubelet's watch-based managers); claims and their volumes got from the API server when a volume
 * is set up; Services and this kubelet's Node from informers.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
@EnableConfigurationProperties(PodEnvironmentProperties.class)
class PodEnvironmentConfiguration {

    private static final Duration TOKEN_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration CLAIM_GET_TIMEOUT = Duration.ofSeconds(30);

    /** How long a read waits for a new object watch's first list: the kubelet's one second. */
    private static final Duration OBJECT_SYNC_TIMEOUT = Duration.ofSeconds(1);

    /**
     * The per-object watches. Their reflectors report to no meter registry: a reflector per
     * referenced object would make metric series per object.
     */
    @Bean(destroyMethod = "close")
    PodObjects podObjects(KubeClient client) {
        return PodObjects.watching(
                new ClientListerWatchers(client),
                ReflectorSettings.defaults(),
                new CompositeMeterRegistry(),
                OBJECT_SYNC_TIMEOUT);
    }

    @Bean
    VolumeManager volumeManager(
            KubeletProperties kubelet, SharedInformerFactory informers, KubeClient client, PodObjects objects) {
        ClientClaims claims = new ClientClaims(client, CLAIM_GET_TIMEOUT);
        return new VolumeManager(
                new VolumeLayout(kubelet.rootDir()),
                new ListerVolumeSources(environmentSources(kubelet, informers, objects), claims::claim, claims::volume),
                new SystemMounter(),
                new ServiceAccountTokens(new ClientTokenIssuer(client, TOKEN_REQUEST_TIMEOUT), Clock.systemUTC()),
                Clock.systemUTC());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    VolumeRefresher volumeRefresher(VolumeManager volumes, PodEnvironmentProperties properties) {
        return new VolumeRefresher(volumes, properties.volumeRefreshPeriod());
    }

    @Bean
    ContainerEnvironment kubernetesContainerEnvironment(
            KubeletProperties kubelet,
            PodEnvironmentProperties properties,
            SharedInformerFactory informers,
            PodObjects objects,
            VolumeManager volumes,
            EventRecorder kubeletEventRecorder) {
        return new KubernetesContainerEnvironment(
                new EnvironmentVariables(environmentSources(kubelet, informers, objects)),
                volumes,
                new EtcHostsFile(volumes.layout(), properties.nodeHostsFile()),
                new PodDns(new PodDns.Settings(
                        properties.clusterDns(),
                        properties.clusterDomain(),
                        properties.resolvConf(),
                        kubelet.hostIps())),
                properties.clusterDomain(),
                (pod, warning) ->
                        kubeletEventRecorder.event(pod, EventType.WARNING, warning.reason(), "%s", warning.message()));
    }

    private static ListerEnvironmentSources environmentSources(
            KubeletProperties kubelet, SharedInformerFactory informers, PodObjects objects) {
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<Node> node = informers.informerFor(
                Node.class, "", ListOptions.all().withFieldSelector("metadata.name=" + kubelet.nodeName()));
        return new ListerEnvironmentSources(
                objects::configMap,
                objects::secret,
                services.lister(),
                services::hasSynced,
                () -> node.lister().get(kubelet.nodeName()));
    }
}
