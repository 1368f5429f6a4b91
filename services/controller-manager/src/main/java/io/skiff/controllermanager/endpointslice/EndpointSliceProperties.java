package io.skiff.controllermanager.endpointslice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the EndpointSlice controller ({@code skiff.controllers.endpointslice.*}).
 *
 * @param enabled false switches the controller off
 * @param workers how many Services are synced at once (kube-controller-manager's
 *     --concurrent-service-endpoint-syncs, 5)
 * @param maxEndpointsPerSlice the most endpoints one slice holds (--max-endpoints-per-slice, 100;
 *     between 1 and 1000)
 */
@ConfigurationProperties("skiff.controllers.endpointslice")
public record EndpointSliceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") int workers,
        @DefaultValue("100") int maxEndpointsPerSlice) {

    public EndpointSliceProperties {
        if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
            throw new IllegalArgumentException(
                    "skiff.controllers.endpointslice.max-endpoints-per-slice must be between 1 and 1000, got "
                            + maxEndpointsPerSlice);
        }
        if (workers < 1) {
            throw new IllegalArgumentException(
                    "skiff.controllers.endpointslice.workers must be at least 1, got " + workers);
        }
    }
}
