package io.skiff.kubelet.image;

import java.nio.file.Path;
import java.util.List;

/**
 * One layer of an image, unpacked once on the node and shared by every image and container that
 * uses it. Never write into {@link #directory()}: a container's changes go to its own upper
 * directory (overlayfs) or to its copy of the root file system ({@link RootfsCopier}).
 *
 * @param diffId the sha256 of the uncompressed layer ("sha256:...")
 * @param directory the layer's files, as an overlayfs lower directory
 * @param overlayWhiteouts whether the whiteouts below are also in the directory in overlayfs'
 *     format (a 0/0 character device per removed path, {@code trusted.overlay.opaque=y} on opaque
 *     directories); only when the kubelet runs as root
 * @param whiteouts paths of the image's root file system this layer removes ("/etc/old.conf")
 * @param opaqueDirectories directories whose contents from lower layers this layer hides ("/var/cache")
 */
public record UnpackedLayer(
        String diffId,
        Path directory,
        boolean overlayWhiteouts,
        List<String> whiteouts,
        List<String> opaqueDirectories) {

    public UnpackedLayer {
        whiteouts = List.copyOf(whiteouts);
        opaqueDirectories = List.copyOf(opaqueDirectories);
    }
}
