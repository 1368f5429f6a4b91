package io.skiff.controllermanager.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.skiff.component.client.ApiClientProperties;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListerWatcher;
import io.skiff.component.events.EventBroadcaster;
import io.skiff.component.events.EventRecorderProperties;
import io.skiff.component.events.EventSink;
import io.skiff.component.informer.ListerWatcherFactory;
import io.skiff.component.informer.SharedInformerFactory;
import io.skiff.component.leaderelection.LeaderWork;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The collector's Spring wiring: on by default, off by its property. */
class GarbageCollectorConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(GarbageCollectorConfiguration.class)
            .withBean(KubeClient.class, () -> KubeClient.create(ApiClientProperties.defaults()))
            .withBean(
                    SharedInformerFactory.class,
                    () -> new SharedInformerFactory(
                            mock(ListerWatcherFactory.class, invocation -> mock(ListerWatcher.class)), Duration.ZERO))
            .withBean(
                    EventBroadcaster.class,
                    () -> EventBroadcaster.start(mock(EventSink.class), EventRecorderProperties.defaults()));

    @Test
    void runsAsLeaderWorkByDefault() {
        context.run(running -> assertThat(running).hasSingleBean(LeaderWork.class));
    }

    @Test
    void isSwitchedOffByItsEnabledProperty() {
        context.withPropertyValues("skiff.controllers.garbage-collector.enabled=false")
                .run(running -> assertThat(running).doesNotHaveBean(LeaderWork.class));
    }
}
