package io.skiff.kubelet.image;

import java.time.Duration;

/**
 * When the kubelet removes unused images (KubeletConfiguration's image GC fields).
 *
 * @param highThresholdPercent disk usage of the image file system that starts a collection
 *     (imageGCHighThresholdPercent, 85)
 * @param lowThresholdPercent the usage a collection frees down to (imageGCLowThresholdPercent, 80)
 * @param minimumAge an image is kept at least this long after it was first seen
 *     (imageMinimumGCAge, 2m), so a pull is not collected before its container starts
 * @param maximumAge unused images older than this are removed whatever the disk usage
 *     (imageMaximumGCAge); zero disables
 */
public record ImageGcPolicy(
        int highThresholdPercent, int lowThresholdPercent, Duration minimumAge, Duration maximumAge) {

    public ImageGcPolicy {
        if (highThresholdPercent < 0 || highThresholdPercent > 100) {
            throw new IllegalArgumentException(
                    "invalid HighThresholdPercent " + highThresholdPercent + ", must be in range [0-100]");
        }
        if (lowThresholdPercent < 0 || lowThresholdPercent > 100) {
            throw new IllegalArgumentException(
                    "invalid LowThresholdPercent " + lowThresholdPercent + ", must be in range [0-100]");
        }
        if (lowThresholdPercent > highThresholdPercent) {
            throw new IllegalArgumentException("LowThresholdPercent " + lowThresholdPercent
                    + " can not be higher than HighThresholdPercent " + highThresholdPercent);
        }
        minimumAge = minimumAge == null ? Duration.ZERO : minimumAge;
        maximumAge = maximumAge == null ? Duration.ZERO : maximumAge;
    }

    /**
     * Whether there is anything to collect: not with a high threshold of 100 % and no maximum age,
     * with which the kubelet does not run image garbage collection at all.
     */
    public boolean collects() {
        return highThresholdPercent < 100 || !maximumAge.isZero();
    }

    /** Kubernetes' defaults: 85 %, 80 %, 2 minutes, no maximum age. */
    public static ImageGcPolicy defaults() {
        return new ImageGcPolicy(85, 80, Duration.ofMinutes(2), Duration.ZERO);
    }
}
