package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers' changes on their way into the {@link OwnerGraph} (Kubernetes' graphChanges queue):
 * handlers only queue a snapshot, and one thread applies them in order, so changes from every
 * informer reach the graph one at a time.
 */
final class GraphChanges {

    private static final Logger log = LoggerFactory.getLogger(GraphChanges.class);

    private record Change(ObjectSnapshot object, boolean deleted) {}

    private final OwnerGraph graph;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private Thread thread;

    GraphChanges(OwnerGraph graph) {
        this.graph = graph;
    }

    /** The handler that feeds one informer's changes in. */
    <T extends HasMetadata> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                changes.add(new Change(ObjectSnapshot.of(object), false));
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                changes.add(new Change(ObjectSnapshot.of(newObject), false));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changes.add(new Change(ObjectSnapshot.of(object), true));
            }
        };
    }

    synchronized void start() {
        thread = new Thread(this::run, "garbage-collector-graph");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop(Duration timeout) throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(timeout.toMillis());
            thread = null;
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Change change = changes.take();
                try {
                    if (change.deleted()) {
                        graph.observeDeletion(change.object());
                    } else {
                        graph.observe(change.object());
                    }
                } catch (RuntimeException e) {
                    log.error(
                            "garbage collector: could not apply the change of {}",
                            change.object().identity(),
                            e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
