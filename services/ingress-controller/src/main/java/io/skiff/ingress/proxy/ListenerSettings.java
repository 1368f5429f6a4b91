package io.skiff.ingress.proxy;

import io.skiff.component.netns.NetworkNamespace;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the proxy listens and connects.
 *
 * @param address the listen address
 * @param httpPort the plain HTTP port; 0 picks a free one
 * @param httpsPort the TLS port; 0 picks a free one
 * @param listenIn the network namespace the listeners open in; empty: this process's
 * @param upstreamsIn the network namespace upstream connections open in; empty: this process's
 * @param connectTimeout how long connecting to an endpoint may take (nginx's proxy_connect_timeout)
 * @param readTimeout how long an upstream may take to answer (proxy_read_timeout)
 * @param shutdownGrace how long requests in flight may finish when the listeners close
 */
public record ListenerSettings(
        String address,
        int httpPort,
        int httpsPort,
        Optional<NetworkNamespace> listenIn,
        Optional<NetworkNamespace> upstreamsIn,
        Duration connectTimeout,
        Duration readTimeout,
        Duration shutdownGrace) {}
