package io.skiff.kubelet.network;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One hostPort, in the shape the {@code portMappings} capability passes to the portmap plugin.
 *
 * @param protocol lower case: tcp, udp or sctp
 * @param hostIP the host address to bind; null for all
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostPortMapping(int hostPort, int containerPort, String protocol, String hostIP) {}
