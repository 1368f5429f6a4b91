package io.skiff.scheduler.it;

import io.skiff.component.boot.ComponentApplication;
import io.skiff.scheduler.SchedulerApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** A real scheduler application in this JVM, against a real API server, for integration tests. */
final class SchedulerProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SchedulerProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** A scheduler with short leader-election timings, so tests see hand-overs in seconds. */
    static SchedulerProcess start(String apiServer, String... extraProperties) {
        List<String> args = new ArrayList<>(List.of(
                "--skiff.apiserver.urls=" + apiServer,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--skiff.leader-election.lease-duration=3s",
                "--skiff.leader-election.renew-deadline=2s",
                "--skiff.leader-election.retry-period=500ms"));
        args.addAll(List.of(extraProperties));
        return new SchedulerProcess(ComponentApplication.builder(SchedulerApplication.class, "scheduler")
                .run(args.toArray(String[]::new)));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
