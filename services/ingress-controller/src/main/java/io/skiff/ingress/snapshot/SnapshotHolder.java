package io.skiff.ingress.snapshot;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current snapshot. Requests read it once when they arrive; a rebuild swaps in a new one
 * atomically, so a reload never touches a request in flight.
 */
public final class SnapshotHolder {

    private final AtomicReference<ProxySnapshot> current = new AtomicReference<>(ProxySnapshot.EMPTY);

    public ProxySnapshot current() {
        return current.get();
    }

    public void swap(ProxySnapshot snapshot) {
        current.set(snapshot);
    }
}
