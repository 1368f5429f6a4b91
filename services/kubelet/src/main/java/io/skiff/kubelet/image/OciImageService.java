package io.skiff.kubelet.image;

import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRI image service over the OCI distribution protocol and the node's {@link ImageStore}: a
 * pull resolves the reference (HEAD of its manifest), fetches the manifest, picks this node's
 * platform from an index or manifest list, fetches config and layers (each verified by its
 * digest while it streams) and unpacks every layer not unpacked yet. Errors read as containerd's.
 */
public final class OciImageService implements ImageService {

    private static final Logger log = LoggerFactory.getLogger(OciImageService.class);
    private static final int MAX_INDEX_DEPTH = 4;

    /** containerd's default image_pull_progress_timeout. */
    public static final Duration DEFAULT_PROGRESS_TIMEOUT = Duration.ofMinutes(5);

    private final ImageStore store;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration progressTimeout;
    private final PlatformMatcher platform;
    private final LayerUnpacker unpacker;

    /**
     * A service on {@code store} for this node's platform, unpacking with the privileges it has.
     *
     * @param requestTimeout for connecting to a registry and for its answer's headers
     * @param progressTimeout a download that sends nothing for this long is abandoned
     */
    public OciImageService(ImageStore store, Duration requestTimeout, Duration progressTimeout) {
        this(store, requestTimeout, progressTimeout, Platform.current(), SpecialFiles.detect());
    }

    /** With containerd's default progress timeout (5 minutes). */
    public OciImageService(ImageStore store, Duration requestTimeout) {
        this(store, requestTimeout, DEFAULT_PROGRESS_TIMEOUT);
    }

    OciImageService(
            ImageStore store,
            Duration requestTimeout,
            Duration progressTimeout,
            Platform platform,
            SpecialFiles specialFiles) {
        this.store = store;
        this.requestTimeout = requestTimeout;
        this.progressTimeout = progressTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.platform = new PlatformMatcher(platform);
        this.unpacker = new LayerUnpacker(specialFiles);
    }

    public ImageStore store() {
        return store;
    }

