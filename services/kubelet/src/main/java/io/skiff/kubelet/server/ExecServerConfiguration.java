package io.skiff.kubelet.server;

import io.skiff.kubelet.config.ConditionalOnContainerRuntime;
import io.skiff.kubelet.cri.RuntimeService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;

/**
 * The kubelet API's exec endpoint on its server port, which the API server's pods/exec relays to.
 * Hollow nodes run no processes, so they have none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnContainerRuntime
public class ExecServerConfiguration {

    @Bean
    RouterFunction<ServerResponse> kubeletExecRoutes(RuntimeService runtime) {
        return routes(runtime);
    }

    /** The exec route over a runtime (also for hosting it outside a kubelet context). */
    public static RouterFunction<ServerResponse> routes(RuntimeService runtime) {
        ExecHandler exec = new ExecHandler(runtime, new HandshakeWebSocketService());
        return RouterFunctions.route()
                .GET("/exec/{namespace}/{pod}/{container}", exec::handle)
                .build();
    }
}
