package io.skiff.controllermanager.job;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods (by UID) whose tracking finalizer this controller removed but whose update the pod
 * informer has not shown yet, per Job (job_controller.go's finalizerExpectations). Until then the
 * cached pod still carries the finalizer, and counting it again would count it twice.
 */
final class FinalizerRemovals {

    private final Map<String, Set<String>> expected = new ConcurrentHashMap<>();

    void expect(String jobKey, Iterable<String> podUids) {
        Set<String> uids = expected.computeIfAbsent(jobKey, key -> ConcurrentHashMap.newKeySet());
        podUids.forEach(uids::add);
    }

    /** The pod's update without the finalizer (or its deletion) reached the informer, or the removal failed. */
    void observed(String jobKey, String podUid) {
        Set<String> uids = expected.get(jobKey);
        if (uids != null) {
            uids.remove(podUid);
        }
    }

    /** A snapshot of the UIDs still expected for {@code jobKey}. */
    Set<String> expectedUids(String jobKey) {
        Set<String> uids = expected.get(jobKey);
        return uids == null ? Set.of() : new HashSet<>(uids);
    }

    void forget(String jobKey) {
        expected.remove(jobKey);
    }
}
