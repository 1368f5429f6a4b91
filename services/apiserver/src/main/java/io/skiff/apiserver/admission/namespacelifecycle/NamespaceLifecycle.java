package io.skiff.apiserver.admission.namespacelifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.admission.AdmissionErrors;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import io.skiff.apiserver.admission.ValidatingAdmission;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' NamespaceLifecycle plugin: nothing may be written in a namespace that does not exist,
 * nothing created in one that is terminating, and the namespaces every cluster relies on may not be
 * deleted.
 *
 * <p>The namespace comes from the watch cache. When the cache does not have it, or this server
 * deleted it moments ago while the cache still shows it active, the plugin reads the database, as
 * Kubernetes' plugin falls back to a live lookup. A create then runs its admission off the
 * event loop ({@link #readsStorage}); an update, whose object the cache does hold, meets a missing
 * namespace only in a race with the namespace's removal and reads inline.
 */
public final class NamespaceLifecycle implements ValidatingAdmission {

    public static final String NAME = "NamespaceLifecycle";

    /** The namespaces that may not be deleted (kube-apiserver's immortal namespaces). */
    static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    /** How long after a delete this server distrusts a cache that still shows the namespace active. */
    static final Duration FORCE_LIVE_LOOKUP = Duration.ofSeconds(30);

    private final AdmissionReads reads;
    private final Clock clock;
    private final Map<String, Instant> recentlyDeleted = new ConcurrentHashMap<>();

    public NamespaceLifecycle(AdmissionReads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE || operation == Operation.DELETE;
    }

    @Override
    public boolean readsStorage(Attributes a) {
        if (a.operation() == Operation.DELETE
                || !a.type().namespaced()
                || a.namespace().isEmpty()) {
            return false;
        }
        Optional<ObjectNode> cached = reads.get(Resources.NAMESPACES, "", a.namespace());
        return cached.isEmpty() || forceLiveLookup(a.namespace(), cached.get());
    }

    @Override
    public void validate(Attributes a) {
        boolean namespaceKind = a.type().group().isEmpty() && a.type().plural().equals("namespaces");
        if (namespaceKind) {
            if (a.operation() == Operation.DELETE) {
                if (IMMORTAL.contains(a.name())) {
                    throw AdmissionErrors.forbidden(a.type(), a.name(), "this namespace may not be deleted");
                }
                if (!a.dryRun()) {
                    recentlyDeleted.put(a.name(), clock.instant().plus(FORCE_LIVE_LOOKUP));
                }
            }
            return;
        }
        if (!a.type().namespaced() || a.namespace().isEmpty() || a.operation() == Operation.DELETE) {
            return;
        }
        if (isAccessReview(a)) {
            return;
        }
        Optional<ObjectNode> namespace = reads.get(Resources.NAMESPACES, "", a.namespace());
        if (namespace.isEmpty() || forceLiveLookup(a.namespace(), namespace.get())) {
            namespace = reads.getLive(Resources.NAMESPACES, "", a.namespace());
            if (namespace.isEmpty()) {
                throw Statuses.notFound("", "namespaces", a.namespace());
            }
        }
        if (a.operation() == Operation.CREATE && isTerminating(namespace.get())) {
            throw terminating(a);
        }
    }

    /** Whether this server deleted the namespace recently while the cache still shows it active. */
    private boolean forceLiveLookup(String namespace, ObjectNode cached) {
        Instant until = recentlyDeleted.get(namespace);
        if (until == null) {
            return false;
        }
        if (clock.instant().isAfter(until)) {
            recentlyDeleted.remove(namespace, until);
            return false;
        }
        return !isTerminating(cached);
    }

    /** Access reviews say nothing of the namespace's state, which would leak it. */
    private static boolean isAccessReview(Attributes a) {
        return a.type().group().equals("authorization.k8s.io")
                && a.type().plural().equals("localsubjectaccessreviews");
    }

    static boolean isTerminating(ObjectNode namespace) {
        return "Terminating".equals(namespace.path("status").path("phase").asText())
                || !namespace
                        .path("metadata")
                        .path("deletionTimestamp")
                        .asText("")
                        .isEmpty();
    }

    private static ApiException terminating(Attributes a) {
        ApiException forbidden = AdmissionErrors.forbidden(
                a, "unable to create new content in namespace " + a.namespace() + " because it is being terminated");
        StatusCause cause = new StatusCause();
        cause.setReason("NamespaceTerminating");
        cause.setField("metadata.namespace");
        cause.setMessage("namespace " + a.namespace() + " is being terminated");
        List<StatusCause> causes = new ArrayList<>();
        causes.add(cause);
        forbidden.status().getDetails().setCauses(causes);
        return forbidden;
    }
}
