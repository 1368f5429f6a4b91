package io.skiff.kubelet.testing;

import io.skiff.component.boot.ComponentApplication;
import io.skiff.kubelet.KubeletApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** A kubelet started in this JVM on free ports, for integration tests; its pods are host processes. */
public final class KubeletInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private KubeletInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * A kubelet for {@code nodeName} on the API server at {@code apiServerUrl}, its state under
     * {@code rootDir}, at 127.0.0.1.
     */
    public static KubeletInstance start(String apiServerUrl, String nodeName, Path rootDir, String... extraProperties) {
        List<String> args = new ArrayList<>(List.of(
                "--skiff.apiserver.urls=" + apiServerUrl,
                "--skiff.kubelet.node-name=" + nodeName,
                "--skiff.kubelet.root-dir=" + rootDir,
                "--skiff.kubelet.address=127.0.0.1",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.port=0",
                "--management.server.address=127.0.0.1"));
        args.addAll(List.of(extraProperties));
        return new KubeletInstance(ComponentApplication.builder(KubeletApplication.class, "kubelet")
                .run(args.toArray(String[]::new)));
    }

    /** The port of its API (exec, container logs). */
    public int serverPort() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** The port of its actuator endpoints (/actuator/health, /actuator/prometheus). */
    public int managementPort() {
        return context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
