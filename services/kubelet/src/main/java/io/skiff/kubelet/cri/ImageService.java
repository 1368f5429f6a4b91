package io.skiff.kubelet.cri;

import java.util.List;
import java.util.Optional;

/** Images on the node (CRI ImageService): pulled into a content-addressed store shared by pods. */
public interface ImageService {

    /**
     * Pulls {@code image} ("busybox", "127.0.0.1:5000/app:1.0", "repo@sha256:...") for this
     * node's platform with the given credentials, tried in order, and returns the image's id
     * (the config digest). Throws {@link ImagePullException} when it cannot.
     */
    String pullImage(String image, List<RegistryCredentials> credentials);

    /** The image, if present on the node, looked up by reference or id. */
    Optional<Image> imageStatus(String image);

    List<Image> listImages();

    void removeImage(String imageId);

    /** Bytes used by the image store and the file system it lives on, for image garbage collection. */
    ImageFsInfo imageFsInfo();
}
