package io.skiff.bench.http;

import java.net.http.HttpClient;
import java.time.Duration;

/** The one way this module builds HTTP clients. */
public final class HttpClients {

    private HttpClients() {}

    /**
     * HTTP/1.1 so each in-flight request holds its own connection, as a Kubernetes client pool does;
     * the number of connections is then bounded by the concurrency of the caller. No proxy, so
     * loopback traffic can never be routed elsewhere by JVM proxy settings.
     */
    public static HttpClient loopbackHttp11() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
