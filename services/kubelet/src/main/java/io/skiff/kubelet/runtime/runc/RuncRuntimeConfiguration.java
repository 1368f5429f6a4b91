package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.image.ImageStore;
import io.skiff.kubelet.image.OciImageService;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The runc runtime as the kubelet's {@link io.skiff.kubelet.cri.RuntimeService}, chosen with
 * {@code skiff.kubelet.runtime=runc}, with the OCI image service and its store, whose layers and
 * image configs give the containers their root file systems. Closing the context kills the containers and tears the sandboxes
 * down, as they cannot outlive the kubelet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "skiff.kubelet.runtime", havingValue = "runc")
@EnableConfigurationProperties(RuncProperties.class)
class RuncRuntimeConfiguration {

    /** How long one registry request may take before the pull fails (a stalled download fails sooner). */
    private static final Duration REGISTRY_REQUEST_TIMEOUT = Duration.ofMinutes(1);

    @Bean(destroyMethod = "close")
    RuncRuntime runcRuntime(RuncProperties properties, RootfsSource images) {
        return new RuncRuntime(properties, images);
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
}
