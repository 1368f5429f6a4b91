package io.skiff.launcher;

import io.skiff.apiserver.ApiServerApplication;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skiff server}: the whole control plane on this machine. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a Skiff cluster on this machine: the API server on an embedded PostgreSQL kept under the data",
            "directory (or on an external PostgreSQL), and writes a kubeconfig for kubectl.",
            "",
            "Node components (scheduler, controllers, kubelet, proxy, DNS) join in later releases."
        })
final class ServerCommand implements Callable<Integer> {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where Skiff keeps its data and writes kubeconfig.yaml (default: $SKIFF_DATA_DIR or ~/.skiff).")
    private Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "6443",
            description = "API server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(
            names = "--bind-address",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address the API server listens on (default: ${DEFAULT-VALUE}).")
    private String bindAddress;

    @Option(
            names = "--management-port",
            paramLabel = "PORT",
            defaultValue = "6444",
            description = "Actuator port for health and Prometheus metrics (default: ${DEFAULT-VALUE}).")
    private int managementPort;

    @Option(
            names = "--datastore-endpoint",
            paramLabel = "URL",
            description =
                    "External PostgreSQL, e.g. postgres://user:pass@host:5432/skiff (default: embedded PostgreSQL).")
    private String datastoreEndpoint;

    @Override
    public Integer call() throws Exception {
        ConfigurableApplicationContext context = start();

        CountDownLatch stopped = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(context::close, "skiff-shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts the cluster, writes the kubeconfig and says what to do next; returns the running context. */
    ConfigurableApplicationContext start() throws Exception {
        Path dir = DataDirectory.resolve(dataDir);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("skiff.datastore.data-dir", dir.toString());
        if (datastoreEndpoint != null) {
            properties.put("skiff.datastore.url", datastoreEndpoint);
        }
        properties.put("server.port", port);
        properties.put("server.address", bindAddress);
        properties.put("management.server.port", managementPort);
        properties.put("management.server.address", bindAddress);

        long start = System.nanoTime();
        // As arguments, so they override the service's application.yaml (builder properties would not).
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ApiServerApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(args);
        String server = "http://" + (bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress) + ":" + port;
        Path kubeconfig = Kubeconfig.write(dir, server);
        System.out.printf(
                "%nSkiff is up in %.1f s: API server %s, data in %s%n%n  export KUBECONFIG=%s%n  kubectl get namespaces%n%n",
                (System.nanoTime() - start) / 1e9, server, dir, kubeconfig, kubeconfig);

        return context;
    }
}
