package io.skiff.controllermanager.nodelifecycle;

/** A zone's health as nodelifecycle's ComputeZoneState judges it from its nodes' Ready conditions. */
enum ZoneState {
    /** Few enough nodes are not ready: evict at the normal rate. */
    NORMAL,
    /** Many nodes (more than 2, at least the unhealthy share) are not ready: evict slowly or not at all. */
    PARTIAL_DISRUPTION,
    /** No node is ready: likely the zone's network, not its nodes. */
    FULL_DISRUPTION;

    static ZoneState of(int ready, int notReady, double unhealthyThreshold) {
        if (ready == 0 && notReady > 0) {
            return FULL_DISRUPTION;
        }
        if (notReady > 2 && (double) notReady / (notReady + ready) >= unhealthyThreshold) {
            return PARTIAL_DISRUPTION;
        }
        return NORMAL;
    }
}
