package io.skiff.scheduler.app;

import io.skiff.scheduler.framework.runtime.FrameworkRunner;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The frameworks of the configured profiles, by scheduler name, closed with the context. */
record SchedulerProfiles(Map<String, FrameworkRunner> frameworks) implements AutoCloseable {

    SchedulerProfiles {
        // In configuration order: the first profile reports events about pods it cannot place.
        frameworks = Collections.unmodifiableMap(new LinkedHashMap<>(frameworks));
    }

    @Override
    public void close() {
        frameworks.values().forEach(FrameworkRunner::close);
    }
}
