package io.skiff.ingress.routing;

/** One host and path of an Ingress rule, and its backend. */
public record Route(HostPattern host, PathRule path, Backend backend) {}
