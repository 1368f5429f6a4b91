package io.skiff.kubelet;

import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventOrigin;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.runtime.ComponentRuntimeConfiguration;
import io.skiff.kubelet.config.KubeletProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What the kubelet's parts share: the API client and informers of a component, its settings, and
 * the recorder of its Events (source component "kubelet", host the node's name).
 */
@Configuration(proxyBeanMethods = false)
@Import(ComponentRuntimeConfiguration.class)
@EnableConfigurationProperties(KubeletProperties.class)
class KubeletConfiguration {

    @Bean
    EventRecorder kubeletEventRecorder(EventBroadcaster broadcaster, KubeletProperties properties) {
        return broadcaster.newRecorder(EventOrigin.of("kubelet", properties.nodeName()));
    }
}
