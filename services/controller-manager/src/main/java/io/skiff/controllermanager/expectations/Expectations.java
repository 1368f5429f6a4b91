package io.skiff.controllermanager.expectations;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The creations and deletions a controller has issued for each of its objects and not yet seen in
 * its pod informer, as client-go's UIDTrackingControllerExpectations: while any are outstanding the
 * controller does not act on its (stale) cache again, or it would create or delete pods twice.
 * Expectations that were never observed lapse after {@link #TTL}, so a lost watch event cannot
 * wedge an object forever.
 */
public final class Expectations {

    /** client-go's ExpectationsTimeout. */
    public static final Duration TTL = Duration.ofMinutes(5);

    private final Map<String, Expectation> expectations = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public Expectations(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public Expectations() {
        this(System::nanoTime);
    }

    /**
     * Whether the controller may sync {@code key} from its cache: nothing outstanding, nothing ever
     * expected (a new controller or object), or outstanding expectations that have lapsed.
     */
    public boolean satisfied(String key) {
        Expectation expectation = expectations.get(key);
        if (expectation == null) {
            return true;
        }
        synchronized (expectation) {
            return expectation.fulfilled() || nanoTime.getAsLong() - expectation.setAt > TTL.toNanos();
        }
    }

    /** Expects {@code count} pod creations for {@code key}, replacing what was expected before. */
    public void expectCreations(String key, int count) {
        expect(key, count, Set.of());
    }

    /** Expects the deletion of these pods (by namespace/name key), replacing what was expected before. */
    public void expectDeletions(String key, Set<String> podKeys) {
        expect(key, 0, podKeys);
    }

    /**
     * Expects {@code creations} pod creations and the deletion of these pods at once (a DaemonSet
     * does both in one sync), replacing what was expected before.
     */
    public void expect(String key, int creations, Set<String> podKeys) {
        expectations.put(key, new Expectation(creations, podKeys.size(), podKeys, nanoTime.getAsLong()));
    }

    /** A pod of {@code key} showed up in the informer, or a create failed and will not show up. */
    public void creationObserved(String key) {
        Expectation expectation = expectations.get(key);
        if (expectation != null) {
            synchronized (expectation) {
                expectation.adds--;
            }
        }
    }

    /**
     * Pod {@code podKey} of {@code key} is gone from the informer (or its delete failed). Only the
     * deletions this controller asked for count: another actor deleting a pod does not satisfy them.
     */
    public void deletionObserved(String key, String podKey) {
        Expectation expectation = expectations.get(key);
        if (expectation != null) {
            synchronized (expectation) {
                if (expectation.pendingDeletions.remove(podKey)) {
                    expectation.deletes--;
                }
            }
        }
    }

    /** Forgets {@code key}: its object was deleted. */
    public void forget(String key) {
        expectations.remove(key);
    }

    private static final class Expectation {
        private int adds;
        private int deletes;
        private final Set<String> pendingDeletions;
        private final long setAt;

        Expectation(int adds, int deletes, Set<String> pendingDeletions, long setAt) {
            this.adds = adds;
            this.deletes = deletes;
            this.pendingDeletions = new HashSet<>(pendingDeletions);
            this.setAt = setAt;
        }

        boolean fulfilled() {
            return adds <= 0 && deletes <= 0;
        }
    }
}
