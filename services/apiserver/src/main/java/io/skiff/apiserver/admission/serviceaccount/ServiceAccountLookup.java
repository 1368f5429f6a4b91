package io.skiff.apiserver.admission.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Resources;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a ServiceAccount as the plugin's getServiceAccount does: from the watch cache, else by a
 * live read; the ServiceAccount "default", which the controller manager creates soon after its
 * namespace, is looked for up to ten times, 100 to 200 ms apart, so that a pod created right after
 * its namespace does not lose the race.
 */
final class ServiceAccountLookup {

    /** Live reads of the "default" ServiceAccount before giving up; others get one. */
    static final int DEFAULT_ATTEMPTS = 10;

    /** How the lookup waits between attempts. */
    interface Pause {
        void pause(Duration duration);
    }

    static final Pause SLEEP = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    private final AdmissionReads reads;
    private final Pause pause;

    ServiceAccountLookup(AdmissionReads reads, Pause pause) {
        this.reads = reads;
        this.pause = pause;
    }

    boolean isCached(String namespace, String name) {
        return reads.get(Resources.SERVICE_ACCOUNTS, namespace, name).isPresent();
    }

    Optional<ObjectNode> find(String namespace, String name) {
        Optional<ObjectNode> cached = reads.get(Resources.SERVICE_ACCOUNTS, namespace, name);
        if (cached.isPresent()) {
            return cached;
        }
        int attempts = name.equals(ServiceAccountAdmission.DEFAULT_SERVICE_ACCOUNT) ? DEFAULT_ATTEMPTS : 1;
        Duration interval = Duration.ofMillis(100 + ThreadLocalRandom.current().nextLong(100));
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pause.pause(interval);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            Optional<ObjectNode> live = reads.getLive(Resources.SERVICE_ACCOUNTS, namespace, name);
            if (live.isPresent()) {
                return live;
            }
        }
        return Optional.empty();
    }
}
