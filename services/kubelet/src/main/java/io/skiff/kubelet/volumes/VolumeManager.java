package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.files.FileTrees;
import io.skiff.kubelet.volumes.Mounter.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares pods' volumes on the node, under {@code <root>/pods/<uid>/volumes/<plugin>/<name>},
 * keeps their projected contents up to date and removes them with the pod.
 *
 * <p>Pod workers call {@link #mountVolumes} on every sync before they start containers: it sets
 * up what is missing, re-projects configMap, secret, downwardAPI and projected volumes from the
 * pod given (so label changes reach downwardAPI files), and fails while any volume cannot be set
 * up. {@link #refreshAll} (run by a {@link VolumeRefresher}) re-projects between syncs. Calls for
 * one pod are serialised; different pods proceed in parallel.
 */
public final class VolumeManager {

    private static final Logger log = LoggerFactory.getLogger(VolumeManager.class);
    private static final int POD_DIRECTORY_MODE = 0750;

    private final VolumeLayout layout;
    private final Mounter mounter;
    private final ServiceAccountTokens tokens;
    private final List<VolumePlugin> plugins;
    private final Map<String, PodState> pods = new ConcurrentHashMap<>();

    /** What the manager knows of one pod; guarded by its own monitor. */
    private static final class PodState {
        private Pod pod;
        private final Map<String, MountedVolume> mounted = new LinkedHashMap<>();
        private boolean removed;
        /** The pod finished: its volumes are kept as they are, no longer refreshed. */
        private boolean finished;

        PodState(Pod pod) {
            this.pod = pod;
        }
    }

    public VolumeManager(
            VolumeLayout layout, VolumeSources sources, Mounter mounter, ServiceAccountTokens tokens, Clock clock) {
        this.layout = layout;
        this.mounter = mounter;
        this.tokens = tokens;
        EmptyDirs emptyDirs = new EmptyDirs(mounter);
        WrappedVolumes wrapped = new WrappedVolumes(layout, sources, emptyDirs, clock);
        this.plugins = List.of(
                new EmptyDirPlugin(layout, sources, emptyDirs),
                new HostPathPlugin(),
                new ConfigMapPlugin(wrapped),
                new SecretPlugin(wrapped),
                new DownwardApiPlugin(wrapped),
                new ProjectedPlugin(wrapped, tokens),
                new PersistentClaimPlugin(sources));
    }

    public VolumeLayout layout() {
        return layout;
    }

    /**
     * Sets up every volume of {@code pod} that is not ready yet and refreshes the contents of the
     * others; idempotent.
     *
     * @throws VolumesNotReadyException when a volume cannot be set up; the others stay ready
     */
    public PodVolumes mountVolumes(Pod pod) {
        PodState state = pods.compute(
                uid(pod), (uid, existing) -> existing == null || existing.removed ? new PodState(pod) : existing);
        synchronized (state) {
            state.pod = pod;
            List<VolumeFailure> notReady = new ArrayList<>();
            List<VolumeFailure> refreshFailures = new ArrayList<>();
            createPodDirectories(uid(pod));
            for (Volume volume : volumesOf(pod)) {
                boolean mounted = state.mounted.containsKey(volume.getName());
                Optional<VolumePlugin> plugin = pluginFor(volume);
                if (plugin.isEmpty()) {
                    notReady.add(new VolumeFailure(volume.getName(), "no volume plugin matched"));
                    continue;
                }
                if (mounted && !plugin.get().refreshable()) {
                    continue;
                }
                try {
                    state.mounted.put(volume.getName(), plugin.get().setUp(pod, volume));
                } catch (VolumeSetupException e) {
                    (mounted ? refreshFailures : notReady).add(new VolumeFailure(volume.getName(), e.getMessage()));
                }
            }
            if (!notReady.isEmpty()) {
                throw new VolumesNotReadyException(notReady);
            }
            return new PodVolumes(uid(pod), state.mounted, refreshFailures);
        }
    }

    /** The volumes set up for the pod so far, if any. */
    public Optional<PodVolumes> mountedVolumes(String podUid) {
        PodState state = pods.get(podUid);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return state.removed ? Optional.empty() : Optional.of(new PodVolumes(podUid, state.mounted, List.of()));
        }
    }

    /**
     * Re-projects the refreshable volumes already set up for {@code pod} from its current objects.
     *
     * @return the volumes whose contents could not be brought up to date
     */
    public List<VolumeFailure> refresh(Pod pod) {
        PodState state = pods.get(uid(pod));
        if (state == null) {
            return List.of();
        }
        synchronized (state) {
            if (state.removed || state.finished) {
                return List.of();
            }
            state.pod = pod;
            return refreshLocked(state);
        }
    }

    /**
     * Stops refreshing the volumes of a pod that finished: its containers will not run again, and
     * the kubelet no longer watches the objects they were made from.
     */
    public void stopRefreshing(String podUid) {
        PodState state = pods.get(podUid);
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.finished = true;
        }
    }

    /** {@link #refresh} for every pod with volumes, each from the last pod object seen. */
    public void refreshAll() {
        for (PodState state : pods.values()) {
            synchronized (state) {
                if (state.removed || state.finished) {
                    continue;
                }
                try {
                    for (VolumeFailure failure : refreshLocked(state)) {
                        log.warn(
                                "pod {}/{}: {}",
                                namespace(state.pod),
                                state.pod.getMetadata().getName(),
                                failure.eventMessage());
                    }
                } catch (RuntimeException e) {
                    log.warn("cannot refresh the volumes of pod {}: {}", uid(state.pod), e.toString());
                }
            }
        }
    }

    private List<VolumeFailure> refreshLocked(PodState state) {
        List<VolumeFailure> failures = new ArrayList<>();
        for (Volume volume : volumesOf(state.pod)) {
            if (!state.mounted.containsKey(volume.getName())) {
                continue;
            }
            Optional<VolumePlugin> plugin = pluginFor(volume);
            if (plugin.isEmpty() || !plugin.get().refreshable()) {
                continue;
            }
            try {
                state.mounted.put(volume.getName(), plugin.get().setUp(state.pod, volume));
            } catch (VolumeSetupException e) {
                failures.add(new VolumeFailure(volume.getName(), e.getMessage()));
            }
        }
        return failures;
    }

    /** The uids of the pods the manager has set volumes up for. */
    public Set<String> podsWithVolumes() {
        return Set.copyOf(pods.keySet());
    }

    /**
     * Removes a pod's directory with its volumes once its containers are gone: the kubelet's tmpfs
     * mounts are unmounted first. A mount of any other kind below the pod's directory (someone
     * else's) is left in place, with what holds it, and reported.
     *
     * @throws IOException when something could not be unmounted or deleted
     */
    public void cleanupPod(String podUid) throws IOException {
        PodState state = pods.computeIfAbsent(podUid, uid -> new PodState(null));
        synchronized (state) {
            state.removed = true;
            try {
                tokens.forget(podUid);
                Path podDirectory = layout.podDirectory(podUid);
                if (Files.exists(podDirectory)) {
                    removePodDirectory(podDirectory);
                }
            } finally {
                state.mounted.clear();
                pods.remove(podUid, state);
            }
        }
    }

    /**
     * Removes the directories of pods the kubelet no longer runs (after a restart, say).
     *
     * @param activePodUids the pods to keep
     */
    public void cleanupOrphans(Set<String> activePodUids) {
        Path podsDirectory = layout.podsDirectory();
        if (!Files.isDirectory(podsDirectory)) {
            return;
        }
        List<String> orphans;
        try (Stream<Path> entries = Files.list(podsDirectory)) {
            orphans = entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(uid -> !activePodUids.contains(uid))
                    .toList();
        } catch (IOException e) {
            log.warn("cannot list {}: {}", podsDirectory, e.toString());
            return;
        }
        for (String uid : orphans) {
            try {
                cleanupPod(uid);
            } catch (IOException e) {
                log.warn("cannot clean up the directory of orphaned pod {}: {}", uid, e.toString());
            }
        }
    }

    private void removePodDirectory(Path podDirectory) throws IOException {
        List<Path> foreign = new ArrayList<>();
        for (MountPoint mount : mounter.mountPointsUnder(podDirectory)) {
            if (mount.fileSystemType().equals("tmpfs") && mounter.canMount()) {
                mounter.unmount(mount.path());
            } else {
                foreign.add(mount.path());
            }
        }
        if (!foreign.isEmpty()) {
            throw new IOException("cannot remove " + podDirectory + ": still mounted: " + foreign);
        }
        FileTrees.deleteRecursively(podDirectory);
    }

    private void createPodDirectories(String podUid) {
        try {
            for (Path directory : List.of(layout.podDirectory(podUid), layout.podVolumesDirectory(podUid))) {
                if (!Files.isDirectory(directory)) {
                    Files.createDirectories(directory);
                    Files.setAttribute(directory, "unix:mode", POD_DIRECTORY_MODE);
                }
            }
        } catch (IOException e) {
            throw new VolumesNotReadyException(List.of(new VolumeFailure(
                    "", "cannot create the pod's directory " + layout.podDirectory(podUid) + ": " + e)));
        }
    }

    private Optional<VolumePlugin> pluginFor(Volume volume) {
        return plugins.stream().filter(p -> p.supports(volume)).findFirst();
    }

    private static List<Volume> volumesOf(Pod pod) {
        return pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    private static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace();
    }
}
