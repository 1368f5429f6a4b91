package io.skiff.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's files as the distribution tests read them: Dockerfiles, the Helm chart and each
 * service's own configuration, found from the module directory Maven runs the tests in.
 */
final class SourceTree {

    private SourceTree() {}

    /** The repository root: the nearest directory above the working directory holding mvnw and helm/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("helm"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root (mvnw and helm/) above " + dir);
    }

    static Path chart() {
        return root().resolve("helm/skiff");
    }

    static Path dockerfile(String service) {
        return root().resolve("docker").resolve(service).resolve("Dockerfile");
    }

    static Path module(String service) {
        return root().resolve("services").resolve(service);
    }

    /**
     * A service's own Spring configuration: {@code <name>.yaml} for the components (their
     * spring.config.name), application.yaml for the API server.
     */
    static Map<String, Object> serviceConfiguration(String service) {
        Path resources = module(service).resolve("src/main/resources");
        Path file = resources.resolve(service + ".yaml");
        if (!Files.exists(file)) {
            file = resources.resolve("application.yaml");
        }
        return yaml(file);
    }

    /** The ports a service serves on by its own configuration: server.port and management.server.port. */
    static java.util.Set<Integer> configuredPorts(String service) {
        Map<String, Object> config = serviceConfiguration(service);
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        Object serverPort = path(config, "server", "port");
        if (serverPort != null) {
            ports.add(((Number) serverPort).intValue());
        }
        Object managementPort = path(config, "management", "server", "port");
        if (managementPort != null) {
            ports.add(((Number) managementPort).intValue());
        }
        return ports;
    }

    /** The port a service's actuator answers on: management.server.port, else server.port. */
    static int actuatorPort(String service) {
        Map<String, Object> config = serviceConfiguration(service);
        Object managementPort = path(config, "management", "server", "port");
        Object port = managementPort != null ? managementPort : path(config, "server", "port");
        return ((Number) port).intValue();
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = ((Map<String, Object>) m).get(key);
        }
        return current;
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
