package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.model.quantity.Quantities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories behind emptyDir volumes and the volumes Kubernetes wraps in one (configMap,
 * secret, downwardAPI, projected): a 0777 directory on the node's disk, or a tmpfs for medium
 * Memory (secrets and projected volumes are always memory-backed, so they never touch the disk).
 *
 * <p>A tmpfs needs root. Without it a memory-backed volume is a plain directory, and the kubelet
 * says so once per volume in its log.
 */
final class EmptyDirs {

    private static final Logger log = LoggerFactory.getLogger(EmptyDirs.class);
    private static final int DIRECTORY_MODE = 0777;
    private static final int POD_DIRECTORY_MODE = 0750;

    private final Mounter mounter;
    private final Set<Path> warnedDirectories = ConcurrentHashMap.newKeySet();

    EmptyDirs(Mounter mounter) {
        this.mounter = mounter;
    }

    /**
     * Makes {@code directory} ready; idempotent.
     *
     * @param sizeLimit the volume's own limit for a tmpfs, or null
     * @return whether a tmpfs backs it
     */
    boolean setUp(Path directory, boolean memory, Quantity sizeLimit, Pod pod, Map<String, Quantity> allocatable)
            throws VolumeSetupException {
        try {
            Path parent = directory.getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent);
                Files.setAttribute(parent, "unix:mode", POD_DIRECTORY_MODE);
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectory(directory);
            }
            if (!memory) {
                Files.setAttribute(directory, "unix:mode", DIRECTORY_MODE);
                return false;
            }
            if (!mounter.canMount()) {
                Files.setAttribute(directory, "unix:mode", DIRECTORY_MODE);
                if (warnedDirectories.add(directory)) {
                    log.warn(
                            "{} is a plain directory, not a tmpfs: mounting needs root; its contents reach the disk",
                            directory);
                }
                return false;
            }
            if (isMountPoint(directory)) {
                return true;
            }
            Files.setAttribute(directory, "unix:mode", DIRECTORY_MODE);
            mounter.mountTmpfs(directory, memorySize(sizeLimit, pod, allocatable));
            return true;
        } catch (IOException e) {
            throw new VolumeSetupException("cannot set up " + directory + ": " + e.getMessage(), e);
        }
    }

    boolean isMountPoint(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath().normalize();
        return mounter.mountPointsUnder(absolute).stream()
                .anyMatch(m -> m.path().equals(absolute));
    }

    /**
     * Kubernetes' tmpfs size (calculateEmptyDirMemorySize): the node's allocatable memory, or the
     * pod's memory limit when all its containers declare one and it is smaller, or the volume's
     * sizeLimit when that is smaller still; no size option when nothing is known.
     */
    static OptionalLong memorySize(Quantity sizeLimit, Pod pod, Map<String, Quantity> allocatable) {
        long size = allocatable.containsKey("memory") ? bytes(allocatable.get("memory")) : 0;
        long podLimit = podMemoryLimit(pod);
        if (podLimit > 0 && (size == 0 || podLimit <= size)) {
            size = podLimit;
        }
        if (sizeLimit != null) {
            long volumeLimit = bytes(sizeLimit);
            if (volumeLimit > 0 && (size == 0 || volumeLimit <= size)) {
                size = volumeLimit;
            }
        }
        return size > 0 ? OptionalLong.of(size) : OptionalLong.empty();
    }

    /**
     * The pod's memory limit as its cgroup gets it: the larger of its app containers' (and
     * sidecars') sum and its largest init container; zero unless every container declares one.
     */
    static long podMemoryLimit(Pod pod) {
        long sum = 0;
        long largestInit = 0;
        for (Container container : listOf(pod.getSpec().getContainers())) {
            long limit = memoryLimit(container);
            if (limit == 0) {
                return 0;
            }
            sum += limit;
        }
        for (Container container : listOf(pod.getSpec().getInitContainers())) {
            long limit = memoryLimit(container);
            if (limit == 0) {
                return 0;
            }
            if ("Always".equals(container.getRestartPolicy())) {
                sum += limit;
            } else {
                largestInit = Math.max(largestInit, limit);
            }
        }
        long overhead = pod.getSpec().getOverhead() != null
                        && pod.getSpec().getOverhead().containsKey("memory")
                ? bytes(pod.getSpec().getOverhead().get("memory"))
                : 0;
        return Math.max(sum, largestInit) + overhead;
    }

    private static long memoryLimit(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return 0;
        }
        Quantity limit = container.getResources().getLimits().get("memory");
        return limit == null ? 0 : bytes(limit);
    }

    static long bytes(Quantity quantity) {
        if (quantity == null || quantity.getAmount() == null) {
            return 0;
        }
        return Quantities.value(quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat()));
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }
}
