package io.skiff.kubelet.runtime.runc;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a container's root file system and image defaults come from: the node's image store,
 * wired in by whoever assembles the kubelet (the store unpacks each layer into its own directory,
 * overlayfs-style, with whiteouts as 0/0 character devices).
 */
public interface RootfsSource {

    /** The image's unpacked layers, bottom first. */
    List<Path> layers(String imageId);

    /** What the image's config says about running it. */
    ImageDefaults defaults(String imageId);
}
