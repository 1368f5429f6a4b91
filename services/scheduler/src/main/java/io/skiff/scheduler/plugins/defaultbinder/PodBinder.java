package io.skiff.scheduler.plugins.defaultbinder;

import io.fabric8.kubernetes.api.model.Binding;

/**
 * Posts a Binding to the API server ({@code POST .../pods/{name}/binding}). The integrator
 * implements it with the API client and registers it in the framework's {@code Ports}.
 */
@FunctionalInterface
public interface PodBinder {

    /**
     * Binds the pod the binding names.
     *
     * @throws RuntimeException when the API server refused or could not be reached; the scheduler
     *     then forgets the assumed pod and retries it
     */
    void bind(Binding binding);
}
