package io.skiff.ingress.snapshot;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the snapshot on one thread whenever the caches change, coalescing bursts: changes that
 * arrive while a rebuild is pending are covered by it (the rebuild reads the caches when it runs),
 * so event handlers only flag and never do the work themselves.
 */
public final class SnapshotRebuilder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotRebuilder.class);

    private final ClusterView view;
    private final SnapshotBuilder builder;
    private final SnapshotHolder holder;
    private final List<Consumer<ProxySnapshot>> listeners;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread rebuild = new Thread(runnable, "ingress-rebuild");
        rebuild.setDaemon(true);
        return rebuild;
    });

    /** @param listeners told of each new snapshot, on the rebuild thread, after it is swapped in */
    public SnapshotRebuilder(
            ClusterView view, SnapshotBuilder builder, SnapshotHolder holder, List<Consumer<ProxySnapshot>> listeners) {
        this.view = view;
        this.builder = builder;
        this.holder = holder;
        this.listeners = List.copyOf(listeners);
    }

    /** Something changed: rebuild soon. */
    public void changed() {
        if (pending.compareAndSet(false, true)) {
            thread.execute(this::rebuild);
        }
    }

    private void rebuild() {
        pending.set(false);
        try {
            ProxySnapshot snapshot = builder.build(view);
            holder.swap(snapshot);
            log.debug(
                    "routing snapshot {}: {} routes, {} ingresses",
                    snapshot.generation(),
                    snapshot.table().size(),
                    snapshot.served().size());
            for (Consumer<ProxySnapshot> listener : listeners) {
                listener.accept(snapshot);
            }
        } catch (RuntimeException e) {
            log.error("cannot rebuild the routing snapshot; serving the previous one", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
