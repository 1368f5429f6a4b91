package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.DiscoveryClient;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a namespace being deleted and then releases it (namespaced_resources_deleter.go): every
 * namespaced kind the API server's discovery lists is deleted (as a collection where the kind
 * allows it, one by one otherwise), what remains is counted by kind and by finalizer into the
 * namespace's status conditions, and once nothing remains the "kubernetes" finalizer is removed
 * through namespaces/finalize, after which the API server removes the namespace.
 */
final class NamespacedResourcesDeleter {

    private static final Logger log = LoggerFactory.getLogger(NamespacedResourcesDeleter.class);

    /** The spec.finalizers entry this controller owns. */
    static final String FINALIZER = "kubernetes";

    /** How long to wait for objects that have finalizers before looking again. */
    static final long FINALIZER_ESTIMATE_SECONDS = 15;

    /** Bounds the read-modify-write retries on a namespace others edit meanwhile. */
    private static final int CONFLICT_ATTEMPTS = 10;

    private final NamespaceApi api;
    private final Clock clock;
    /** "verb resource" pairs the server turned out not to support (operationNotSupportedCache). */
    private final Set<String> notSupported = ConcurrentHashMap.newKeySet();

    NamespacedResourcesDeleter(NamespaceApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /**
     * One pass over the namespace. Zero when there is nothing (more) to do: the namespace is gone,
     * not being deleted, or finalized by this pass. Otherwise the estimated seconds until the
     * content still there should be gone, for the caller to look again.
     */
    long delete(String name) {
        Namespace namespace = api.get(name).orElse(null);
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() == null) {
            return 0;
        }
        try {
            namespace = retryOnConflict(namespace, this::markTerminating);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return 0;
            }
            throw e;
        }
        if (namespace.getMetadata().getDeletionTimestamp() == null || finalized(namespace)) {
            return 0;
        }
        long estimate = deleteAllContent(namespace);
        if (estimate > 0) {
            return estimate;
        }
        try {
            retryOnConflict(namespace, this::finalizeNamespace);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
        return 0;
    }

    private Namespace markTerminating(Namespace namespace) {
        if (namespace.getStatus() != null
                && "Terminating".equals(namespace.getStatus().getPhase())) {
            return namespace;
        }
        Namespace updated = new NamespaceBuilder(namespace).build();
        if (updated.getStatus() == null) {
            updated.setStatus(new NamespaceStatus());
        }
        updated.getStatus().setPhase("Terminating");
        return api.updateStatus(updated);
    }

    private Namespace finalizeNamespace(Namespace namespace) {
        Namespace finalizing = new NamespaceBuilder(namespace).build();
        List<String> kept = new ArrayList<>(new java.util.TreeSet<>(finalizers(namespace)));
        kept.remove(FINALIZER);
        finalizing.getSpec().setFinalizers(kept);
        return api.finalize(finalizing);
    }

