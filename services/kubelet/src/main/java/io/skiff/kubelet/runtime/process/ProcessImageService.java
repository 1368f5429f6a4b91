package io.skiff.kubelet.runtime.process;

import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Images for the process runtime, which runs commands on the host and so has no use for image
 * contents: every image counts as present, nothing is ever pulled, and an image's id is {@code
 * "process:" + reference}. Images the kubelet asked about are listed (with size 0) so that the
 * Node's status shows what its pods use.
 */
public final class ProcessImageService implements ImageService {

    static final String ID_PREFIX = "process:";

    private final Path root;
    private final Map<String, Image> seen = new ConcurrentHashMap<>();

    /** @param root the directory whose file system {@link #imageFsInfo()} reports */
    public ProcessImageService(Path root) {
        this.root = root;
    }

    /** Records the reference and returns its synthetic id; no registry is contacted. */
    @Override
    public String pullImage(String image, List<RegistryCredentials> credentials) {
        return remember(image).id();
    }

    /** Present, always: the process runtime needs nothing of the image. */
    @Override
    public Optional<Image> imageStatus(String image) {
        String reference = image.startsWith(ID_PREFIX) ? image.substring(ID_PREFIX.length()) : image;
        return Optional.of(remember(reference));
    }

    @Override
    public List<Image> listImages() {
        return List.copyOf(seen.values());
    }

    @Override
    public void removeImage(String imageId) {
        seen.remove(imageId.startsWith(ID_PREFIX) ? imageId.substring(ID_PREFIX.length()) : imageId);
    }

    @Override
    public ImageFsInfo imageFsInfo() {
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing == null ? Path.of("/") : existing);
            return new ImageFsInfo(store.toString(), 0, store.getTotalSpace(), store.getUsableSpace());
        } catch (IOException e) {
            return new ImageFsInfo(root.toString(), 0, 0, 0);
        }
    }

    private Image remember(String reference) {
        return seen.computeIfAbsent(reference, r -> new Image(ID_PREFIX + r, List.of(r), List.of(), 0, ""));
    }
}
