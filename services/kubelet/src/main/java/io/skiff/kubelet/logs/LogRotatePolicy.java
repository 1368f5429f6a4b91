package io.skiff.kubelet.logs;

/**
 * When container logs are rotated (the kubelet's LogRotatePolicy).
 *
 * @param maxSize bytes a container's log file may reach before it is rotated (containerLogMaxSize);
 *     negative turns rotation off
 * @param maxFiles log files a container may have, the current one included (containerLogMaxFiles)
 */
public record LogRotatePolicy(long maxSize, int maxFiles) {

    public LogRotatePolicy {
        if (maxFiles <= 1) {
            throw new IllegalArgumentException("invalid MaxFiles " + maxFiles + ", must be > 1");
        }
    }

    /** Whether logs are rotated at all. */
    public boolean rotates() {
        return maxSize >= 0;
    }
}
