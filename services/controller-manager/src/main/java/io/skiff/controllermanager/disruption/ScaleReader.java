package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Optional;

/**
 * The disruption controller's last finder (getScaleController): the /scale of whatever kind a
 * pod's controller reference names, read from the API server since no cache holds it.
 */
@FunctionalInterface
interface ScaleReader {

    /**
     * The scale of the object {@code ref} names; empty when it does not exist or another object now
     * has its name.
     *
     * @throws IllegalStateException when the kind is not served ({@code no matches for kind ...}) or
     *     serves no /scale ({@code <resource> does not implement the scale subresource})
     */
    Optional<WorkloadScale> scaleOf(OwnerReference ref, String namespace);
}
