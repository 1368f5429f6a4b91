package io.skiff.kubelet.staticpods;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where static pods come from ({@code skiff.kubelet.*}), named after the KubeletConfiguration fields.
 *
 * @param staticPodPath a directory of pod manifests, or one manifest file, whose pods the kubelet runs
 *     itself (staticPodPath, --pod-manifest-path); unset, there are no static pods
 * @param fileCheckFrequency how often the path is read again (fileCheckFrequency); changes to a
 *     directory are also noticed as they happen
 */
@ConfigurationProperties("skiff.kubelet")
public record StaticPodProperties(
        Path staticPodPath, @DefaultValue("20s") Duration fileCheckFrequency) {

    public StaticPodProperties {
        staticPodPath = staticPodPath == null || staticPodPath.toString().isBlank()
                ? null
                : staticPodPath.toAbsolutePath().normalize();
        fileCheckFrequency = fileCheckFrequency == null ? Duration.ofSeconds(20) : fileCheckFrequency;
        if (fileCheckFrequency.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(
                    "skiff.kubelet.file-check-frequency must be at least 100ms, got " + fileCheckFrequency);
        }
    }

    /** Whether a static pod path is configured. */
    public boolean enabled() {
        return staticPodPath != null;
    }
}
