package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A plugin whose volume is a set of projected files kept by {@link WrappedVolumes} (configMap,
 * secret, downwardAPI, projected): refreshable, and set up by writing its payload again.
 */
abstract class WrappedVolumePlugin implements VolumePlugin {

    private final String name;
    private final Predicate<Volume> supports;
    private final boolean memory;
    protected final WrappedVolumes wrapped;

    /**
     * @param supports whether a volume is of this plugin's kind
     * @param memory whether its directory is a tmpfs
     */
    WrappedVolumePlugin(String name, Predicate<Volume> supports, boolean memory, WrappedVolumes wrapped) {
        this.name = name;
        this.supports = supports;
        this.memory = memory;
        this.wrapped = wrapped;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean supports(Volume volume) {
        return supports.test(volume);
    }

    @Override
    public final boolean refreshable() {
        return true;
    }

    @Override
    public final MountedVolume setUp(Pod pod, Volume volume) throws VolumeSetupException {
        return wrapped.write(pod, volume, name, memory, payload(pod, volume));
    }

    /** The files of the volume, by path relative to it. */
    abstract Map<String, FileProjection> payload(Pod pod, Volume volume) throws VolumeSetupException;

    /**
     * The source object that {@code read} finds; a missing optional one reads as {@code empty}, a
     * missing required one, or one that cannot be read now, fails with Kubernetes' "{@code <kind> "<name>" not found}".
     */
    static <T> T foundOrEmpty(Supplier<Optional<T>> read, String kind, String name, boolean optional, Supplier<T> empty)
            throws VolumeSetupException {
        Optional<T> found;
        try {
            found = read.get();
        } catch (SourceUnavailableException e) {
            // not known to be missing: even an optional source fails, to be retried
            throw new VolumeSetupException(e.getMessage());
        }
        if (found.isPresent()) {
            return found.get();
        }
        if (!optional) {
            throw new VolumeSetupException(kind + " \"" + name + "\" not found");
        }
        return empty.get();
    }
}
