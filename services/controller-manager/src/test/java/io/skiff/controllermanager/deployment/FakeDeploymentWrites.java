package io.skiff.controllermanager.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.api.Statuses;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * An API server in miniature for the deployment controller's writes: they land in the same caches
 * the sync reads (as if the informers had caught up at once), with resourceVersion preconditions,
 * generations bumped on spec changes, and every call recorded.
 */
final class FakeDeploymentWrites implements DeploymentWrites {

    record PatchCall(String name, Map<String, Object> body) {}

    final List<ReplicaSet> created = new ArrayList<>();
    final List<ReplicaSet> updated = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<PatchCall> patched = new ArrayList<>();
    final List<Deployment> statusUpdates = new ArrayList<>();
    final List<Map<String, String>> annotationPatches = new ArrayList<>();
    RuntimeException createFailure;

    private final CacheIndexer<Deployment> deployments;
    private final CacheIndexer<ReplicaSet> replicaSets;
    private final Clock clock;
    private final AtomicLong versions = new AtomicLong(100);

    FakeDeploymentWrites(CacheIndexer<Deployment> deployments, CacheIndexer<ReplicaSet> replicaSets, Clock clock) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.clock = clock;
    }

    @Override
    public synchronized Mono<ReplicaSet> createReplicaSet(String namespace, ReplicaSet replicaSet) {
        if (createFailure != null) {
            return Mono.error(createFailure);
        }
        String name = replicaSet.getMetadata().getName();
        if (replicaSets.getByKey(ObjectKeys.key(namespace, name)).isPresent()) {
            return Mono.error(Statuses.alreadyExists("apps", "replicasets", name));
        }
        ReplicaSet stored = new ReplicaSetBuilder(replicaSet)
                .editMetadata()
                .withUid("uid-" + name)
                .withGeneration(1L)
                .withResourceVersion(nextVersion())
                .withCreationTimestamp(clock.instant().toString())
                .endMetadata()
                .build();
        replicaSets.put(stored);
        created.add(stored);
        return Mono.just(stored);
    }

    @Override
    public synchronized Mono<ReplicaSet> updateReplicaSet(ReplicaSet replicaSet) {
        Optional<ReplicaSet> current = replicaSets.getByKey(ObjectKeys.keyOf(replicaSet));
        if (current.isEmpty()) {
            return Mono.error(Statuses.notFound(
                    "apps", "replicasets", replicaSet.getMetadata().getName()));
        }
        if (!Objects.equals(
                current.get().getMetadata().getResourceVersion(),
                replicaSet.getMetadata().getResourceVersion())) {
            return Mono.error(Statuses.staleResourceVersion(
                    "apps", "replicasets", replicaSet.getMetadata().getName()));
        }
        long generation = current.get().getMetadata().getGeneration();
        if (!Objects.equals(current.get().getSpec(), replicaSet.getSpec())) {
            generation++;
        }
        ReplicaSet stored = new ReplicaSetBuilder(replicaSet)
                .editMetadata()
                .withGeneration(generation)
                .withResourceVersion(nextVersion())
                .endMetadata()
                .withStatus(current.get().getStatus())
                .build();
        replicaSets.put(stored);
        updated.add(stored);
        return Mono.just(stored);
    }

    @Override
    public synchronized Mono<Void> deleteReplicaSet(String namespace, String name) {
        replicaSets.getByKey(ObjectKeys.key(namespace, name)).ifPresent(replicaSets::remove);
        deleted.add(name);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<ReplicaSet> patchReplicaSet(
            String namespace, String name, Map<String, Object> strategicMergePatch) {
        patched.add(new PatchCall(name, strategicMergePatch));
        return Mono.justOrEmpty(replicaSets.getByKey(ObjectKeys.key(namespace, name)));
    }

    @Override
    public synchronized Mono<Deployment> updateStatus(Deployment deployment) {
        Optional<Deployment> current = deployments.getByKey(ObjectKeys.keyOf(deployment));
        if (current.isEmpty()) {
            return Mono.error(Statuses.notFound(
                    "apps", "deployments", deployment.getMetadata().getName()));
        }
        if (!Objects.equals(
                current.get().getMetadata().getResourceVersion(),
                deployment.getMetadata().getResourceVersion())) {
            return Mono.error(Statuses.staleResourceVersion(
                    "apps", "deployments", deployment.getMetadata().getName()));
        }
        // The status subresource takes the status only.
        Deployment stored = new DeploymentBuilder(current.get())
                .editMetadata()
                .withResourceVersion(nextVersion())
                .endMetadata()
                .withStatus(new DeploymentBuilder(deployment).build().getStatus())
                .build();
        deployments.put(stored);
        statusUpdates.add(stored);
        return Mono.just(stored);
    }

    @Override
    public synchronized Mono<Deployment> patchAnnotations(Deployment deployment, Map<String, String> annotations) {
        Deployment current = deployments.getByKey(ObjectKeys.keyOf(deployment)).orElseThrow();
        if (!Objects.equals(
                current.getMetadata().getResourceVersion(),
                deployment.getMetadata().getResourceVersion())) {
            return Mono.error(Statuses.staleResourceVersion(
                    "apps", "deployments", deployment.getMetadata().getName()));
        }
        Map<String, String> merged = current.getMetadata().getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(current.getMetadata().getAnnotations());
        merged.putAll(annotations);
        Deployment stored = new DeploymentBuilder(current)
                .editMetadata()
                .withAnnotations(merged)
                .withResourceVersion(nextVersion())
                .endMetadata()
                .build();
        deployments.put(stored);
        annotationPatches.add(annotations);
        return Mono.just(stored);
    }

    @Override
    public Mono<Deployment> freshDeployment(String namespace, String name) {
        return Mono.justOrEmpty(deployments.getByKey(ObjectKeys.key(namespace, name)));
    }

    private String nextVersion() {
        return Long.toString(versions.incrementAndGet());
    }
}
