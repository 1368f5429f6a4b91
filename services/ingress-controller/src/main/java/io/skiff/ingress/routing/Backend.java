package io.skiff.ingress.routing;

import java.util.Objects;

/**
 * Where a matched request goes: a Service port in the Ingress's namespace, named by number or by
 * name (IngressServiceBackend), and the Ingress that asked for it (for metrics and logs).
 */
public record Backend(String namespace, String ingress, String service, ServicePortRef port) {

    public Backend {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(port, "port");
    }

    /** The Service port the backend names, without the Ingress (what the upstreams depend on). */
    public ServiceTarget target() {
        return new ServiceTarget(namespace, service, port);
    }

    /** A Service port by number or by name: exactly one is set, as the API validates. */
    public record ServicePortRef(int number, String name) {

        public static ServicePortRef number(int number) {
            return new ServicePortRef(number, null);
        }

        public static ServicePortRef name(String name) {
            return new ServicePortRef(0, name);
        }

        public boolean byName() {
            return name != null;
        }

        @Override
        public String toString() {
            return byName() ? name : Integer.toString(number);
        }
    }

    /** A Service's port: the key of its upstream endpoints. */
    public record ServiceTarget(String namespace, String service, ServicePortRef port) {
        @Override
        public String toString() {
            return namespace + "/" + service + ":" + port;
        }
    }
}
