package io.skiff.ingress.app;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ingress controller's settings ({@code skiff.ingress.*}).
 *
 * @param address the address both listeners bind
 * @param httpPort the plain HTTP port; 0 picks a free one (tests)
 * @param httpsPort the TLS port; 0 picks a free one (tests)
 * @param controller the spec.controller of the IngressClasses served
 * @param ensureDefaultClass whether the IngressClass {@code skiff} (default class) is created on
 *     start when missing; an existing one is left as it is
 * @param nodeName the node this controller runs on, whose ExternalIP (else InternalIP) is published
 *     in the served Ingresses' status.loadBalancer
 * @param publishAddresses addresses (IPs or host names) to publish instead of the node's
 * @param nodeNetworkNamespace the network namespace the node's pod network lives in ({@code
 *     /run/netns/NAME} or a name), when it is not this process's: connections to pods open there
 * @param listenInNodeNetwork whether the listeners open in that namespace too
 * @param connectTimeout how long connecting to an endpoint may take (ingress-nginx: 5 s)
 * @param readTimeout how long an upstream may take to answer (ingress-nginx: 60 s)
 * @param shutdownGrace how long requests in flight may finish on shutdown
 * @param syncWait how long to wait for the caches before serving anyway
 */
@ConfigurationProperties("skiff.ingress")
public record IngressProperties(
        @DefaultValue("0.0.0.0") String address,
        @DefaultValue("80") int httpPort,
        @DefaultValue("443") int httpsPort,
        @DefaultValue("skiff.io/ingress-controller") String controller,
        @DefaultValue("true") boolean ensureDefaultClass,
        String nodeName,
        List<String> publishAddresses,
        String nodeNetworkNamespace,
        @DefaultValue("false") boolean listenInNodeNetwork,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("10s") Duration syncWait) {

    public IngressProperties {
        publishAddresses = publishAddresses == null
                ? List.of()
                : publishAddresses.stream()
                        .map(String::trim)
                        .filter(text -> !text.isEmpty())
                        .toList();
        nodeName = blankToNull(nodeName);
        nodeNetworkNamespace = blankToNull(nodeNetworkNamespace);
        checkPort("skiff.ingress.http-port", httpPort);
        checkPort("skiff.ingress.https-port", httpsPort);
        if (listenInNodeNetwork && nodeNetworkNamespace == null) {
            throw new IllegalArgumentException(
                    "skiff.ingress.listen-in-node-network needs skiff.ingress.node-network-namespace");
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be in [0, 65535]: " + port);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
