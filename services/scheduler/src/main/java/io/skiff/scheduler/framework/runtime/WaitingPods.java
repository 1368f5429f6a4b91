package io.skiff.scheduler.framework.runtime;

import io.skiff.scheduler.framework.WaitingPod;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The pods of one framework waiting at Permit, by UID. */
final class WaitingPods {

    private final Map<String, PermitWaitingPod> pods = new ConcurrentHashMap<>();

    void add(String uid, PermitWaitingPod pod) {
        pods.put(uid, pod);
    }

    Optional<PermitWaitingPod> get(String uid) {
        return Optional.ofNullable(pods.get(uid));
    }

    void remove(String uid) {
        pods.remove(uid);
    }

    void forEach(Consumer<WaitingPod> action) {
        pods.values().forEach(action);
    }
}