    /** Applies {@code change} to the latest namespace until it does not conflict, as long as it is the same one. */
    private Namespace retryOnConflict(Namespace namespace, UnaryOperator<Namespace> change) {
        Namespace latest = namespace;
        for (int attempt = 1; ; attempt++) {
            try {
                return change.apply(latest);
            } catch (RuntimeException e) {
                if (!ApiErrors.isConflict(e) || attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
            Namespace previous = latest;
            latest = api.get(previous.getMetadata().getName())
                    .orElseThrow(() -> new IllegalStateException(
                            "namespace " + previous.getMetadata().getName() + " disappeared while being updated"));
            if (!Objects.equals(
                    previous.getMetadata().getUid(), latest.getMetadata().getUid())) {
                throw new IllegalStateException("namespace uid has changed across retries");
            }
        }
    }

    /** Deletes everything deletable in the namespace; the estimate of how long what remains will take. */
    private long deleteAllContent(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant deletedAt = Instant.parse(namespace.getMetadata().getDeletionTimestamp());
        NamespaceConditions conditions = new NamespaceConditions(now);
        List<String> errors = new ArrayList<>();

        List<ResourceType> deletable = List.of();
        try {
            DiscoveryClient.PreferredResources discovered = api.discover();
            if (!discovered.complete()) {
                String message = discovered.failureMessage();
                errors.add(message);
                conditions.discoveryFailed("Discovery failed for some groups, "
                        + discovered.failed().size() + " failing: " + message);
            }
            deletable = deletableNamespacedTypes(discovered);
        } catch (RuntimeException e) {
            // Not fatal in Kubernetes either: with nothing discovered nothing is deleted, and it is retried.
            errors.add(e.getMessage());
            conditions.discoveryFailed(String.valueOf(e.getMessage()));
        }

        long estimate = 0;
        Map<ResourceType, Integer> remainingByType = new LinkedHashMap<>();
        Map<String, Integer> remainingByFinalizer = new TreeMap<>();
        for (ResourceType type : deletable) {
            Remaining remaining;
            try {
                remaining = deleteAllOf(type, name, deletedAt, now);
            } catch (ContentRemainsException e) {
                errors.add(e.getMessage());
                conditions.deleteContentFailed(e.getMessage());
                remaining = e.remaining;
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
                conditions.deleteContentFailed(String.valueOf(e.getMessage()));
                continue;
            }
            estimate = Math.max(estimate, remaining.estimateSeconds());
            if (remaining.count() > 0) {
                remainingByType.put(type, remaining.count());
                remaining
                        .byFinalizer()
                        .forEach((finalizer, count) -> remainingByFinalizer.merge(finalizer, count, Integer::sum));
            }
        }
        List<String> resources = new ArrayList<>();
        remainingByType.forEach((type, count) ->
                resources.add(type.plural() + "." + type.group() + " has " + count + " resource instances"));
        List<String> finalizers = new ArrayList<>();
        remainingByFinalizer.forEach(
                (finalizer, count) -> finalizers.add(finalizer + " in " + count + " resource instances"));
        conditions.contentRemaining(resources, finalizers);

        // Always: a condition that was failing must show when it stops failing.
        Namespace withConditions = new NamespaceBuilder(namespace).build();
        if (withConditions.getStatus() == null) {
            withConditions.setStatus(new NamespaceStatus());
        }
        if (conditions.applyTo(withConditions.getStatus())) {
            try {
                api.updateStatus(withConditions);
            } catch (RuntimeException e) {
                log.warn("couldn't update status condition for namespace {}: {}", name, e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() == 1 ? errors.get(0) : errors.toString());
        }
        return estimate;
    }

    /** What one kind left behind: how many, held by which finalizers, and how long to wait for them. */
    private record Remaining(long estimateSeconds, int count, Map<String, Integer> byFinalizer) {

        static final Remaining NONE = new Remaining(0, 0, Map.of());
    }

    /** Objects remain that nothing (no finalizer, no grace period) should keep. */
    private static final class ContentRemainsException extends RuntimeException {

        private final transient Remaining remaining;

        ContentRemainsException(String message, Remaining remaining) {
            super(message);
            this.remaining = remaining;
        }
    }

    private Remaining deleteAllOf(ResourceType type, String namespace, Instant deletedAt, Instant now) {
        long estimate = estimateGracefulTermination(type, namespace, deletedAt, now);
        if (!deleteCollection(type, namespace)) {
            deleteEachItem(type, namespace);
        }
        List<ObjectMeta> left = listCollection(type, namespace);
        if (left == null || left.isEmpty()) {
            return left == null ? new Remaining(estimate, 0, Map.of()) : Remaining.NONE;
        }
        Map<String, Integer> byFinalizer = new TreeMap<>();
        for (ObjectMeta item : left) {
            if (item.getFinalizers() != null) {
                item.getFinalizers().forEach(finalizer -> byFinalizer.merge(finalizer, 1, Integer::sum));
            }
        }
        if (estimate != 0) {
            return new Remaining(estimate, left.size(), byFinalizer);
        }
        if (!byFinalizer.isEmpty()) {
            return new Remaining(FINALIZER_ESTIMATE_SECONDS, left.size(), byFinalizer);
        }
        throw new ContentRemainsException(
                "unexpected items still remain in namespace: " + namespace + " for gvr: " + gvr(type),
                new Remaining(0, left.size(), Map.of()));
    }

    /** Pods get their grace period (the longest one, counted from the namespace's deletion). */
    private long estimateGracefulTermination(ResourceType type, String namespace, Instant deletedAt, Instant now) {
        if (!type.group().isEmpty() || !type.plural().equals("pods")) {
            return 0;
        }
        long estimate = 0;
        for (Pod pod : api.pods(namespace)) {
            if (ActivePods.isTerminal(pod) || pod.getSpec() == null) {
                continue;
            }
            Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
            if (grace != null && grace > estimate) {
                estimate = grace;
            }
        }
        return Duration.between(deletedAt, now).compareTo(Duration.ofSeconds(estimate)) >= 0 ? 0 : estimate;
    }

    /** True when the server took the collection delete; false when the kind does not support it. */
    private boolean deleteCollection(ResourceType type, String namespace) {
        String key = "deletecollection " + type.groupResource();
        if (notSupported.contains(key)) {
            return false;
        }
        try {
            api.deleteCollection(type, namespace);
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.isMethodNotSupported(e) || ApiErrors.isNotFound(e)) {
                notSupported.add(key);
                return false;
            }
            throw e;
        }
    }

    private void deleteEachItem(ResourceType type, String namespace) {
        List<ObjectMeta> items = listCollection(type, namespace);
        if (items == null) {
            return;
        }
        for (ObjectMeta item : items) {
            try {
                api.delete(type, namespace, item.getName());
            } catch (RuntimeException e) {
                if (!ApiErrors.isNotFound(e) && !ApiErrors.isMethodNotSupported(e)) {
                    throw e;
                }
            }
        }
    }

    /** The objects of the kind in the namespace; null when the kind cannot be listed. */
    private List<ObjectMeta> listCollection(ResourceType type, String namespace) {
        String key = "list " + type.groupResource();
        if (notSupported.contains(key)) {
            return null;
        }
        try {
            return api.list(type, namespace);
        } catch (RuntimeException e) {
            if (ApiErrors.isMethodNotSupported(e) || ApiErrors.isNotFound(e)) {
                notSupported.add(key);
                return null;
            }
            throw e;
        }
    }

    /**
     * The namespaced kinds that can be deleted, as discovery describes them; kinds lacking list or
     * deletecollection are remembered as such, as the operation cache is primed in Kubernetes.
     */
    private List<ResourceType> deletableNamespacedTypes(DiscoveryClient.PreferredResources discovered) {
        List<ResourceType> types = new ArrayList<>();
        for (APIResourceList list : discovered.resources()) {
            String groupVersion = list.getGroupVersion();
            int slash = groupVersion.indexOf('/');
            String group = slash < 0 ? "" : groupVersion.substring(0, slash);
            String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
            for (APIResource resource : list.getResources()) {
                List<String> verbs = resource.getVerbs() == null ? List.of() : resource.getVerbs();
                if (resource.getName().contains("/")
                        || !Boolean.TRUE.equals(resource.getNamespaced())
                        || !verbs.contains("delete")) {
                    continue;
                }
                ResourceType type = new ResourceType(
                        group,
                        version,
                        resource.getKind(),
                        resource.getName(),
                        resource.getSingularName() == null ? "" : resource.getSingularName(),
                        List.of(),
                        true,
                        verbs,
                        List.of(),
                        List.of(),
                        Set.of());
                for (String verb : List.of("list", "deletecollection")) {
                    if (!verbs.contains(verb)) {
                        notSupported.add(verb + " " + type.groupResource());
                    }
                }
                types.add(type);
            }
        }
        return types;
    }

    private static boolean finalized(Namespace namespace) {
        return finalizers(namespace).isEmpty();
    }

    private static List<String> finalizers(Namespace namespace) {
        return namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null
                ? List.of()
                : namespace.getSpec().getFinalizers();
    }

    /** schema.GroupVersionResource's String(): "apps/v1, Resource=deployments", "/v1, Resource=pods". */
    private static String gvr(ResourceType type) {
        return type.group() + "/" + type.version() + ", Resource=" + type.plural();
    }
}
