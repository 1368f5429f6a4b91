package io.skiff.proxy.servicemap;

/**
 * One endpoint of a service port, from an EndpointSlice: its address and the slice's conditions
 * (a missing ready or serving condition counts as true, a missing terminating as false, as
 * kube-proxy reads them).
 */
public record Endpoint(String ip, int port, boolean ready, boolean serving, boolean terminating, String nodeName) {

    /** {@code ip:port}, the DNAT target and part of the endpoint chain's name. */
    public String hostPort() {
        return ip + ":" + port;
    }
}
