package io.skiff.scheduler.app;

import io.fabric8.kubernetes.api.model.Binding;
import io.skiff.component.client.KubeClient;
import io.skiff.scheduler.plugins.defaultbinder.PodBinder;
import java.time.Duration;

/** Binds through {@code pods/binding}, the one write that assigns a pod to its node. */
final class ApiPodBinder implements PodBinder {

    private final KubeClient client;
    private final Duration timeout;

    ApiPodBinder(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public void bind(Binding binding) {
        client.pods().bind(binding).block(timeout);
    }
}