    @Override
    public String pullImage(String image, List<RegistryCredentials> credentials) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            throw new ImagePullException(
                    "failed to parse image reference \"" + image + "\": " + e.getMessage(), false, e);
        }
        List<RegistryCredentials> matching = RegistryCredentialMatcher.matching(credentials, reference);
        List<RegistryCredentials> attempts = matching.isEmpty() ? Collections.singletonList(null) : matching;
        PullFailure failure = null;
        for (RegistryCredentials attempt : attempts) {
            try {
                return pull(reference, attempt);
            } catch (PullFailure e) {
                failure = e;
                log.debug(
                        "Pulling {} failed{}: {}",
                        reference,
                        attempt == null ? "" : " with " + attempt,
                        e.getMessage());
            } catch (UncheckedIOException e) {
                failure = new PullFailure(e.getMessage(), e);
            }
        }
        throw new ImagePullException(
                "failed to pull and unpack image \"" + reference + "\": " + failure.getMessage(),
                failure.notFound(),
                failure);
    }

    private String pull(ImageReference reference, RegistryCredentials credentials) {
        try (ImageStore.Lease lease = store.lease()) {
            RegistrySession session =
                    new RegistrySession(http, requestTimeout, progressTimeout, reference, credentials);
            RegistrySession.Resolved resolved;
            try {
                resolved = session.resolve();
            } catch (PullFailure e) {
                throw e.wrap("failed to resolve reference \"" + reference + "\"");
            }
            OciDescriptor top = new OciDescriptor(resolved.mediaType(), resolved.digest(), resolved.size(), null);
            List<String> manifestDigests = new ArrayList<>();
            OciDescriptor current = top;
            OciManifest manifest = manifest(session, current, lease, manifestDigests);
            boolean fromIndex = false;
            for (int depth = 0; manifest.isIndex(); depth++) {
                List<OciDescriptor> candidates = platform.candidates(manifest.manifests());
                if (candidates.isEmpty() || depth >= MAX_INDEX_DEPTH) {
                    throw new PullFailure("no match for platform in manifest: not found", true);
                }
                current = candidates.get(0);
                manifest = manifest(session, current, lease, manifestDigests);
                fromIndex = true;
            }

            OciDescriptor configDescriptor = manifest.config();
            lease.add(configDescriptor.digest());
            fetch(session, configDescriptor);
            ImageConfigDocument config;
            try {
                config = ImageConfigDocument.parse(store.blobs().read(configDescriptor.digest()));
            } catch (IllegalArgumentException e) {
                throw new PullFailure(e.getMessage(), e);
            }
            if (!fromIndex && !config.platform().os().isEmpty() && !platform.matches(config.platform())) {
                throw new PullFailure("no match for platform in manifest: not found", true);
            }
            if (config.diffIds().size() != manifest.layers().size()) {
                throw new PullFailure("mismatched image rootfs and manifest layers", false);
            }

            List<ImageRecord.Layer> layers = new ArrayList<>();
            for (int i = 0; i < manifest.layers().size(); i++) {
                OciDescriptor layer = manifest.layers().get(i);
                String diffId = config.diffIds().get(i);
                lease.add(layer.digest());
                lease.add(diffId);
                if (store.unpackedLayer(diffId).isEmpty()) {
                    fetch(session, layer);
                    store.unpackLayer(diffId, layer.digest(), unpacker);
                }
                layers.add(new ImageRecord.Layer(layer.digest(), layer.mediaType(), layer.size(), diffId));
            }

            String id = configDescriptor.digest();
            List<String> repoTags = reference.tag() == null ? List.of() : List.of(reference.toString());
            List<String> repoDigests = List.of(reference.repository() + "@" + top.digest());
            store.put(new ImageRecord(
                    id,
                    repoTags,
                    repoDigests,
                    manifestDigests,
                    layers,
                    config.config().user()));
            log.info("Pulled image {} as {}", reference, id);
            return id;
        }
    }

    /** Fetches, verifies and stores a manifest or index, and parses it. */
    private OciManifest manifest(
            RegistrySession session, OciDescriptor descriptor, ImageStore.Lease lease, List<String> manifestDigests) {
        lease.add(descriptor.digest());
        manifestDigests.add(descriptor.digest());
        if (!store.blobs().contains(descriptor.digest())) {
            store.withContentLock(descriptor.digest(), () -> {
                if (!store.blobs().contains(descriptor.digest())) {
                    String accept = descriptor.mediaType().isEmpty()
                            ? MediaTypes.MANIFEST_ACCEPT
                            : descriptor.mediaType() + ", */*";
                    RegistrySession.Fetched fetched = session.fetchManifest(descriptor.digest(), accept);
                    store.blobs().write(descriptor, fetched.content());
                }
                return null;
            });
        }
        try {
            return OciManifest.parse(store.blobs().read(descriptor.digest()), descriptor.mediaType());
        } catch (IllegalArgumentException e) {
            throw new PullFailure(e.getMessage(), e);
        }
    }

    /** Downloads a blob into the store unless it is there, verifying its digest while it streams. */
    private void fetch(RegistrySession session, OciDescriptor descriptor) {
        if (store.blobs().contains(descriptor.digest())) {
            return;
        }
        store.withContentLock(descriptor.digest(), () -> {
            if (!store.blobs().contains(descriptor.digest())) {
                try (InputStream blob = session.openBlob(descriptor.digest())) {
                    store.blobs().write(descriptor, blob);
                } catch (IOException e) {
                    throw new PullFailure("failed to copy: " + RegistrySession.describe(e), e);
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Image> imageStatus(String image) {
        return store.find(image).map(OciImageService::toImage);
    }

    @Override
    public List<Image> listImages() {
        return store.list().stream().map(OciImageService::toImage).toList();
    }

    @Override
    public void removeImage(String imageId) {
        if (store.remove(imageId)) {
            log.info("Removed image {}", imageId);
        }
    }

    @Override
    public ImageFsInfo imageFsInfo() {
        return store.fsInfo();
    }

    private static Image toImage(ImageRecord record) {
        return new Image(record.id(), record.repoTags(), record.repoDigests(), record.size(), record.user());
    }
}
