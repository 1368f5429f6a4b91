package io.skiff.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.testing.SharedApiServer;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shared informers fed by lists and SSE watches of a real API server through the API client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InformerOnApiServerTest {

    private static final KubeClient CLIENT =
            KubeClient.create(ApiClientProperties.defaults().withUrls(SharedApiServer.baseUrl()));

    private final SharedInformerFactory factory =
            new SharedInformerFactory(new ClientListerWatchers(CLIENT), Duration.ZERO);

    @AfterEach
    void stop() {
        factory.stop();
    }

    @Test
    void theCacheFollowsCreatesUpdatesAndDeletesInOrder() {
        new KubeHttp(SharedApiServer.baseUrl()).createNamespace("informer-it");
        create(configMap("before", "1", "blue"));
        SharedIndexInformer<ConfigMap> informer = factory.informerFor(ConfigMap.class, "informer-it");
        List<String> seen = new CopyOnWriteArrayList<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap object) {
                seen.add("add " + object.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
                seen.add("update " + newObject.getMetadata().getName() + " "
                        + oldObject.getData().get("v") + "->"
                        + newObject.getData().get("v"));
            }

            @Override
            public void onDelete(ConfigMap object, boolean finalStateUnknown) {
                seen.add("delete " + object.getMetadata().getName());
            }
        });
        factory.start();
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(10))).isTrue();

        ConfigMap after = create(configMap("after", "1", "green"));
        after.getData().put("v", "2");
        CLIENT.resources(ConfigMap.class).update(after).block(Duration.ofSeconds(5));
        CLIENT.resources(ConfigMap.class).delete("informer-it", "before").block(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly("add before", "add after", "update after 1->2", "delete before");
        assertThat(informer.lister().get("informer-it", "after"))
                .hasValueSatisfying(cm -> assertThat(cm.getData()).containsEntry("v", "2"));
        assertThat(informer.lister().get("informer-it", "before")).isEmpty();
        assertThat(informer.lister().list("informer-it", LabelSelector.parse("colour=green")))
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactly("after");
    }

    @Test
    void aSelectiveInformerSeesOnlyWhatItsSelectorsMatch() {
        new KubeHttp(SharedApiServer.baseUrl()).createNamespace("selective-it");
        SharedIndexInformer<ConfigMap> red = factory.informerFor(
                ConfigMap.class, "selective-it", ListOptions.all().withLabelSelector("colour=red"));
        assertThat(factory.informerFor(
                        ConfigMap.class, "selective-it", ListOptions.all().withLabelSelector("colour=red")))
                .as("one informer per type, namespace and selectors")
                .isSameAs(red);
        factory.start();
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(10))).isTrue();

        createIn("selective-it", configMap("r1", "1", "red"));
        createIn("selective-it", configMap("b1", "1", "blue"));
        createIn("selective-it", configMap("r2", "1", "red"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> red.lister().list(LabelSelector.everything()).size() == 2);
        assertThat(red.lister().list(LabelSelector.everything()))
                .extracting(cm -> cm.getMetadata().getName())
                .containsExactlyInAnyOrder("r1", "r2");
    }

    private static ConfigMap configMap(String name, String value, String colour) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("colour", colour)
                .endMetadata()
                .addToData("v", value)
                .build();
    }

    private static ConfigMap create(ConfigMap configMap) {
        return createIn("informer-it", configMap);
    }

    private static ConfigMap createIn(String namespace, ConfigMap configMap) {
        return CLIENT.resources(ConfigMap.class).create(namespace, configMap).block(Duration.ofSeconds(5));
    }
}
