package io.skiff.proxy.healthcheck;

/**
 * One answer of a Service's health check node port, as kube-proxy writes it: 200 when the node has
 * local ready endpoints and the proxy is healthy, else 503, and a tab-indented JSON body naming
 * the Service, its local endpoint count and the proxy's health.
 *
 * @param status the HTTP status
 * @param body the JSON body
 */
record HealthCheckAnswer(int status, String body) {

    static HealthCheckAnswer of(String service, int localEndpoints, boolean proxyHealthy) {
        int slash = service.indexOf('/');
        String namespace = service.substring(0, slash);
        String name = service.substring(slash + 1);
        String body = "{\n"
                + "\t\"service\": {\n"
                + "\t\t\"namespace\": " + quote(namespace) + ",\n"
                + "\t\t\"name\": " + quote(name) + "\n"
                + "\t},\n"
                + "\t\"localEndpoints\": " + localEndpoints + ",\n"
                + "\t\"serviceProxyHealthy\": " + proxyHealthy + "\n"
                + "}";
        return new HealthCheckAnswer(localEndpoints != 0 && proxyHealthy ? 200 : 503, body);
    }

    /** A JSON string; namespace and Service names are DNS labels, so nothing needs escaping. */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
