package io.skiff.component.events;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With an {@link EventSink} bean (the port over the API client), one {@link EventBroadcaster} for
 * the process, closed with the context. Components make their recorders from it:
 * {@code broadcaster.newRecorder(EventOrigin.of("default-scheduler", ""))}.
 */
@AutoConfiguration
@EnableConfigurationProperties(EventRecorderProperties.class)
public final class EventsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnBean(EventSink.class)
    @ConditionalOnMissingBean
    EventBroadcaster eventBroadcaster(EventSink sink, EventRecorderProperties properties) {
        return EventBroadcaster.start(sink, properties);
    }
}
