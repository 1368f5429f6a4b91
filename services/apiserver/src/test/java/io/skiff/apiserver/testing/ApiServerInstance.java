package io.skiff.apiserver.testing;

import io.skiff.apiserver.ApiServerApplication;
import io.skiff.apiserver.pki.CertificateFiles;
import io.skiff.apiserver.pki.ClusterPki;
import io.skiff.apiserver.pki.ServingNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A real API server, started in this JVM on free ports, for integration tests. */
public final class ApiServerInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ApiServerInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** An API server on the given database (several may share one). */
    public static ApiServerInstance onDatabase(String jdbcUrl, String... extraProperties) {
        List<String> args = new ArrayList<>(
                List.of("--skiff.datastore.url=" + jdbcUrl, "--skiff.datastore.username=" + TestPostgres.username()));
        args.addAll(List.of(extraProperties));
        return start(args);
    }

    /**
     * An API server on the given database serving HTTPS with a serving certificate from {@code pki}
     * (for localhost and 127.0.0.1), asking for (not requiring) client certificates from its CA;
     * {@link #httpsUrl()} reaches it.
     */
    public static ApiServerInstance overTls(String jdbcUrl, ClusterPki pki, String... extraProperties) {
        CertificateFiles serving =
                pki.serving(ServingNames.forApiServer("cluster.local", "10.96.0.1", "test-host", List.of()));
        List<String> properties = new ArrayList<>(List.of(
                "--server.ssl.certificate=" + serving.certificate(),
                "--server.ssl.certificate-private-key=" + serving.privateKey(),
                "--server.ssl.trust-certificate=" + pki.caCertificate(),
                "--server.ssl.client-auth=want"));
        properties.addAll(List.of(extraProperties));
        return onDatabase(jdbcUrl, properties.toArray(String[]::new));
    }

    /** An API server on its own embedded PostgreSQL kept under {@code dataDir}. */
    public static ApiServerInstance embedded(Path dataDir) {
        return start(new ArrayList<>(List.of("--skiff.datastore.data-dir=" + dataDir)));
    }

    private static ApiServerInstance start(List<String> args) {
        args.add("--server.port=0");
        args.add("--server.address=127.0.0.1");
        args.add("--management.server.port=0");
        args.add("--management.server.address=127.0.0.1");
        args.add("--spring.main.banner-mode=off");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ApiServerApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(args.toArray(String[]::new));
        return new ApiServerInstance(context);
    }

    /** The serving URL over HTTPS, for a server started {@link #overTls}. */
    public String httpsUrl() {
        return baseUrl().replace("http://", "https://");
    }

    public String baseUrl() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return "http://127.0.0.1:" + port;
    }

    /** The management server (actuator health, metrics). */
    public String managementUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port");
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
