package io.skiff.kubelet.node;

import io.skiff.component.client.KubeClient;
import io.skiff.component.events.EventRecorder;
import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.config.KubeletProperties;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node agent, on the machine this kubelet runs on. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
class NodeConfiguration {

    /** The kubelet's port when it serves none (no web server in the context). */
    private static final int DEFAULT_KUBELET_PORT = 10250;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    MachineInfo machineInfo() {
        return MachineInfo.read();
    }

    @Bean
    NodeAgent nodeAgent(
            KubeletProperties properties,
            KubeClient client,
            MachineInfo machine,
            RuntimeService runtime,
            ImageService images,
            EventRecorder kubeletEventRecorder,
            ApplicationContext context) {
        Clock clock = Clock.systemUTC();
        NodeStatusSetters setters = new NodeStatusSetters(
                properties,
                machine,
                NodeSignals.of(properties.rootDir()),
                runtime,
                images,
                () -> context instanceof WebServerApplicationContext web && web.getWebServer() != null
                        ? web.getWebServer().getPort()
                        : DEFAULT_KUBELET_PORT,
                clock);
        return new NodeAgent(
                properties.nodeName(),
                new ClientNodeApi(client, CALL_TIMEOUT),
                setters,
                properties.nodeLeaseDuration(),
                properties.nodeStatusUpdateFrequency(),
                properties.nodeStatusReportFrequency(),
                kubeletEventRecorder,
                clock);
    }
}
