package io.skiff.kubelet.image;

import com.fasterxml.jackson.core.type.TypeReference;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's images, in a content-addressed store under {@code <root-dir>/images} shared by all
 * pods:
 *
 * <pre>
 * blobs/sha256/&lt;hex&gt;     manifests, configs and compressed layers, each verified by its digest
 * layers/&lt;hex&gt;/          each layer unpacked once, named by the hex of its diff id
 * layers/&lt;hex&gt;.json      its whiteouts, for runtimes that copy layers instead of mounting them
 * images.json             the index: references → manifest → config digest (the image id) → layers
 * ingest/                 downloads in progress
 * </pre>
 *
 * Runtimes build a container's root file system from {@link #layers(String)} (or {@link
 * #layerDirectories(String)} for overlayfs) and its process from {@link #config(String)}.
 */
public final class ImageStore {

    private static final Logger log = LoggerFactory.getLogger(ImageStore.class);
    private static final Pattern IMAGE_ID = Pattern.compile("^(sha256:)?[a-f0-9]{64}$");
    private static final int LOCK_STRIPES = 64;

    private final Path root;
    private final Path layers;
    private final Path indexFile;
    private final BlobStore blobs;
    private final Object indexLock = new Object();
    private final Map<String, ImageRecord> images = new LinkedHashMap<>();
    private final Map<String, Integer> leased = new HashMap<>();
    private final Map<String, ImageConfig> configs = new ConcurrentHashMap<>();
    private final Object[] contentLocks = new Object[LOCK_STRIPES];

