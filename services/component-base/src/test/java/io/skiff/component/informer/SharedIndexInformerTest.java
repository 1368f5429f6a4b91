package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.configMap;
import static io.skiff.component.informer.TestObjects.pod;
import static io.skiff.component.informer.TestObjects.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SharedIndexInformerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ReflectorSettings FAST_BACKOFF =
            ReflectorSettings.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100), 0);

    private final InMemoryListerWatcher<ConfigMap> server = new InMemoryListerWatcher<>(ConfigMap.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SharedIndexInformer<ConfigMap> informer;

    @AfterEach
    void stop() {
        if (informer != null) {
            informer.stop();
        }
    }

    @Test
    void handlersHearEveryChangeInTheOrderTheCacheChangedOnTheDispatchThread() {
        server.put(configMap("default", "a", "1"));
        informer = informer(Duration.ZERO);
        RecordingHandler handler = new RecordingHandler();
        EventHandlerRegistration registration = informer.addEventHandler(handler);

        informer.start();
        await().atMost(WAIT).until(registration::hasSynced);
        server.put(configMap("default", "b", "1"));
        server.put(configMap("default", "a", "2"));
        server.delete("default/a");
        server.put(configMap("default", "b", "2"));

        await().atMost(WAIT).until(() -> handler.events.size() == 5);
        assertThat(handler.events)
                .containsExactly("add a=1", "add b=1", "update a=1->2", "delete a=2", "update b=1->2");
        assertThat(handler.threads).containsExactly("informer-configmaps-dispatch");
        assertThat(informer.hasSynced()).isTrue();
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(Long.toString(server.revision()));
    }

    @Test
    void aRelistNotifiesMissedChangesAndTombstonesForObjectsThatVanished() {
        server.put(configMap("default", "kept", "1"));
        server.put(configMap("default", "changed", "1"));
        server.put(configMap("default", "vanished", "1"));
        informer = informer(Duration.ZERO);
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        informer.start();
        await().atMost(WAIT).until(() -> handler.events.size() == 3);

        server.putSilently(configMap("default", "changed", "2"));
        server.putSilently(configMap("default", "appeared", "1"));
        server.deleteSilently("default/vanished");
        server.compact();
        server.endWatches();

        await().atMost(WAIT).until(() -> handler.events.size() == 6);
        assertThat(handler.events.subList(3, 6))
                .containsExactlyInAnyOrder(
                        "add appeared=1", "update changed=1->2", "delete vanished=1 (final state unknown)");
        assertThat(informer.lister().list(io.skiff.model.selector.LabelSelector.everything()))
                .extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("kept", "changed", "appeared");
    }

    @Test
    void aHandlerAddedAfterTheFirstListGetsTheCacheAsAddsThenLiveChanges() {
        server.put(configMap("default", "a", "1"));
        server.put(configMap("default", "b", "1"));
        informer = informer(Duration.ZERO);
        RecordingHandler early = new RecordingHandler();
        informer.addEventHandler(early);
        informer.start();
        await().atMost(WAIT).until(informer::hasSynced);

        RecordingHandler late = new RecordingHandler();
        EventHandlerRegistration registration = informer.addEventHandler(late);
        await().atMost(WAIT).until(registration::hasSynced);
        server.put(configMap("default", "a", "2"));

        await().atMost(WAIT).until(() -> late.events.size() == 3 && early.events.size() == 3);
        assertThat(late.events.subList(0, 2)).containsExactlyInAnyOrder("add a=1", "add b=1");
        assertThat(late.events.get(2)).isEqualTo("update a=1->2");
    }

    @Test
    void resyncRedeliversEveryCachedObjectAsAnUpdateToItselfOnlyToHandlersThatAskedForIt() {
        server.put(configMap("default", "a", "1"));
        server.put(configMap("default", "b", "1"));
        informer = informer(Duration.ofMillis(100));
        RecordingHandler resynced = new RecordingHandler();
        RecordingHandler notResynced = new RecordingHandler();
        informer.addEventHandler(resynced);
        informer.addEventHandlerWithResyncPeriod(notResynced, Duration.ZERO);

        informer.start();

        await().atMost(WAIT).until(() -> resynced.events.size() >= 6);
        assertThat(resynced.events.subList(2, 6))
                .containsExactlyInAnyOrder("resync a=1", "resync b=1", "resync a=1", "resync b=1");
        assertThat(notResynced.events).containsExactlyInAnyOrder("add a=1", "add b=1");
    }

    @Test
    void aSlowHandlerDoesNotHoldUpTheWatchOrTheCache() throws InterruptedException {
        informer = informer(Duration.ZERO);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler slow = new RecordingHandler() {
            @Override
            public void onAdd(ConfigMap object) {
                awaitQuietly(release);
                super.onAdd(object);
            }
        };
        informer.addEventHandler(slow);
        informer.start();
        await().atMost(WAIT).until(informer::hasSynced);

        for (int i = 0; i < 50; i++) {
            server.put(configMap("default", "cm-" + i, "1"));
        }

        await().atMost(WAIT).until(() -> informer.getIndexer().size() == 50);
        assertThat(slow.events).isEmpty();
        assertThat(registry.get("informer.pending.notifications").gauge().value())
                .isGreaterThan(0);
        assertThat(registry.get("informer.store.size").gauge().value()).isEqualTo(50);
        release.countDown();
        await().atMost(WAIT).until(() -> slow.events.size() == 50);
    }

    @Test
    void aFailingHandlerDoesNotStopDeliveryToItselfOrOthers() {
        informer = informer(Duration.ZERO);
        RecordingHandler failing = new RecordingHandler() {
            @Override
            public void onAdd(ConfigMap object) {
                super.onAdd(object);
                throw new IllegalStateException("handler bug");
            }
        };
        RecordingHandler healthy = new RecordingHandler();
        informer.addEventHandler(failing);
        informer.addEventHandler(healthy);
        informer.start();
        await().atMost(WAIT).until(informer::hasSynced);

        server.put(configMap("default", "a", "1"));
        server.put(configMap("default", "b", "1"));

        await().atMost(WAIT).until(() -> failing.events.size() == 2 && healthy.events.size() == 2);
    }

    @Test
    void aRemovedHandlerHearsNothingMore() {
        informer = informer(Duration.ZERO);
        RecordingHandler removed = new RecordingHandler();
        RecordingHandler kept = new RecordingHandler();
        EventHandlerRegistration registration = informer.addEventHandler(removed);
        informer.addEventHandler(kept);
        informer.start();
        await().atMost(WAIT).until(registration::hasSynced);

        informer.removeEventHandler(registration);
        server.put(configMap("default", "a", "1"));

        await().atMost(WAIT).until(() -> kept.events.size() == 1);
        assertThat(removed.events).isEmpty();
    }

    @Test
    void customIndexersAnswerThroughTheLister() {
        InMemoryListerWatcher<Pod> pods = new InMemoryListerWatcher<>(Pod.class);
        pods.put(pod("default", "web", "node-1", Map.of("app", "web")));
        pods.put(pod("default", "db", "node-2", Map.of("app", "db")));
        SharedIndexInformer<Pod> podInformer = new SharedIndexInformer<>("pods", pods, Duration.ZERO);
        podInformer.addIndexers(
                Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName(), Indexers.LABEL, Indexers.byLabel()));
        try {
            podInformer.start();
            await().atMost(WAIT).until(podInformer::hasSynced);

            pods.put(pod("default", "web", "node-2", Map.of("app", "web")));

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(podInformer.lister().byIndex(Indexers.POD_NODE_NAME, "node-2"))
                            .extracting(p -> p.getMetadata().getName())
                            .containsExactlyInAnyOrder("web", "db"));
            assertThat(podInformer.lister().byIndex(Indexers.POD_NODE_NAME, "node-1"))
                    .isEmpty();
            assertThat(podInformer.lister().byIndex(Indexers.LABEL, "app=db"))
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly("db");
        } finally {
            podInformer.stop();
        }
    }

    @Test
    void hasSyncedOnlyOnceTheFirstListIsInTheCache() {
        server.failNextList(io.skiff.model.api.Statuses.serviceUnavailable("starting"));
        informer = informer(Duration.ZERO);
        assertThat(informer.hasSynced()).isFalse();

        informer.start();

        await().atMost(WAIT).until(informer::hasSynced);
        assertThat(server.listRequests).hasSize(2);
    }

    @Test
    void stopEndsTheInformersThreadsAndUnregistersItsMetrics() {
        informer = informer(Duration.ofMillis(50));
        informer.addEventHandler(new RecordingHandler());
        informer.start();
        await().atMost(WAIT).until(informer::hasSynced);

        informer.stop();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .extracting(Thread::getName)
                        .doesNotContain("informer-configmaps-dispatch", "reflector-configmaps"));
        assertThat(registry.find("informer.store.size").gauge()).isNull();
        assertThat(server.openWatches()).isZero();
    }

    private SharedIndexInformer<ConfigMap> informer(Duration resync) {
        return new SharedIndexInformer<>("configmaps", server, resync, FAST_BACKOFF, registry);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records notifications as "add a=1", "update a=1->2", "resync a=1", "delete a=2". */
    private static class RecordingHandler implements ResourceEventHandler<ConfigMap> {

        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void onAdd(ConfigMap object) {
            record("add " + object.getMetadata().getName() + "=" + valueOf(object));
        }

        @Override
        public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
            String name = newObject.getMetadata().getName();
            record(
                    oldObject == newObject
                            ? "resync " + name + "=" + valueOf(newObject)
                            : "update " + name + "=" + valueOf(oldObject) + "->" + valueOf(newObject));
        }

        @Override
        public void onDelete(ConfigMap object, boolean finalStateUnknown) {
            record("delete " + object.getMetadata().getName() + "=" + valueOf(object)
                    + (finalStateUnknown ? " (final state unknown)" : ""));
        }

        private void record(String event) {
            threads.add(Thread.currentThread().getName());
            events.add(event);
        }
    }
}
