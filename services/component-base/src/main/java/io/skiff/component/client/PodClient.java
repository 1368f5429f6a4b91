package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.skiff.component.resilience.RetryRule;
import io.skiff.model.catalog.ResourceType;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Pods, with the two subresources control-plane components write: binding and eviction. */
public final class PodClient extends ResourceClient<Pod> {

    PodClient(ApiTransport transport, ResourceType pods) {
        super(transport, pods, Pod.class);
    }

    /**
     * Binds the pod named by the binding's metadata to its target node (pods/binding), which is how
     * the scheduler places a pod: the API server sets spec.nodeName and the PodScheduled condition.
     * 409 when the pod is already bound elsewhere.
     */
    public Mono<Void> bind(Binding binding) {
        Objects.requireNonNull(binding.getMetadata(), "a binding names its pod in metadata");
        return createSubresource(
                        binding.getMetadata().getNamespace(),
                        binding.getMetadata().getName(),
                        "binding",
                        binding,
                        Status.class)
                .then();
    }

    /**
     * Asks to evict the pod named by the eviction's metadata (pods/eviction), honouring its
     * PodDisruptionBudgets. A 429 means a budget forbids it now: the caller decides when to try
     * again (kubectl drain retries every few seconds), so such a refusal is not retried here.
     */
    public Mono<Void> evict(Eviction eviction) {
        Objects.requireNonNull(eviction.getMetadata(), "an eviction names its pod in metadata");
        return createSubresource(
                        eviction.getMetadata().getNamespace(),
                        eviction.getMetadata().getName(),
                        "eviction",
                        eviction,
                        Status.class,
                        RetryRule.UNSENT_ONLY)
                .then();
    }
}
