package io.skiff.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application contexts of a running {@code skiff server}: the API server first, then each
 * component, every one its own Spring Boot application talking to the others only through the API
 * server. Closing stops them in reverse order, the API server last.
 */
final class RunningServer implements AutoCloseable {

    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();

    void add(String name, ConfigurableApplicationContext context) {
        contexts.put(name, context);
    }

    ConfigurableApplicationContext apiServer() {
        return contexts.get(ServerComponents.API_SERVER);
    }

    Optional<ConfigurableApplicationContext> component(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts.values());
        Collections.reverse(reversed);
        for (ConfigurableApplicationContext context : reversed) {
            context.close();
        }
    }
}
