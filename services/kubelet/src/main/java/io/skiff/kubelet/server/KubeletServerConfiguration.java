package io.skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.cri.RuntimeService;
import io.skiff.kubelet.status.PodStatusManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The kubelet's HTTP API on its server port (10250): container logs, over the runtime's
 * RuntimeService and the pod statuses the kubelet computed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
public class KubeletServerConfiguration {

    /** How often a follower looks for new entries in a log file. */
    static final Duration FOLLOW_POLL_INTERVAL = Duration.ofMillis(150);

    @Bean
    RouterFunction<ServerResponse> kubeletServerRoutes(RuntimeService runtime, PodStatusManager podStatuses) {
        return routes(runtime, podStatuses::podStatus);
    }

    /**
     * The kubelet API's routes over a runtime and the pod statuses the kubelet computed, by UID
     * (also for hosting them outside a kubelet context).
     */
    public static RouterFunction<ServerResponse> routes(
            RuntimeService runtime, Function<String, Optional<PodStatus>> podStatuses) {
        return routes(runtime, podStatuses, Clock.systemUTC(), FOLLOW_POLL_INTERVAL);
    }

    static RouterFunction<ServerResponse> routes(
            RuntimeService runtime,
            Function<String, Optional<PodStatus>> podStatuses,
            Clock clock,
            Duration pollInterval) {
        ContainerLogsHandler logs =
                new ContainerLogsHandler(new ContainerLogLocator(runtime, podStatuses), clock, pollInterval);
        return RouterFunctions.route()
                .GET("/containerLogs/{namespace}/{pod}/{container}", logs::handle)
                .build();
    }
}
