package io.skiff.kubelet.runtime;

import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.runtime.process.ProcessImageService;
import io.skiff.kubelet.runtime.process.ProcessRuntime;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code process} runtime ({@code skiff.kubelet.runtime=process}, the default in this build). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "skiff.kubelet.runtime", havingValue = "process", matchIfMissing = true)
class ProcessRuntimeConfiguration {

    @Bean(destroyMethod = "close")
    ProcessRuntime processRuntime(KubeletProperties properties) {
        return new ProcessRuntime(properties.rootDir().resolve("process-runtime"), properties.address());
    }

    @Bean
    ProcessImageService processImageService(KubeletProperties properties) {
        return new ProcessImageService(properties.rootDir());
    }
}
