package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.configMap;
import static io.skiff.component.informer.TestObjects.valueOf;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.controller.ControllerRunner;
import io.skiff.component.controller.Result;
import io.skiff.component.workqueue.WorkQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pattern every Skiff controller follows, end to end: informer cache → handler that only
 * queues keys → workers whose idempotent sync reads the cache and treats a missing object as
 * deleted. The "controller" here mirrors each ConfigMap's value into a map.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LevelBasedControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void theControllerConvergesOnTheServersStateThroughCacheQueueAndSync() {
        InMemoryListerWatcher<ConfigMap> server = new InMemoryListerWatcher<>(ConfigMap.class);
        server.put(configMap("default", "a", "1"));
        server.put(configMap("other", "b", "1"));
        SharedInformerFactory factory = new SharedInformerFactory(
                new ListerWatcherFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T extends HasMetadata> ListerWatcher<T> create(
                            Class<T> type, String namespace, ListOptions selectors) {
                        return (ListerWatcher<T>) server;
                    }
                },
                Duration.ofMillis(200));
        SharedIndexInformer<ConfigMap> informer = factory.informerFor(ConfigMap.class);
        Lister<ConfigMap> lister = informer.lister();
        WorkQueue<String> queue = WorkQueue.<String>builder("mirror").build();
        informer.addEventHandler(ResourceEventHandler.enqueueingKeys(queue::add));
        Map<String, String> mirror = new ConcurrentHashMap<>();
        ControllerRunner<String> controller = new ControllerRunner<>(
                "mirror",
                queue,
                key -> {
                    Optional<ConfigMap> cached = lister.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
                    if (cached.isEmpty()) {
                        mirror.remove(key);
                    } else {
                        mirror.put(key, valueOf(cached.get()));
                    }
                    return Result.done();
                },
                2);
        try {
            factory.start();
            await().atMost(WAIT).until(() -> factory.waitForCacheSync(WAIT));
            controller.start();
            await().atMost(WAIT).until(() -> mirror.equals(Map.of("default/a", "1", "other/b", "1")));

            server.put(configMap("default", "a", "2"));
            server.delete("other/b");
            server.put(configMap("default", "c", "1"));

            await().atMost(WAIT).until(() -> mirror.equals(Map.of("default/a", "2", "default/c", "1")));

            // A change the mirror missed is repaired by the periodic resync.
            mirror.put("default/a", "tampered");
            await().atMost(WAIT).until(() -> "2".equals(mirror.get("default/a")));
        } finally {
            controller.stop(WAIT);
            factory.stop();
        }
    }
}
