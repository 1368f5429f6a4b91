package io.skiff.controllermanager.garbagecollector;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@link ClusterObjects} over the API client. Changes to an object are read–modify–update with the
 * resourceVersion it was read at, tried again on a conflict, as Kubernetes' garbage collector
 * removes finalizers.
 */
public final class ApiClusterObjects implements ClusterObjects {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONFLICT_ATTEMPTS = 5;

    private final KubeClient client;

    public ApiClusterObjects(KubeClient client) {
        this.client = client;
    }

    @Override
    public Optional<ObjectSnapshot> get(ObjectIdentity identity) {
        return read(identity).map(ObjectSnapshot::of);
    }

    @Override
    public void delete(ObjectIdentity identity, String propagationPolicy) {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy(propagationPolicy);
        options.setPreconditions(new Preconditions(null, identity.uid()));
        try {
            resources(identity)
                    .delete(namespaceOf(identity), identity.name(), options)
                    .block(REQUEST_TIMEOUT);
        } catch (RuntimeException e) {
            // Gone already, or the name now belongs to another object (the uid precondition failed).
            if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
                throw e;
            }
        }
    }

    @Override
    public void removeOwnerReferences(ObjectIdentity dependent, Set<String> ownerUids) {
        modify(dependent, metadata -> {
            List<OwnerReference> kept = new ArrayList<>(metadata.getOwnerReferences());
            boolean removed = kept.removeIf(reference -> ownerUids.contains(reference.getUid()));
            metadata.setOwnerReferences(kept);
            return removed;
        });
    }

    @Override
    public void unblockOwnerReference(ObjectIdentity dependent, String ownerUid) {
        modify(dependent, metadata -> {
            boolean changed = false;
            for (OwnerReference reference : metadata.getOwnerReferences()) {
                if (ownerUid.equals(reference.getUid()) && Boolean.TRUE.equals(reference.getBlockOwnerDeletion())) {
                    reference.setBlockOwnerDeletion(false);
                    changed = true;
                }
            }
            return changed;
        });
    }

    @Override
    public void removeFinalizer(ObjectIdentity identity, String finalizer) {
        modify(identity, metadata -> {
            List<String> kept = new ArrayList<>(metadata.getFinalizers());
            boolean removed = kept.remove(finalizer);
            metadata.setFinalizers(kept);
            return removed;
        });
    }

    /** Applies {@code change} (true when it changed something) to the live object and writes it back. */
    private void modify(ObjectIdentity identity, Predicate<ObjectMeta> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<GenericKubernetesResource> live = read(identity);
            if (live.isEmpty()) {
                return;
            }
            GenericKubernetesResource object = live.get();
            if (!change.test(object.getMetadata())) {
                return;
            }
            try {
                resources(identity).update(object).block(REQUEST_TIMEOUT);
                return;
            } catch (RuntimeException e) {
                if (ApiErrors.isNotFound(e)) {
                    return;
                }
                if (!ApiErrors.isConflict(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The live object with the identity's uid; another incarnation of the name counts as absent. */
    private Optional<GenericKubernetesResource> read(ObjectIdentity identity) {
        return Optional.ofNullable(resources(identity)
                        .find(namespaceOf(identity), identity.name())
                        .block(REQUEST_TIMEOUT))
                .filter(object -> identity.uid().equals(object.getMetadata().getUid()));
    }

    private ResourceClient<GenericKubernetesResource> resources(ObjectIdentity identity) {
        ResourceType type = client.catalog()
                .byKind(identity.apiVersion(), identity.kind())
                .orElseThrow(() -> new UnresolvableReferenceException(
                        "no resource type serves " + identity.apiVersion() + " " + identity.kind()));
        return client.resources(type);
    }

    private static String namespaceOf(ObjectIdentity identity) {
        return identity.namespace().isEmpty() ? null : identity.namespace();
    }
}
