package io.skiff.kubelet.server;

import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The kubelet's HTTP API on its server port (10250): container logs, over the runtime's RuntimeService. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
public class KubeletServerConfiguration {

    /** How often a follower looks for new entries in a log file. */
    static final Duration FOLLOW_POLL_INTERVAL = Duration.ofMillis(150);

    @Bean
    RouterFunction<ServerResponse> kubeletServerRoutes(RuntimeService runtime) {
        return routes(runtime);
    }

    /** The kubelet API's routes over a runtime (also for hosting them outside a kubelet context). */
    public static RouterFunction<ServerResponse> routes(RuntimeService runtime) {
        return routes(runtime, Clock.systemUTC(), FOLLOW_POLL_INTERVAL);
    }

    static RouterFunction<ServerResponse> routes(RuntimeService runtime, Clock clock, Duration pollInterval) {
        ContainerLogsHandler logs = new ContainerLogsHandler(new ContainerLogLocator(runtime), clock, pollInterval);
        return RouterFunctions.route()
                .GET("/containerLogs/{namespace}/{pod}/{container}", logs::handle)
                .build();
    }
}
