package io.skiff.component.leaderelection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leader election settings of a component ({@code skiff.leader-election.*}), named after
 * kube-scheduler's --leader-elect-* flags.
 *
 * <p>spring-cloud-kubernetes' LeaderElectionProperties does not fit: it has no identity (it derives
 * one from the pod), defaults the lock to namespace "default" and a shared
 * "spring-k8s-leader-election-lock", and carries settings that mean nothing here (waitForPodReady,
 * useConfigMapAsLock, restartOnFailure). Its Spring events are reused, see {@link SpringLeaderEvents}.
 *
 * @param enabled whether to elect a leader; when false, leader work runs at once (--leader-elect=false)
 * @param leaseDuration how long standbys wait after the lease last changed before taking it over
 * @param renewDeadline how long a leader keeps leading without a successful renewal
 * @param retryPeriod the interval between attempts to acquire or renew
 * @param leaseNamespace the namespace of the Lease
 * @param leaseName the name of the Lease, e.g. kube-scheduler; required when enabled
 * @param identity this instance's holderIdentity; in a Kubernetes pod defaults to {@code
 *     <namespace>/<pod name>} ({@link PodIdentity}), elsewhere to hostname + "_" + a random UUID
 * @param releaseOnCancel whether a leader releases the lease on graceful shutdown so a standby takes
 *     over at once
 */
@ConfigurationProperties("skiff.leader-election")
public record LeaderElectionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15s") Duration leaseDuration,
        @DefaultValue("10s") Duration renewDeadline,
        @DefaultValue("2s") Duration retryPeriod,
        @DefaultValue("kube-system") String leaseNamespace,
        String leaseName,
        String identity,
        @DefaultValue("true") boolean releaseOnCancel) {

    public LeaderElectionProperties {
        leaseDuration = Objects.requireNonNullElse(leaseDuration, LeaseTimings.DEFAULTS.leaseDuration());
        renewDeadline = Objects.requireNonNullElse(renewDeadline, LeaseTimings.DEFAULTS.renewDeadline());
        retryPeriod = Objects.requireNonNullElse(retryPeriod, LeaseTimings.DEFAULTS.retryPeriod());
        leaseNamespace = leaseNamespace == null || leaseNamespace.isBlank() ? "kube-system" : leaseNamespace;
        identity = identity == null || identity.isBlank() ? defaultIdentity() : identity;
        // Fail at startup, not at the first election, on durations client-go would reject.
        new LeaseTimings(leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaseTimings timings() {
        return new LeaseTimings(leaseDuration, renewDeadline, retryPeriod);
    }

    /** The lease name, or a clear error when leader election is enabled without one. */
    public String requiredLeaseName() {
        if (leaseName == null || leaseName.isBlank()) {
            throw new IllegalStateException("skiff.leader-election.lease-name must be set when leader election"
                    + " is enabled (e.g. kube-scheduler)");
        }
        return leaseName;
    }

    /**
     * The pod's namespace and name in a Kubernetes pod; elsewhere hostname + "_" + random UUID, as
     * kube-scheduler and kube-controller-manager name themselves.
     */
    public static String defaultIdentity() {
        return PodIdentity.current().orElseGet(() -> hostname() + "_" + UUID.randomUUID());
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
