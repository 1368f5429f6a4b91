package io.skiff.controllermanager.testing;

import io.skiff.component.boot.ComponentApplication;
import io.skiff.controllermanager.ControllerManagerApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** The real controller manager application in this JVM, against a real API server, for integration tests. */
public final class ControllerManagerProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ControllerManagerProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * A controller manager with short leader-election timings, so tests see it lead in a moment, and
     * {@code extraArguments} (e.g. {@code --skiff.controllers.node-lifecycle.node-monitor-grace-period=3s}).
     */
    public static ControllerManagerProcess start(String apiServer, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--skiff.apiserver.urls=" + apiServer,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--skiff.leader-election.lease-duration=3s",
                "--skiff.leader-election.renew-deadline=2s",
                "--skiff.leader-election.retry-period=500ms"));
        arguments.addAll(List.of(extraArguments));
        return new ControllerManagerProcess(
                ComponentApplication.builder(ControllerManagerApplication.class, "controller-manager")
                        .run(arguments.toArray(String[]::new)));
    }

    @Override
    public void close() {
        context.close();
    }
}
