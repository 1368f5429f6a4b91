package io.skiff.kubelet.hollow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hollow runtime's settings ({@code skiff.kubelet.hollow.*}), read when {@code
 * skiff.kubelet.runtime=hollow}.
 *
 * @param nodes how many simulated nodes this kubelet runs
 * @param namePrefix the nodes are named {@code <name-prefix>-<index>}, index from 0; default the
 *     kubelet's {@code skiff.kubelet.node-name}
 * @param startDelay how long a pod bound to a hollow node takes to turn Running and Ready
 * @param cpu each node's cpu capacity
 * @param memory each node's memory capacity
 * @param ephemeralStorage each node's ephemeral-storage capacity
 * @param apiConcurrency API calls in flight at once for node registrations and status reports, and
 *     separately for Lease renewals
 * @param statusWorkers workers writing pod statuses (and final deletes) from the work queue
 */
@ConfigurationProperties("skiff.kubelet.hollow")
public record HollowProperties(
        @DefaultValue("1") int nodes,
        String namePrefix,
        @DefaultValue("1s") Duration startDelay,
        @DefaultValue("8") String cpu,
        @DefaultValue("32Gi") String memory,
        @DefaultValue("100Gi") String ephemeralStorage,
        @DefaultValue("64") int apiConcurrency,
        @DefaultValue("16") int statusWorkers) {

    public HollowProperties {
        startDelay = startDelay == null ? Duration.ofSeconds(1) : startDelay;
        cpu = blankTo(cpu, "8");
        memory = blankTo(memory, "32Gi");
        ephemeralStorage = blankTo(ephemeralStorage, "100Gi");
        namePrefix = namePrefix == null || namePrefix.isBlank() ? null : namePrefix.trim();
        if (nodes < 1) {
            throw new IllegalArgumentException("skiff.kubelet.hollow.nodes must be at least 1, got " + nodes);
        }
        if (startDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "skiff.kubelet.hollow.start-delay must not be negative, got " + startDelay);
        }
        if (apiConcurrency < 1 || statusWorkers < 1) {
            throw new IllegalArgumentException(
                    "skiff.kubelet.hollow.api-concurrency and status-workers must be at least 1");
        }
    }

    /** The name of node {@code index}: {@code <prefix>-<index>}. */
    public String nodeName(String kubeletNodeName, int index) {
        return (namePrefix == null ? kubeletNodeName : namePrefix) + "-" + index;
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
