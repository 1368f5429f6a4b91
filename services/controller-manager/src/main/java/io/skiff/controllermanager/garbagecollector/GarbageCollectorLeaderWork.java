package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.informer.EventHandlerRegistration;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.component.workqueue.RateLimiters;
import io.skiff.component.workqueue.WorkQueue;
import io.skiff.model.catalog.ResourceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector while this controller manager leads. Each term builds a fresh graph from
 * the (shared, always running) informers, fresh rate-limited queues (attemptToDelete,
 * attemptToOrphan, as Kubernetes names them) and their workers, which start once the caches have
 * synced; losing the lease tears it all down.
 */
final class GarbageCollectorLeaderWork implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollectorLeaderWork.class);
    private static final Duration SYNC_CHECK = Duration.ofSeconds(1);

    private final SharedInformerFactory informerFactory;
    private final List<SharedIndexInformer<?>> informers;
    private final ClusterObjects cluster;
    private final ResourceCatalog catalog;
    private final EventRecorder events;
    private final GarbageCollectorProperties properties;
    private final MeterRegistry meters;
    private Term term;

    GarbageCollectorLeaderWork(
            SharedInformerFactory informerFactory,
            List<SharedIndexInformer<?>> informers,
            ClusterObjects cluster,
            ResourceCatalog catalog,
            EventRecorder events,
            GarbageCollectorProperties properties,
            MeterRegistry meters) {
        this.informerFactory = informerFactory;
        this.informers = List.copyOf(informers);
        this.cluster = cluster;
        this.catalog = catalog;
        this.events = events;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (term == null) {
            term = new Term();
            term.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (term != null) {
            term.stop();
            term = null;
        }
    }

    /** Everything one period of leadership builds. */
    private final class Term {

        private final WorkQueue<String> deleteQueue = queue("garbage_collector_attempt_to_delete");
        private final WorkQueue<String> orphanQueue = queue("garbage_collector_attempt_to_orphan");
        private final GraphWork work = new GraphWork() {
            @Override
            public void attemptToDelete(String uid) {
                deleteQueue.add(uid);
            }

            @Override
            public void attemptToOrphan(String uid) {
                orphanQueue.add(uid);
            }
        };
        private final OwnerGraph graph = new OwnerGraph(catalog, work);
        private final GarbageCollector collector = new GarbageCollector(
                graph, cluster, catalog, new AbsentOwnerCache(properties.absentOwnerCacheSize()), events, work);
        private final GraphChanges changes = new GraphChanges(graph);
        private final ControllerRunner<String> deleters = new ControllerRunner<>(
                "garbage-collector-delete", deleteQueue, collector::attemptToDelete, properties.workers());
        private final ControllerRunner<String> orphaners = new ControllerRunner<>(
                "garbage-collector-orphan", orphanQueue, collector::attemptToOrphan, properties.workers());
        private final List<Registration> registrations = new ArrayList<>();
        private volatile boolean stopping;
        private Thread starter;

        void start() {
            changes.start();
            for (SharedIndexInformer<?> informer : informers) {
                registrations.add(Registration.of(informer, changes));
            }
            starter = new Thread(this::startWorkersOnceSynced, "garbage-collector-start");
            starter.setDaemon(true);
            starter.start();
        }

        private void startWorkersOnceSynced() {
            while (!stopping && !informerFactory.waitForCacheSync(SYNC_CHECK)) {
                log.info("garbage collector: waiting for the caches of the monitored resources to sync");
            }
            synchronized (this) {
                if (!stopping) {
                    deleters.start();
                    orphaners.start();
                    log.info("garbage collector: leading; {} objects in the graph", graph.size());
                }
            }
        }

        void stop() {
            synchronized (this) {
                stopping = true;
            }
            registrations.forEach(Registration::remove);
            try {
                starter.join(SYNC_CHECK.multipliedBy(2).toMillis());
                deleters.stop(properties.stopTimeout());
                orphaners.stop(properties.stopTimeout());
                changes.stop(properties.stopTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("garbage collector: stopped");
        }
    }

    private record Registration(SharedIndexInformer<?> informer, EventHandlerRegistration handle) {

        static <T extends HasMetadata> Registration of(SharedIndexInformer<T> informer, GraphChanges changes) {
            return new Registration(informer, informer.addEventHandler(changes.handler()));
        }

        void remove() {
            informer.removeEventHandler(handle);
        }
    }

    private WorkQueue<String> queue(String name) {
        return WorkQueue.<String>builder(name)
                .rateLimiter(RateLimiters.defaultControllerRateLimiter())
                .meterRegistry(meters)
                .build();
    }
}
