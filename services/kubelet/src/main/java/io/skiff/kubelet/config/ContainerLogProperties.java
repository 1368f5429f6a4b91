package io.skiff.kubelet.config;

import io.skiff.model.quantity.Quantities;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Container log rotation ({@code skiff.kubelet.container-log-*}), as the KubeletConfiguration
 * fields of the same names.
 *
 * @param containerLogMaxSize the size, a quantity such as {@code 10Mi}, a container's log file may
 *     reach before it is rotated; a negative size turns rotation off
 * @param containerLogMaxFiles how many log files a container may have, the current one included;
 *     more than 1
 * @param containerLogMonitorInterval how often the logs of running containers are checked
 */
@ConfigurationProperties("skiff.kubelet")
public record ContainerLogProperties(
        @DefaultValue("10Mi") String containerLogMaxSize,
        @DefaultValue("5") int containerLogMaxFiles,
        @DefaultValue("10s") Duration containerLogMonitorInterval) {

    public ContainerLogProperties {
        containerLogMaxSize =
                containerLogMaxSize == null || containerLogMaxSize.isBlank() ? "10Mi" : containerLogMaxSize.trim();
        containerLogMonitorInterval =
                containerLogMonitorInterval == null ? Duration.ofSeconds(10) : containerLogMonitorInterval;
        if (containerLogMaxFiles <= 1) {
            throw new IllegalArgumentException(
                    "skiff.kubelet.container-log-max-files must be more than 1, got " + containerLogMaxFiles);
        }
        if (containerLogMonitorInterval.toMillis() < 1) {
            throw new IllegalArgumentException("skiff.kubelet.container-log-monitor-interval must be positive, got "
                    + containerLogMonitorInterval);
        }
        maxSizeBytes(containerLogMaxSize);
    }

    /** The maximum size in bytes; negative when rotation is off. */
    public long maxSizeBytes() {
        return maxSizeBytes(containerLogMaxSize);
    }

    private static long maxSizeBytes(String quantity) {
        try {
            return Quantities.value(quantity);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "failed to parse container log max size \"" + quantity + "\": " + e.getMessage(), e);
        }
    }
}
