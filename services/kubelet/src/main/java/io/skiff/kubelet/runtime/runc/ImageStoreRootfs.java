package io.skiff.kubelet.runtime.runc;

import io.skiff.kubelet.image.ImageConfig;
import io.skiff.kubelet.image.ImageStore;
import java.nio.file.Path;
import java.util.List;

/** Containers' root file systems and image defaults from the node's image store. */
public final class ImageStoreRootfs implements RootfsSource {

    private final ImageStore store;

    public ImageStoreRootfs(ImageStore store) {
        this.store = store;
    }

    @Override
    public List<Path> layers(String imageId) {
        return store.layerDirectories(imageId);
    }

    @Override
    public ImageDefaults defaults(String imageId) {
        ImageConfig config = store.config(imageId);
        return new ImageDefaults(
                config.entrypoint(),
                config.cmd(),
                config.env(),
                config.workingDir(),
                config.user(),
                config.stopSignal());
    }
}
