package io.skiff.component.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import reactor.core.publisher.Mono;

/**
 * The port through which a {@link LeaderElector} reads and writes its {@code coordination.k8s.io/v1}
 * Lease, as client-go's resourcelock.Interface: one lock (namespace/name) seen by one candidate
 * (identity). Implementations talk to the API server and must keep its semantics: every write is
 * checked against the resourceVersion it carries, so two candidates can never both win.
 */
public interface LeaseLock {

    /** Who this candidate is; written to spec.holderIdentity when it leads. */
    String identity();

    /** The namespace of the Lease, e.g. kube-system. */
    String namespace();

    /** The name of the Lease, e.g. kube-scheduler. */
    String name();

    /**
     * The current Lease. Signals {@link io.skiff.model.api.ApiException} with code 404 when there
     * is none; any other error means the state is unknown.
     */
    Mono<Lease> get();

    /**
     * Creates the Lease (namespace and name already set in its metadata). Signals ApiException 409
     * AlreadyExists when another candidate created it first.
     */
    Mono<Lease> create(Lease lease);

    /**
     * Replaces the Lease with a PUT whose precondition is {@code lease.metadata.resourceVersion}:
     * signals ApiException 409 Conflict when the Lease has changed since that version was read.
     * Returns the Lease as stored, with its new resourceVersion.
     */
    Mono<Lease> update(Lease lease);

    /** "namespace/name", for logs and health details. */
    default String describe() {
        return namespace() + "/" + name();
    }
}
