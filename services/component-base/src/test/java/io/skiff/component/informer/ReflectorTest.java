package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.configMap;
import static io.skiff.component.informer.TestObjects.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.WatchOptions;
import io.skiff.model.api.Statuses;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReflectorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ReflectorSettings FAST_BACKOFF =
            ReflectorSettings.defaults().withBackoff(Duration.ofMillis(40), Duration.ofMillis(160), 0);

    private final InMemoryListerWatcher<ConfigMap> server = new InMemoryListerWatcher<>(ConfigMap.class);
    private final RecordingStore store = new RecordingStore();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Reflector<ConfigMap> reflector;

    @AfterEach
    void stop() {
        if (reflector != null) {
            reflector.stop();
        }
    }

    @Test
    void listsInPagesFromRevisionZeroThenWatchesFromTheListsRevisionWithBookmarks() {
        server.put(configMap("default", "a", "1"));
        server.put(configMap("default", "b", "1"));
        server.put(configMap("default", "c", "1"));
        long listedAt = server.revision();

        start(FAST_BACKOFF.withPageSize(2));

        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        assertThat(server.listRequests).hasSize(2);
        ListOptions first = server.listRequests.get(0);
        assertThat(first.resourceVersion()).isEqualTo("0");
        assertThat(first.limit()).isEqualTo(2);
        ListOptions second = server.listRequests.get(1);
        assertThat(second.continueToken()).isNotNull();
        assertThat(second.resourceVersion()).isNull();
        assertThat(store.operations).containsExactly("replace [a, b, c] @" + listedAt);

        WatchOptions watch = server.watchRequests.get(0);
        assertThat(watch.resourceVersion()).isEqualTo(Long.toString(listedAt));
        assertThat(watch.allowBookmarks()).isTrue();
        assertThat(watch.timeout()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));

        server.put(configMap("default", "d", "1"));
        server.put(configMap("default", "a", "2"));
        server.delete("default/b");
        await().atMost(WAIT).until(() -> store.operations.size() == 4);
        assertThat(store.operations.subList(1, 4)).containsExactly("add d=1", "update a=2", "delete b");
        assertThat(reflector.lastSyncResourceVersion()).isEqualTo(Long.toString(server.revision()));
        assertThat(registry.get("informer.lists").counter().count()).isEqualTo(1);
        assertThat(registry.get("informer.last.sync.resource.version").gauge().value())
                .isEqualTo(server.revision());
    }

    @Test
    void watchesAgainFromTheLastEventsRevisionWhenTheServerEndsTheWatch() {
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        ConfigMap stored = server.put(configMap("default", "a", "1"));
        await().atMost(WAIT).until(() -> store.operations.contains("add a=1"));

        server.endWatches();

        await().atMost(WAIT).until(() -> server.watchRequests.size() == 2);
        assertThat(server.watchRequests.get(1).resourceVersion())
                .isEqualTo(stored.getMetadata().getResourceVersion());
        assertThat(server.listRequests).hasSize(1);
        server.put(configMap("default", "a", "2"));
        await().atMost(WAIT).until(() -> store.operations.contains("update a=2"));
    }

    @Test
    void bookmarksAdvanceTheRevisionTheNextWatchStartsFrom() {
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);

        server.bookmark(500);
        await().atMost(WAIT).until(() -> reflector.lastSyncResourceVersion().equals("500"));
        server.endWatches();

        await().atMost(WAIT).until(() -> server.watchRequests.size() == 2);
        assertThat(server.watchRequests.get(1).resourceVersion()).isEqualTo("500");
        assertThat(store.operations).containsExactly("replace [] @100");
    }

    @Test
    void relistsWithAConsistentReadWhenTheWatchedRevisionIsGone() {
        server.put(configMap("default", "a", "1"));
        server.put(configMap("default", "b", "1"));
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);

        server.putSilently(configMap("default", "c", "1"));
        server.deleteSilently("default/a");
        server.compact();
        server.endWatches();

        await().atMost(WAIT).until(() -> store.operations.size() == 2);
        assertThat(store.operations.get(1)).isEqualTo("replace [b, c] @" + server.revision());
        ListOptions relist = server.listRequests.get(1);
        assertThat(relist.resourceVersion()).isEmpty();
        assertThat(relist.resourceVersionMatch()).isNull();
        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        assertThat(server.watchRequests.get(server.watchRequests.size() - 1).resourceVersion())
                .isEqualTo(Long.toString(server.revision()));
        assertThat(registry.get("informer.relists").counter().count()).isEqualTo(1);
    }

    @Test
    void anExpiredContinueTokenFallsBackToOneListWithoutPages() {
        for (String name : List.of("a", "b", "c")) {
            server.put(configMap("default", name, "1"));
        }
        server.expireContinueTokensBeforeNextPage();

        start(FAST_BACKOFF.withPageSize(1));

        await().atMost(WAIT).until(() -> !store.operations.isEmpty());
        assertThat(store.operations).containsExactly("replace [a, b, c] @" + server.revision());
        ListOptions fallback = server.listRequests.get(2);
        assertThat(fallback.limit()).isNull();
        assertThat(fallback.continueToken()).isNull();
        assertThat(fallback.resourceVersion()).isEqualTo("0");
    }

    @Test
    void serverErrorsAndConnectionFailuresBackOffExponentiallyAndResumeTheWatch() {
        server.put(configMap("default", "a", "1"));
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        String resumeFrom = reflector.lastSyncResourceVersion();
        server.failNextWatch(Statuses.serviceUnavailable("apiserver is shutting down"));
        server.failNextWatch(new UncheckedIOException(new ConnectException("Connection refused")));
        server.failNextWatch(Statuses.internalError("boom"));
        server.failNextWatch(Statuses.tooManyRequests("slow down", 1));

        server.failWatches(Statuses.internalError("stream reset"));

        await().atMost(WAIT).until(() -> server.watchRequests.size() == 6 && server.openWatches() == 1);
        assertThat(server.watchRequests)
                .extracting(WatchOptions::resourceVersion)
                .containsOnly(resumeFrom);
        assertThat(server.listRequests).hasSize(1);
        // Five failures in a row: pauses of 40, 80, 160, 160 and 160 ms (the cap). The first pause
        // follows a watch of unknown length, so the gaps between the later watches are measured.
        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 2; i < server.watchOpenedNanos.size(); i++) {
            gapsMillis.add((server.watchOpenedNanos.get(i) - server.watchOpenedNanos.get(i - 1)) / 1_000_000);
        }
        assertThat(gapsMillis).hasSize(4);
        assertThat(gapsMillis.get(0)).isGreaterThanOrEqualTo(80);
        assertThat(gapsMillis.get(1)).isGreaterThanOrEqualTo(160);
        assertThat(gapsMillis.get(2)).isBetween(160L, 600L);
        assertThat(gapsMillis.get(3)).isBetween(160L, 600L);
        assertThat(registry.get("informer.failures").counter().count()).isEqualTo(5);
    }

    @Test
    void otherWatchErrorsRelistFromTheLastRevisionAfterBackingOff() {
        server.put(configMap("default", "a", "1"));
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        String lastSeen = reflector.lastSyncResourceVersion();

        server.failWatches(Statuses.forbidden("watch is forbidden for a moment"));

        await().atMost(WAIT).until(() -> server.listRequests.size() == 2 && server.openWatches() == 1);
        ListOptions relist = server.listRequests.get(1);
        assertThat(relist.resourceVersion()).isEqualTo(lastSeen);
        assertThat(relist.resourceVersionMatch()).isEqualTo("NotOlderThan");
    }

    @Test
    void aFailedListIsRetriedAfterABackoff() {
        server.failNextList(Statuses.serviceUnavailable("not ready"));
        server.failNextList(new UncheckedIOException(new ConnectException("Connection refused")));

        start(FAST_BACKOFF);

        await().atMost(WAIT).until(() -> server.openWatches() == 1);
        assertThat(server.listRequests).extracting(ListOptions::resourceVersion).containsExactly("0", "0", "0");
        assertThat(store.operations).containsExactly("replace [] @100");
    }

    @Test
    void stopCancelsTheWatchAndEndsTheThread() {
        start(FAST_BACKOFF);
        await().atMost(WAIT).until(() -> server.openWatches() == 1);

        reflector.stop();

        assertThat(reflector.isRunning()).isFalse();
        await().atMost(WAIT).until(() -> server.openWatches() == 0);
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .doesNotContain("reflector-configmaps");
    }

    private void start(ReflectorSettings settings) {
        reflector = new Reflector<>("configmaps", server, store, settings, registry);
        reflector.start();
    }

    /** Records the reflector's calls as "add name=value", "replace [names] @revision", .... */
    private static final class RecordingStore implements SyncableStore<ConfigMap> {

        final List<String> operations = new CopyOnWriteArrayList<>();

        @Override
        public void add(ConfigMap object) {
            operations.add("add " + object.getMetadata().getName() + "=" + valueOf(object));
        }

        @Override
        public void update(ConfigMap object) {
            operations.add("update " + object.getMetadata().getName() + "=" + valueOf(object));
        }

        @Override
        public void delete(ConfigMap object) {
            operations.add("delete " + object.getMetadata().getName());
        }

        @Override
        public void replace(List<ConfigMap> objects, String resourceVersion) {
            operations.add("replace "
                    + objects.stream().map(o -> o.getMetadata().getName()).toList() + " @" + resourceVersion);
        }
    }
}
