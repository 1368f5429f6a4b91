package io.skiff.kubelet.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the entries of an image index this node can run, best first, as containerd's {@code
 * images.Manifest} does: entries for a platform the node runs, ordered by how well they fit (the
 * exact platform before compatible ones), then entries naming no platform; index order breaks ties.
 */
public final class PlatformMatcher {

    private final List<Platform> compatible;

    public PlatformMatcher(Platform platform) {
        this.compatible = platform.compatible();
    }

    /** The rank of {@code platform} for this node; -1 when the node cannot run it. */
    int rank(Platform platform) {
        return compatible.indexOf(platform.normalize());
    }

    boolean matches(Platform platform) {
        return rank(platform) >= 0;
    }

    /** The entries of {@code index} this node can use, best first. */
    List<OciDescriptor> candidates(List<OciDescriptor> index) {
        List<OciDescriptor> candidates = new ArrayList<>();
        for (OciDescriptor descriptor : index) {
            if (descriptor.platform() == null || matches(descriptor.platform())) {
                candidates.add(descriptor);
            }
        }
        candidates.sort(Comparator.comparingInt(
                descriptor -> descriptor.platform() == null ? Integer.MAX_VALUE : rank(descriptor.platform())));
        return candidates;
    }
}
