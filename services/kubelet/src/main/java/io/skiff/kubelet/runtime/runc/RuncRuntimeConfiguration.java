package io.skiff.kubelet.runtime.runc;

import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.kubelet.config.ImageGcProperties;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.image.ImageGarbageCollection;
import io.skiff.kubelet.image.ImageGarbageCollector;
import io.skiff.kubelet.image.ImageGcPolicy;
import io.skiff.kubelet.image.ImageStore;
import io.skiff.kubelet.image.OciImageService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.node.NodeReferences;
import io.skiff.kubelet.prober.ProbeNetwork;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The runc runtime as the kubelet's {@link io.skiff.kubelet.cri.RuntimeService}, chosen with
 * {@code skiff.kubelet.runtime=runc}, with the OCI image service and its store, whose layers and
 * image configs give the containers their root file systems, and the garbage collection of unused
 * images by disk usage. Closing the context kills the containers and tears the sandboxes down, as
 * they cannot outlive the kubelet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "skiff.kubelet.runtime", havingValue = "runc")
@EnableConfigurationProperties({RuncProperties.class, ImageGcProperties.class})
class RuncRuntimeConfiguration {

    /** How long one registry request may take before the pull fails (a stalled download fails sooner). */
    private static final Duration REGISTRY_REQUEST_TIMEOUT = Duration.ofMinutes(1);

    @Bean(destroyMethod = "close")
    RuncRuntime runcRuntime(RuncProperties properties, RootfsSource images) {
        return new RuncRuntime(properties, images);
    }

    /**
     * With the node's network in a namespace apart from the kubelet's, pod addresses are out of the
     * kubelet's reach: a probe's connection would leave by the kubelet's default route instead.
     */
    @Bean
    ProbeNetwork probeNetwork(RuncProperties properties) {
        return properties.nodeNetworkNamespace() == null
                ? ProbeNetwork.direct()
                : ProbeNetwork.unreachable("pods live in network namespace " + properties.nodeNetworkNamespace()
                        + " (skiff.kubelet.runc.node-network-namespace), which the kubelet's network does not"
                        + " reach; use exec probes");
    }

    /** Images pulled over the OCI distribution protocol into {@code <root-dir>/images}. */
    @Bean
    ImageStore imageStore(KubeletProperties kubelet) {
        return new ImageStore(kubelet.rootDir());
    }

    @Bean
    OciImageService ociImageService(ImageStore store) {
        return new OciImageService(store, REGISTRY_REQUEST_TIMEOUT);
    }

    @Bean
    RootfsSource imageStoreRootfs(ImageStore store) {
        return new ImageStoreRootfs(store);
    }

    /** Image garbage collection every five minutes; images of the runtime's containers, running or not, stay. */
    @Bean(initMethod = "start", destroyMethod = "close")
    ImageGarbageCollection imageGarbageCollection(
            OciImageService images,
            RuntimeService runtime,
            ImageGcProperties gc,
            KubeletProperties kubelet,
            EventRecorder kubeletEventRecorder,
            KubeletMetrics metrics) {
        ImageGcPolicy policy = new ImageGcPolicy(
                gc.imageGcHighThresholdPercent(),
                gc.imageGcLowThresholdPercent(),
                gc.imageMinimumGcAge(),
                gc.imageMaximumGcAge());
        ImageGarbageCollector collector = new ImageGarbageCollector(
                images,
                () -> runtime.listContainers(null).stream()
                        .map(ContainerStatus::image)
                        .collect(Collectors.toSet()),
                policy,
                Clock.systemUTC(),
                metrics);
        return new ImageGarbageCollection(
                collector,
                (reason, message) -> kubeletEventRecorder.event(
                        NodeReferences.of(kubelet.nodeName()), EventType.WARNING, reason, "%s", message),
                ImageGarbageCollection.IMAGE_GC_PERIOD);
    }
}
