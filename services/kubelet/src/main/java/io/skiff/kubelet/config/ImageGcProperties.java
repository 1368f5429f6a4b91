package io.skiff.kubelet.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Image garbage collection ({@code skiff.kubelet.image-*}), as the KubeletConfiguration fields of
 * the same names; the runc runtime, which keeps pulled images, collects them every five minutes.
 *
 * @param imageGcHighThresholdPercent disk usage of the image file system at which unused images are
 *     removed (imageGCHighThresholdPercent); 100, with no maximum age, turns collection off
 * @param imageGcLowThresholdPercent the disk usage a collection frees down to
 *     (imageGCLowThresholdPercent)
 * @param imageMinimumGcAge how long an unused image is kept at least, counted from when the kubelet
 *     first saw it (imageMinimumGCAge)
 * @param imageMaximumGcAge how long an image may stay unused before it is removed whatever the
 *     disk usage (imageMaximumGCAge); 0 for no limit
 */
@ConfigurationProperties("skiff.kubelet")
public record ImageGcProperties(
        @DefaultValue("85") int imageGcHighThresholdPercent,
        @DefaultValue("80") int imageGcLowThresholdPercent,
        @DefaultValue("2m") Duration imageMinimumGcAge,
        @DefaultValue("0s") Duration imageMaximumGcAge) {

    public ImageGcProperties {
        imageMinimumGcAge = imageMinimumGcAge == null ? Duration.ofMinutes(2) : imageMinimumGcAge;
        imageMaximumGcAge = imageMaximumGcAge == null ? Duration.ZERO : imageMaximumGcAge;
    }
}
