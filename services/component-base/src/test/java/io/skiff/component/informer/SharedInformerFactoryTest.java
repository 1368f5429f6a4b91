package io.skiff.component.informer;

import static io.skiff.component.informer.TestObjects.configMap;
import static io.skiff.component.informer.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.component.client.ListOptions;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.client.ObjectList;
import io.skiff.component.client.WatchEvent;
import io.skiff.component.client.WatchOptions;
import io.skiff.component.runtime.InformersHealthIndicator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SharedInformerFactoryTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryListerWatcher<ConfigMap> configMaps = new InMemoryListerWatcher<>(ConfigMap.class);
    private final InMemoryListerWatcher<Pod> pods = new InMemoryListerWatcher<>(Pod.class);
    private final RecordingFactory listerWatchers = new RecordingFactory();
    private final SharedInformerFactory factory = new SharedInformerFactory(
            listerWatchers, Duration.ZERO, ReflectorSettings.defaults(), new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        factory.stop();
    }

    @Test
    void controllersAskingForTheSameResourceShareOneInformer() {
        SharedIndexInformer<Pod> first = factory.informerFor(Pod.class);
        SharedIndexInformer<Pod> second = factory.informerFor(Pod.class, "");
        SharedIndexInformer<Pod> third = factory.informerFor(Pod.class, null, ListOptions.all());

        assertThat(second).isSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(listerWatchers.created).containsExactly("Pod ns= labels=null fields=null");
    }

    @Test
    void eachTypeNamespaceAndSelectorHasItsOwnInformer() {
        ListOptions onNode1 = ListOptions.all().withFieldSelector("spec.nodeName=node-1");
        ListOptions web = ListOptions.all().withLabelSelector("app=web");

        List<SharedIndexInformer<?>> informers = List.of(
                factory.informerFor(Pod.class),
                factory.informerFor(Pod.class, "shop"),
                factory.informerFor(Pod.class, "", onNode1),
                factory.informerFor(Pod.class, "", web),
                factory.informerFor(ConfigMap.class));

        assertThat(informers).doesNotHaveDuplicates();
        assertThat(factory.informerFor(Pod.class, "", ListOptions.all().withFieldSelector("spec.nodeName=node-1")))
                .isSameAs(informers.get(2));
        assertThat(listerWatchers.created)
                .containsExactly(
                        "Pod ns= labels=null fields=null",
                        "Pod ns=shop labels=null fields=null",
                        "Pod ns= labels=null fields=spec.nodeName=node-1",
                        "Pod ns= labels=app=web fields=null",
                        "ConfigMap ns= labels=null fields=null");
        assertThat(informers)
                .extracting(SharedIndexInformer::name)
                .containsExactly("Pod", "Pod@shop", "Pod{;spec.nodeName=node-1}", "Pod{app=web;}", "ConfigMap");
    }

    @Test
    void startStartsEveryInformerAndWaitForCacheSyncWaitsForTheirFirstLists() {
        pods.put(pod("default", "web", "node-1", Map.of()));
        configMaps.put(configMap("default", "settings", "1"));
        SharedIndexInformer<Pod> podInformer = factory.informerFor(Pod.class);
        SharedIndexInformer<ConfigMap> configMapInformer = factory.informerFor(ConfigMap.class);

        factory.start();

        assertThat(factory.waitForCacheSync(WAIT)).isTrue();
        assertThat(podInformer.lister().get("default", "web")).isPresent();
        assertThat(configMapInformer.lister().get("default", "settings")).isPresent();
    }

    @Test
    void informersAskedForAfterStartRunOnceStartIsCalledAgain() {
        factory.informerFor(ConfigMap.class);
        factory.start();
        SharedIndexInformer<Pod> later = factory.informerFor(Pod.class);
        assertThat(later.hasStarted()).isFalse();

        factory.start();

        assertThat(later.isRunning()).isTrue();
        assertThat(factory.waitForCacheSync(WAIT)).isTrue();
    }

    @Test
    void waitForCacheSyncGivesUpAfterItsTimeout() {
        listerWatchers.unresponsive = true;
        factory.informerFor(Pod.class);
        factory.start();

        long started = System.nanoTime();
        assertThat(factory.waitForCacheSync(Duration.ofMillis(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);
    }

    @Test
    void stopStopsEveryInformerAndTheFactory() {
        SharedIndexInformer<Pod> informer = factory.informerFor(Pod.class);
        factory.start();
        factory.waitForCacheSync(WAIT);

        factory.stop();

        assertThat(informer.isRunning()).isFalse();
        assertThatThrownBy(() -> factory.informerFor(ConfigMap.class)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aComponentIsReadyOnceEveryStartedInformerHasItsFirstList() {
        factory.informerFor(Pod.class);
        factory.start();
        assertThat(factory.waitForCacheSync(WAIT)).isTrue();
        InformersHealthIndicator informers = new InformersHealthIndicator(factory);

        Health synced = informers.health();
        assertThat(synced.getStatus()).isEqualTo(Status.UP);
        assertThat(synced.getDetails().get("informers").toString()).contains("Pod=synced at ");

        listerWatchers.unresponsive = true;
        factory.informerFor(ConfigMap.class, "kube-system");
        factory.informerFor(Pod.class, "default");
        factory.start();

        Health waiting = informers.health();
        assertThat(waiting.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(waiting.getDetails().get("informers").toString())
                .contains("ConfigMap@kube-system=waiting for its first list");
    }

    /** Hands out the in-memory lister-watchers by type and records what it was asked for. */
    private final class RecordingFactory implements ListerWatcherFactory {

        final List<String> created = new CopyOnWriteArrayList<>();
        volatile boolean unresponsive;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends HasMetadata> ListerWatcher<T> create(Class<T> type, String namespace, ListOptions selectors) {
            created.add(type.getSimpleName() + " ns=" + namespace + " labels=" + selectors.labelSelector() + " fields="
                    + selectors.fieldSelector());
            if (unresponsive) {
                return new ListerWatcher<>() {
                    @Override
                    public Mono<ObjectList<T>> list(ListOptions options) {
                        return Mono.never();
                    }

                    @Override
                    public Flux<WatchEvent<T>> watch(WatchOptions options) {
                        return Flux.never();
                    }
                };
            }
            return (ListerWatcher<T>) (type == Pod.class ? pods : configMaps);
        }
    }
}
