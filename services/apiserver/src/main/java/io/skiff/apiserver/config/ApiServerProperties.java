package io.skiff.apiserver.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request handling limits and watch behaviour of the API server.
 *
 * @param maxRequestBytes largest request body accepted; larger ones get 413 (Kubernetes: 3 MiB)
 * @param minRequestTimeout a watch without timeoutSeconds ends after a random time between this
 *     and twice this, so clients spread their re-watches (Kubernetes: 1800 s)
 * @param bookmarkInterval how often a watch that allows bookmarks gets one
 * @param watchEventWindow how many recent changes the watch cache keeps in memory for resuming
 *     watches and paging lists; older resumes are served from the database's change log
 * @param watcherBufferSize events a slow watcher may fall behind before it is closed
 * @param consistentReadTimeout how long a consistent list waits for the cache to catch up
 * @param maxRequestsInFlight read requests served at once before 429 (watches not counted); unset,
 *     {@link #requestsInFlight() sized to the machine}
 * @param maxMutatingRequestsInFlight writes served at once before 429; with priority and fairness on,
 *     the two limits' sum is the concurrency the priority levels share; unset, {@link
 *     #mutatingRequestsInFlight() sized to the machine}
 * @param serviceClusterIpRange the IPv4 CIDR Services' cluster IPs come from (kube-apiserver's
 *     --service-cluster-ip-range; at most 20 host bits); the {@code kubernetes} Service takes its
 *     first address
 * @param serviceNodePortRange the ports NodePort and LoadBalancer Services' node ports come from,
 *     {@code first-last} (kube-apiserver's --service-node-port-range)
 * @param advertiseAddress the address this server publishes in the {@code kubernetes} Service's
 *     endpoints; by default the address it binds to, or the host's address when it binds to all
 * @param advertisePort the port published there; by default the port it serves on
 * @param endpointReconcileInterval how often this server renews its entry among the {@code
 *     kubernetes} Service's endpoints and reconciles them
 * @param endpointLeaseDuration how long an entry lasts without renewal before a dead API server
 *     drops out of the endpoints
 * @param enablePriorityAndFairness classify requests into priority levels with fair queues (as
 *     kube-apiserver's --enable-priority-and-fairness, on by default) instead of the two plain
 *     max-in-flight limits
 */
@ConfigurationProperties("skiff.apiserver")
public record ApiServerProperties(
        @DefaultValue("3145728") long maxRequestBytes,
        @DefaultValue("1800s") Duration minRequestTimeout,
        @DefaultValue("15s") Duration bookmarkInterval,
        @DefaultValue("20000") int watchEventWindow,
        @DefaultValue("10000") int watcherBufferSize,
        @DefaultValue("3s") Duration consistentReadTimeout,
        Integer maxRequestsInFlight,
        Integer maxMutatingRequestsInFlight,
        @DefaultValue("10.96.0.0/12") String serviceClusterIpRange,
        @DefaultValue("30000-32767") String serviceNodePortRange,
        String advertiseAddress,
        Integer advertisePort,
        @DefaultValue("10s") Duration endpointReconcileInterval,
        @DefaultValue("15s") Duration endpointLeaseDuration,
        @DefaultValue("true") boolean enablePriorityAndFairness) {

    /**
     * Reads served at once: as set, else kube-apiserver's 400 on a machine of 20 or more cores and
     * 20 per core below that. Kubernetes' defaults assume a large control-plane machine; on two
     * cores 600 seats admit far more work than the CPU can do at once, and a flooding client's
     * answers then crowd out everyone's, the seats' whole point (docs/benchmarks.md, "A noisy
     * client": the scheduler's p99 0.7-2.7 s with 600 seats, 33 ms with 60).
     */
    public int requestsInFlight() {
        return maxRequestsInFlight != null ? maxRequestsInFlight : sizedToCores(20, 400);
    }

    /** Writes served at once: as set, else kube-apiserver's 200, or 10 per core below 20 cores. */
    public int mutatingRequestsInFlight() {
        return maxMutatingRequestsInFlight != null ? maxMutatingRequestsInFlight : sizedToCores(10, 200);
    }

    /** Whether either limit was left unset, and so sized to the machine. */
    public boolean inFlightSizedToMachine() {
        return maxRequestsInFlight == null || maxMutatingRequestsInFlight == null;
    }

    static int sizedToCores(int perCore, int kubernetesDefault) {
        return Math.min(kubernetesDefault, perCore * Runtime.getRuntime().availableProcessors());
    }
}
