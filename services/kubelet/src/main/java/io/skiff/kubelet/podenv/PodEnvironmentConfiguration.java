package io.skiff.kubelet.podenv;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.container.ContainerEnvironment;
import io.skiff.kubelet.envvars.EnvironmentVariables;
import io.skiff.kubelet.envvars.ListerEnvironmentSources;
import io.skiff.kubelet.envvars.PodDns;
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
 * The pods' container environment and volumes, read from informers on ConfigMaps, Secrets,
 * Services, claims, volumes and this kubelet's Node. (Kubernetes' kubelet watches only the
 * ConfigMaps and Secrets its pods name; Skiff's watches them all until the node authorizer of the
 * security issue narrows what a kubelet may read.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
@EnableConfigurationProperties(PodEnvironmentProperties.class)
class PodEnvironmentConfiguration {

    private static final Duration TOKEN_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    VolumeManager volumeManager(KubeletProperties kubelet, SharedInformerFactory informers, KubeClient client) {
        return new VolumeManager(
                new VolumeLayout(kubelet.rootDir()),
                new ListerVolumeSources(
                        environmentSources(kubelet, informers),
                        informers.informerFor(PersistentVolumeClaim.class).lister(),
                        informers.informerFor(PersistentVolume.class).lister()),
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
            VolumeManager volumes,
            EventRecorder kubeletEventRecorder) {
        return new KubernetesContainerEnvironment(
                new EnvironmentVariables(environmentSources(kubelet, informers)),
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
            KubeletProperties kubelet, SharedInformerFactory informers) {
        SharedIndexInformer<Service> services = informers.informerFor(Service.class);
        SharedIndexInformer<Node> node = informers.informerFor(
                Node.class, "", ListOptions.all().withFieldSelector("metadata.name=" + kubelet.nodeName()));
        return new ListerEnvironmentSources(
                informers.informerFor(ConfigMap.class).lister(),
                informers.informerFor(Secret.class).lister(),
                services.lister(),
                services::hasSynced,
                () -> node.lister().get(kubelet.nodeName()));
    }
}
