package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventRecorder;
import io.skiff.scheduler.framework.ProfileConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event recorder per profile, by scheduler name: each profile reports as its own component
 * (the events' source), as kube-scheduler's profiles do.
 */
final class ProfileRecorders {

    private final Map<String, EventRecorder> recorders;

    ProfileRecorders(Map<String, EventRecorder> recorders) {
        if (recorders.isEmpty()) {
            throw new IllegalArgumentException("at least one profile's recorder is needed");
        }
        this.recorders = Collections.unmodifiableMap(new LinkedHashMap<>(recorders));
    }

    /** The recorder of the profile that schedules {@code pod} (the first profile's, if none does). */
    EventRecorder forPod(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        EventRecorder recorder =
                recorders.get(name == null || name.isEmpty() ? ProfileConfig.DEFAULT_SCHEDULER_NAME : name);
        return recorder != null ? recorder : recorders.values().iterator().next();
    }
}