    /** Opens (or creates) the store in {@code <rootDir>/images}. */
    public ImageStore(Path rootDir) {
        this.root = rootDir.toAbsolutePath().resolve("images");
        this.layers = root.resolve("layers");
        this.indexFile = root.resolve("images.json");
        for (int i = 0; i < LOCK_STRIPES; i++) {
            contentLocks[i] = new Object();
        }
        try {
            Files.createDirectories(layers);
            this.blobs = new BlobStore(root);
            blobs.clearIngest();
            clearUnfinishedLayers();
            loadIndex();
            synchronized (indexLock) {
                // Content of pulls a restart interrupted belongs to no image.
                collectGarbage();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the image store in " + root, e);
        }
    }

    /** Where the store lives ({@code <root-dir>/images}). */
    public Path root() {
        return root;
    }

    /** The image's layer directories, bottom layer first (overlayfs takes them top first). */
    public List<Path> layerDirectories(String imageId) {
        return layers(imageId).stream().map(UnpackedLayer::directory).toList();
    }

    /** The image's unpacked layers, bottom first, with their whiteouts. */
    public List<UnpackedLayer> layers(String imageId) {
        ImageRecord image = require(imageId);
        List<UnpackedLayer> unpacked = new ArrayList<>();
        for (ImageRecord.Layer layer : image.layers()) {
            unpacked.add(unpackedLayer(layer.diffId())
                    .orElseThrow(() -> new IllegalStateException(
                            "layer " + layer.diffId() + " of image " + image.id() + " is not unpacked")));
        }
        return unpacked;
    }

    /** How the image wants to be run: entrypoint, cmd, env, working directory, user, ... */
    public ImageConfig config(String imageId) {
        ImageRecord image = require(imageId);
        return configs.computeIfAbsent(
                image.id(), id -> ImageConfigDocument.parse(blobs.read(id)).config());
    }

    /** The id of the image a reference ("busybox", "127.0.0.1:5000/app@sha256:...") or id names, if present. */
    public Optional<String> resolve(String image) {
        return find(image).map(ImageRecord::id);
    }

    Optional<ImageRecord> find(String image) {
        if (image == null || image.isEmpty()) {
            return Optional.empty();
        }
        synchronized (indexLock) {
            if (IMAGE_ID.matcher(image).matches()) {
                String id = image.startsWith("sha256:") ? image : "sha256:" + image;
                ImageRecord byId = images.get(id);
                if (byId != null) {
                    return Optional.of(byId);
                }
            }
            String normalized;
            try {
                normalized = ImageReference.parse(image).toString();
            } catch (InvalidReferenceException e) {
                return Optional.empty();
            }
            return images.values().stream()
                    .filter(record -> record.answersTo(normalized))
                    .findFirst();
        }
    }

    List<ImageRecord> list() {
        synchronized (indexLock) {
            return List.copyOf(images.values());
        }
    }

    private ImageRecord require(String imageId) {
        return find(imageId).orElseThrow(() -> new IllegalArgumentException("no image " + imageId + " on this node"));
    }

    BlobStore blobs() {
        return blobs;
    }

    /**
     * Records a pulled image: a new one, or more references for one present. A tag moves: the
     * image that had it before loses it (and stays, untagged, until removed).
     */
    void put(ImageRecord pulled) {
        synchronized (indexLock) {
            Set<String> tags = new HashSet<>(pulled.repoTags());
            for (Map.Entry<String, ImageRecord> entry : images.entrySet()) {
                if (!entry.getKey().equals(pulled.id())
                        && entry.getValue().repoTags().stream().anyMatch(tags::contains)) {
                    entry.setValue(entry.getValue().withoutTags(tags));
                }
            }
            ImageRecord present = images.get(pulled.id());
            images.put(pulled.id(), present == null ? pulled : present.merge(pulled));
            saveIndex();
        }
    }

    /**
     * Removes an image and then every blob and layer no remaining image (nor a pull in progress)
     * uses. Removing an absent image does nothing.
     */
    boolean remove(String image) {
        synchronized (indexLock) {
            Optional<ImageRecord> record = find(image);
            if (record.isEmpty()) {
                return false;
            }
            images.remove(record.get().id());
            configs.remove(record.get().id());
            saveIndex();
            collectGarbage();
            return true;
        }
    }

    /** Deletes blobs and layers nothing references; callers hold the index lock. */
    private void collectGarbage() {
        Set<String> keepBlobs = new HashSet<>(leased.keySet());
        Set<String> keepLayers = new HashSet<>(leased.keySet());
        for (ImageRecord image : images.values()) {
            keepBlobs.addAll(image.blobs());
            keepLayers.addAll(image.diffIds());
        }
        try (var entries = Files.list(root.resolve("blobs").resolve("sha256"))) {
            for (Path blob : (Iterable<Path>) entries::iterator) {
                String digest = "sha256:" + blob.getFileName();
                if (!keepBlobs.contains(digest)) {
                    Files.deleteIfExists(blob);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot remove unused blobs from {}: {}", root, e.toString());
        }
        try (var entries = Files.list(layers)) {
            for (Path layer : (Iterable<Path>) entries::iterator) {
                String name = layer.getFileName().toString();
                String hex = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
                if (hex.startsWith(".") || keepLayers.contains("sha256:" + hex)) {
                    continue;
                }
                FileTrees.deleteRecursively(layer);
            }
        } catch (IOException e) {
            log.warn("Cannot remove unused layers from {}: {}", root, e.toString());
        }
    }

    /**
     * Marks content a pull is about to fetch or use, so that a concurrent removal leaves it alone
     * until the pull has recorded its image.
     */
    Lease lease() {
        return new Lease();
    }

    final class Lease implements AutoCloseable {

        private final List<String> held = new ArrayList<>();

        void add(String digest) {
            synchronized (indexLock) {
                leased.merge(digest, 1, Integer::sum);
                held.add(digest);
            }
        }

        @Override
        public void close() {
            synchronized (indexLock) {
                for (String digest : held) {
                    leased.computeIfPresent(digest, (key, count) -> count == 1 ? null : count - 1);
                }
                held.clear();
            }
        }
    }

    /** Runs {@code action} while no other thread works on the same content (download or unpack). */
    <T> T withContentLock(String digest, Supplier<T> action) {
        synchronized (contentLocks[Math.floorMod(digest.hashCode(), LOCK_STRIPES)]) {
            return action.get();
        }
    }

    Optional<UnpackedLayer> unpackedLayer(String diffId) {
        String hex = Digest.parse(diffId).encoded();
        Path directory = layers.resolve(hex);
        Path metadataFile = layers.resolve(hex + ".json");
        if (!Files.isDirectory(directory) || !Files.isRegularFile(metadataFile)) {
            return Optional.empty();
        }
        try {
            LayerMetadata metadata = OciJson.MAPPER.readValue(metadataFile.toFile(), LayerMetadata.class);
            return Optional.of(new UnpackedLayer(
                    diffId,
                    directory,
                    metadata.overlayWhiteouts(),
                    metadata.whiteouts(),
                    metadata.opaqueDirectories()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadataFile, e);
        }
    }

    /**
     * Unpacks the layer blob {@code digest} as {@code diffId}, unless it is unpacked already.
     * The layer appears whole or not at all: it is unpacked aside and renamed into place.
     *
     * @throws PullFailure "failed to extract layer ..." when the archive is unsafe or its
     *     content is not the diff id the image config promised
     */
    UnpackedLayer unpackLayer(String diffId, String digest, LayerUnpacker unpacker) {
        return withContentLock(diffId, () -> {
            Optional<UnpackedLayer> present = unpackedLayer(diffId);
            if (present.isPresent()) {
                return present.get();
            }
            String hex = Digest.parse(diffId).encoded();
            Path scratch = layers.resolve(".tmp-" + hex + "-" + UUID.randomUUID());
            try {
                Files.createDirectory(scratch);
                LayerUnpacker.Result result;
                try (InputStream blob = Files.newInputStream(blobs.path(digest))) {
                    result = unpacker.unpack(blob, scratch);
                }
                if (!result.diffId().equals(diffId)) {
                    throw new PullFailure(
                            "failed to extract layer " + diffId + ": wrong diff id calculated on extraction \"" + diffId
                                    + "\"",
                            false);
                }
                LayerMetadata metadata = new LayerMetadata(
                        diffId, result.overlayWhiteouts(), result.whiteouts(), result.opaqueDirectories());
                writeAtomically(layers.resolve(hex + ".json"), OciJson.MAPPER.writeValueAsBytes(metadata));
                Files.move(scratch, layers.resolve(hex), StandardCopyOption.ATOMIC_MOVE);
                return unpackedLayer(diffId).orElseThrow();
            } catch (IOException e) {
                throw new PullFailure("failed to extract layer " + diffId + ": " + e.getMessage(), e);
            } finally {
                try {
                    FileTrees.deleteRecursively(scratch);
                } catch (IOException e) {
                    log.warn("Cannot remove {}: {}", scratch, e.toString());
                }
            }
        });
    }

    /**
     * What the store takes and the file system it lives on has, for image garbage collection
     * (CRI ImageFsInfo). Hard-linked files count once.
     */
    ImageFsInfo fsInfo() {
        try {
            FileStore store = Files.getFileStore(root);
            return new ImageFsInfo(root.toString(), usedBytes(), store.getTotalSpace(), store.getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file system of " + root, e);
        }
    }

    private long usedBytes() throws IOException {
        Set<Object> seen = new HashSet<>();
        long[] used = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Object key = attrs.fileKey();
                if (attrs.isRegularFile() && (key == null || seen.add(key))) {
                    used[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return used[0];
    }

    private void loadIndex() throws IOException {
        if (!Files.isRegularFile(indexFile)) {
            return;
        }
        List<ImageRecord> records = OciJson.MAPPER.readValue(indexFile.toFile(), new TypeReference<>() {});
        for (ImageRecord record : records) {
            images.put(record.id(), record);
        }
    }

    private void saveIndex() {
        try {
            writeAtomically(indexFile, OciJson.MAPPER.writeValueAsBytes(new ArrayList<>(images.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + indexFile, e);
        }
    }

    private void clearUnfinishedLayers() throws IOException {
        try (var entries = Files.list(layers)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (entry.getFileName().toString().startsWith(".tmp-")) {
                    FileTrees.deleteRecursively(entry);
                }
            }
        }
    }

    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
