package io.skiff.kubelet.image;

import io.skiff.kubelet.files.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one layer (a tar, gzip- or zstd-compressed or not) into its own directory, computing
 * its diff id (the sha256 of the uncompressed tar) on the way.
 *
 * <p>Entries are confined to the directory: a name that climbs out ("../x") is rejected, and
 * symlinks met on the way to an entry are resolved inside the directory, never outside. Hard
 * links must point at an entry of the same layer. Permissions and times are kept; ownership,
 * device nodes and overlayfs whiteouts only when running as root (see {@link SpecialFiles}).
 *
 * <p>OCI whiteouts ({@code .wh.<name>} removes a path of the layers below, {@code .wh..wh..opq}
 * hides a directory's lower contents) are recorded as paths of the image's root file system,
 * and, when possible, written as overlayfs expects them: a 0/0 character device and the
 * {@code trusted.overlay.opaque=y} attribute.
 */
final class LayerUnpacker {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String WHITEOUT_META_PREFIX = ".wh..wh.";
    static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

    private static final Logger log = LoggerFactory.getLogger(LayerUnpacker.class);

    private final SpecialFiles special;

    LayerUnpacker(SpecialFiles special) {
        this.special = special;
    }

    /**
     * What unpacking a layer produced.
     *
     * @param diffId "sha256:..." of the uncompressed archive
     * @param whiteouts paths of the root file system the layer removes ("/etc/old.conf")
     * @param opaqueDirectories directories whose lower contents the layer hides ("/var/cache")
     * @param overlayWhiteouts whether the whiteouts were also written in overlayfs' format
     */
    record Result(String diffId, List<String> whiteouts, List<String> opaqueDirectories, boolean overlayWhiteouts) {}

    /** Unpacks {@code blob} into {@code target}, an existing empty directory. */
    Result unpack(InputStream blob, Path target) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        Extraction extraction = new Extraction(target, special.overlayWhiteouts());
        try (InputStream uncompressed = new DigestInputStream(Decompression.open(blob), sha256)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                extraction.extract(tar, entry);
            }
            // Padding after the end-of-archive blocks is part of the diff id too.
            uncompressed.transferTo(OutputStream.nullOutputStream());
        }
        extraction.finishDirectories();
        return new Result(
                Digest.of("sha256", sha256).toString(),
                List.copyOf(extraction.whiteouts),
                List.copyOf(extraction.opaqueDirectories),
                extraction.overlay);
    }

    /** The state of one layer's extraction. */
    private final class Extraction {

        private final Path root;
        private final boolean overlay;
        private final List<String> whiteouts = new ArrayList<>();
        private final List<String> opaqueDirectories = new ArrayList<>();
        private final Map<Path, TarArchiveEntry> directories = new LinkedHashMap<>();

        Extraction(Path root, boolean overlay) {
            this.root = root;
            this.overlay = overlay;
        }

        void extract(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
            String name = clean(entry.getName());
            if (name.isEmpty()) {
                if (entry.isDirectory()) {
                    directories.put(root, entry);
                }
                return;
            }
            String parentName = parent(name);
            String base = base(name);
            if (base.startsWith(WHITEOUT_PREFIX)) {
                whiteout(parentName, base, entry);
                return;
            }
            Path parent = ScopedPaths.directory(root, parentName, true);
            Path path = parent.resolve(base);
            boolean directory = entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink();
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && !(directory && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))) {
                // A later entry replaces an earlier one; directories merge.
                remove(path);
            }
            if (entry.isSymbolicLink()) {
                symlink(path, entry);
            } else if (entry.isLink()) {
                hardLink(name, path, entry);
            } else if (directory) {
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(path);
                }
                directories.put(path, entry);
            } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                device(name, path, entry);
            } else if (entry.isFIFO()) {
                if (!special.hasMknod()) {
                    log.debug("Skipping FIFO {}: mknod is not available", name);
                    return;
                }
                special.fifo(path);
                attributes(path, entry);
            } else if (entry.isFile()) {
                Files.copy(tar, path);
                attributes(path, entry);
                userXattrs(path, entry);
            } else {
                log.debug("Skipping tar entry {} of type {}", name, (char) entry.getLinkFlag());
            }
        }

        private void whiteout(String parentName, String base, TarArchiveEntry entry) throws IOException {
            if (base.equals(OPAQUE_WHITEOUT)) {
                opaqueDirectories.add(rootfsPath(parentName));
                if (overlay) {
                    special.opaque(ScopedPaths.directory(root, parentName, true));
                }
                return;
            }
            if (base.startsWith(WHITEOUT_META_PREFIX)) {
                // aufs metadata (.wh..wh.plnk, .wh..wh.aufs): nothing to apply.
                return;
            }
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new InvalidLayerException("invalid whiteout name \"" + entry.getName() + "\"");
            }
            String removed = parentName.isEmpty() ? hidden : parentName + "/" + hidden;
            whiteouts.add(rootfsPath(removed));
            if (overlay) {
                Path path = ScopedPaths.directory(root, parentName, true).resolve(hidden);
                remove(path);
                special.characterDevice(path, 0, 0);
                owner(path, entry);
            }
        }

        private void remove(Path path) throws IOException {
            directories.keySet().removeIf(directory -> directory.startsWith(path));
            FileTrees.deleteRecursively(path);
        }

        private void symlink(Path path, TarArchiveEntry entry) throws IOException {
            String target = entry.getLinkName();
            if (target == null || target.isEmpty()) {
                throw new InvalidLayerException("symlink \"" + entry.getName() + "\" has no target");
            }
            try {
                Files.createSymbolicLink(path, Path.of(target));
            } catch (InvalidPathException e) {
                throw new InvalidLayerException("symlink \"" + entry.getName() + "\" has an invalid target");
            }
            owner(path, entry);
        }

        private void hardLink(String name, Path path, TarArchiveEntry entry) throws IOException {
            String targetName = clean(entry.getLinkName());
            if (targetName.isEmpty()) {
                throw new InvalidLayerException("hard link \"" + name + "\" points at the layer root");
            }
            Path target;
            try {
                target = ScopedPaths.directory(root, parent(targetName), false).resolve(base(targetName));
            } catch (IOException e) {
                throw new InvalidLayerException(
                        "hard link \"" + name + "\" points at \"" + entry.getLinkName() + "\", not in the layer");
            }
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidLayerException("hard link \"" + name + "\" points at \"" + entry.getLinkName()
                        + "\", not a file of the layer");
            }
            Files.createLink(path, target);
        }

        private void device(String name, Path path, TarArchiveEntry entry) throws IOException {
            if (!special.root() || !special.hasMknod()) {
                log.debug("Skipping device {}: device nodes need root and mknod", name);
                return;
            }
            if (entry.isCharacterDevice()) {
                special.characterDevice(path, entry.getDevMajor(), entry.getDevMinor());
            } else {
                special.blockDevice(path, entry.getDevMajor(), entry.getDevMinor());
            }
            attributes(path, entry);
        }

        /**
         * Owner first (chown clears setuid bits), then times, then mode (setting times opens the
         * file, which a mode of 0000 would forbid without root). Devices and FIFOs keep the time
         * of their creation: opening them to set it could block or touch a device.
         */
        private void attributes(Path path, TarArchiveEntry entry) throws IOException {
            owner(path, entry);
            if (entry.isFile() && !entry.isFIFO() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
                Files.setLastModifiedTime(path, modified(entry));
            }
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
        }

        private void owner(Path path, TarArchiveEntry entry) throws IOException {
            if (special.root()) {
                Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }

        /**
         * Extended attributes in the user namespace (PAX {@code SCHILY.xattr.user.*}). Others,
         * such as security.capability, are binary and PAX records reach us decoded as text, so
         * they are not applied.
         */
        private void userXattrs(Path path, TarArchiveEntry entry) {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                String key = header.getKey();
                if (!key.startsWith("SCHILY.xattr.user.")) {
                    continue;
                }
                String attribute = key.substring("SCHILY.xattr.user.".length());
                try {
                    UserDefinedFileAttributeView view = Files.getFileAttributeView(
                            path, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                    if (view != null) {
                        view.write(attribute, ByteBuffer.wrap(header.getValue().getBytes(StandardCharsets.UTF_8)));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    log.debug("Cannot set user.{} on {}: {}", attribute, path, e.toString());
                }
            }
        }

        /**
         * Directories get their mode and times last, since creating their entries changed them:
         * the last entry for a directory wins, children before parents.
         */
        void finishDirectories() throws IOException {
            List<Map.Entry<Path, TarArchiveEntry>> entries = new ArrayList<>(directories.entrySet());
            for (int i = entries.size() - 1; i >= 0; i--) {
                Path path = entries.get(i).getKey();
                TarArchiveEntry entry = entries.get(i).getValue();
                owner(path, entry);
                Files.setLastModifiedTime(path, modified(entry));
                Files.setAttribute(path, "unix:mode", entry.getMode() & 07777);
            }
        }

        /** The entry's name relative to the layer root, "" for the root; rejected if it escapes. */
        private String clean(String entryName) throws InvalidLayerException {
            String name = entryName;
            while (name.startsWith("/")) {
                name = name.substring(1);
            }
            Path normalized;
            try {
                normalized = Path.of(name.isEmpty() ? "." : name).normalize();
            } catch (InvalidPathException e) {
                throw new InvalidLayerException("invalid tar entry name \"" + entryName + "\"");
            }
            String cleaned = normalized.toString();
            if (cleaned.equals("..") || cleaned.startsWith("../")) {
                throw new InvalidLayerException("\"" + entryName + "\" is outside of \"" + root + "\"");
            }
            return cleaned.equals(".") ? "" : cleaned;
        }
    }

    private static FileTime modified(TarArchiveEntry entry) {
        FileTime time = entry.getLastModifiedTime();
        return time == null ? FileTime.fromMillis(0) : time;
    }

    private static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    private static String base(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String rootfsPath(String relative) {
        return "/" + relative;
    }
}
