package io.skiff.component.leaderelection;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * What leader election keeps in a Lease's spec (client-go's resourcelock.LeaderElectionRecord).
 * Times are microsecond precision in UTC, as the Lease API's MicroTime fields carry them.
 *
 * @param holderIdentity the leader, or "" when the lease was released or never held
 * @param leaseDurationSeconds how long the holder claims the lease after each renewal
 * @param acquireTime when the current holder acquired the lease, or null
 * @param renewTime when the holder last renewed, by the holder's clock, or null
 * @param leaseTransitions how many times the lease changed hands
 */
public record LeaderElectionRecord(
        String holderIdentity, int leaseDurationSeconds, Instant acquireTime, Instant renewTime, int leaseTransitions) {

    public LeaderElectionRecord {
        holderIdentity = holderIdentity == null ? "" : holderIdentity;
        acquireTime = micros(acquireTime);
        renewTime = micros(renewTime);
    }

    /** The record a Lease carries; a Lease without spec reads as never held. */
    public static LeaderElectionRecord of(Lease lease) {
        LeaseSpec spec = lease.getSpec();
        if (spec == null) {
            return new LeaderElectionRecord("", 0, null, null, 0);
        }
        return new LeaderElectionRecord(
                spec.getHolderIdentity(),
                orZero(spec.getLeaseDurationSeconds()),
                instant(spec.getAcquireTime()),
                instant(spec.getRenewTime()),
                orZero(spec.getLeaseTransitions()));
    }

    /** Whether someone holds (or held and has not released) the lease. */
    public boolean isHeld() {
        return !holderIdentity.isEmpty();
    }

    /**
     * A copy of {@code base} with this record in its spec. Other spec fields (strategy,
     * preferredHolder) and the metadata, including the resourceVersion precondition, are kept.
     */
    public Lease applyTo(Lease base) {
        Lease copy = new LeaseBuilder(base).build();
        LeaseSpec spec = copy.getSpec() == null ? new LeaseSpec() : copy.getSpec();
        spec.setHolderIdentity(holderIdentity);
        spec.setLeaseDurationSeconds(leaseDurationSeconds);
        spec.setAcquireTime(zoned(acquireTime));
        spec.setRenewTime(zoned(renewTime));
        spec.setLeaseTransitions(leaseTransitions);
        copy.setSpec(spec);
        return copy;
    }

    /** A new Lease named by the lock, carrying this record. */
    public Lease toNewLease(String namespace, String name) {
        Lease lease = new Lease();
        ObjectMeta metadata = new ObjectMeta();
        metadata.setNamespace(namespace);
        metadata.setName(name);
        lease.setMetadata(metadata);
        return applyTo(lease);
    }

    private static Instant micros(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant instant(ZonedDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static ZonedDateTime zoned(Instant time) {
        return time == null ? null : ZonedDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
