package io.skiff.kubelet.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * Content-addressed blobs under {@code blobs/sha256/<hex>}: manifests, configs and compressed
 * layers. A blob is written to {@code ingest/} while its digest is computed and only moved into
 * place when digest and size match what the descriptor promised, so a blob present is a blob
 * verified.
 */
final class BlobStore {

    private static final int BUFFER = 64 * 1024;

    private final Path blobs;
    private final Path ingest;

    BlobStore(Path root) {
        this.blobs = root.resolve("blobs");
        this.ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs.resolve("sha256"));
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path path(String digest) {
        Digest parsed = Digest.parse(digest);
        return blobs.resolve(parsed.algorithm()).resolve(parsed.encoded());
    }

    boolean contains(String digest) {
        return Files.isRegularFile(path(digest));
    }

    byte[] read(String digest) {
        try {
            return Files.readAllBytes(path(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long size(String digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String digest) {
        try {
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores bytes already in memory (a manifest), verified like a download. */
    void write(OciDescriptor descriptor, byte[] content) {
        write(descriptor, new ByteArrayInputStream(content));
    }

    /**
     * Stores what {@code content} yields as {@code descriptor}'s blob, checking size and digest
     * while streaming; reads at most one byte more than the descriptor's size.
     *
     * @throws PullFailure with containerd's "failed commit on ref" wording on a mismatch
     */
    void write(OciDescriptor descriptor, InputStream content) {
        Digest expected = Digest.parse(descriptor.digest());
        String ref = MediaTypes.refKey(descriptor.mediaType(), descriptor.digest());
        if (contains(descriptor.digest())) {
            return;
        }
        Path partial = ingest.resolve(expected.encoded() + "-" + UUID.randomUUID());
        MessageDigest hasher = expected.newMessageDigest();
        long size = descriptor.size();
        long copied = 0;
        try {
            try (InputStream in = content;
                    OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[BUFFER];
                while (true) {
                    int want = buffer.length;
                    if (size >= 0) {
                        want = (int) Math.min(buffer.length, size + 1 - copied);
                    }
                    if (want <= 0) {
                        break;
                    }
                    int n = in.read(buffer, 0, want);
                    if (n < 0) {
                        break;
                    }
                    hasher.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    copied += n;
                }
            } catch (IOException e) {
                throw new PullFailure("failed to copy: " + RegistrySession.describe(e), e);
            }
            if (size >= 0 && copied < size) {
                throw new PullFailure("failed to read expected number of bytes: unexpected EOF", false);
            }
            if (size >= 0 && copied != size) {
                throw new PullFailure(
                        "failed commit on ref \"" + ref + "\": \"" + ref + "\" failed size validation: " + copied
                                + " != " + size + ": failed precondition",
                        false);
            }
            Digest actual = Digest.of(expected.algorithm(), hasher);
            if (!actual.equals(expected)) {
                throw new PullFailure(
                        "failed commit on ref \"" + ref + "\": unexpected commit digest " + actual + ", expected "
                                + expected + ": failed precondition",
                        false);
            }
            Files.move(partial, path(descriptor.digest()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PullFailure("failed commit on ref \"" + ref + "\": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Left for the next start's ingest cleanup.
            }
        }
    }

    /** Removes downloads a crash left behind. */
    void clearIngest() {
        try (var entries = Files.list(ingest)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
