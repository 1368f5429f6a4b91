package io.skiff.component.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.component.leaderelection.LeaderElectionAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class EventsAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventsAutoConfiguration.class));

    @Test
    void anEventSinkGetsOneBroadcasterBoundToSkiffEventsProperties() {
        runner.withUserConfiguration(Sink.class)
                .withPropertyValues("skiff.events.max-tries=3", "skiff.events.retry-interval=1s")
                .run(context -> {
                    assertThat(context).hasSingleBean(EventBroadcaster.class);
                    EventRecorderProperties properties = context.getBean(EventRecorderProperties.class);
                    assertThat(properties.maxTries()).isEqualTo(3);
                    assertThat(properties.retryInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(properties.spamBurst()).isEqualTo(25);

                    EventRecorder recorder = context.getBean(EventBroadcaster.class)
                            .newRecorder(EventOrigin.of("default-scheduler", ""));
                    recorder.event(
                            new PodBuilder()
                                    .withNewMetadata()
                                    .withName("web-1")
                                    .withNamespace("apps")
                                    .endMetadata()
                                    .build(),
                            EventType.NORMAL,
                            "Scheduled",
                            "assigned");
                    InMemoryEventServer server = context.getBean(InMemoryEventServer.class);
                    await().atMost(Duration.ofSeconds(3))
                            .until(() -> server.events().size() == 1);
                });
    }

    @Test
    void withoutAnEventSinkThereIsNoBroadcaster() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventBroadcaster.class));
    }

    @Test
    void bothAutoConfigurationsAreRegistered() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
                .contains(EventsAutoConfiguration.class.getName(), LeaderElectionAutoConfiguration.class.getName());
    }

    @Configuration(proxyBeanMethods = false)
    static class Sink {
        @Bean
        InMemoryEventServer eventSink() {
            return new InMemoryEventServer();
        }
    }
}
