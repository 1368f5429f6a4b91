package io.skiff.kubelet.image;

import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Images in memory on a disk of a given size; removing one frees its size on the disk. */
final class InMemoryImages implements ImageService {

    private final Map<String, Image> images = new LinkedHashMap<>();
    private long capacity;
    private long available;

    synchronized void add(String id, long size, String... tags) {
        images.put(id, new Image(id, List.of(tags), List.of(), size, ""));
    }

    synchronized void disk(long capacity, long available) {
        this.capacity = capacity;
        this.available = available;
    }

    synchronized List<String> ids() {
        return new ArrayList<>(images.keySet());
    }

    @Override
    public synchronized String pullImage(String image, List<RegistryCredentials> credentials) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized Optional<Image> imageStatus(String image) {
        return Optional.ofNullable(images.get(image));
    }

    @Override
    public synchronized List<Image> listImages() {
        return List.copyOf(images.values());
    }

    @Override
    public synchronized void removeImage(String imageId) {
        Image removed = images.remove(imageId);
        if (removed != null) {
            available += removed.sizeBytes();
        }
    }

    @Override
    public synchronized ImageFsInfo imageFsInfo() {
        return new ImageFsInfo("/images", capacity - available, capacity, available);
    }
}
