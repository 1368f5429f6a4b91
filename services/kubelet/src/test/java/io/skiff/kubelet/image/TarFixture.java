package io.skiff.kubelet.image;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Layer archives built in the test, entry by entry (no binaries in git). */
final class TarFixture {

    static final Date MODIFIED = new Date(1_700_000_000_000L);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    TarFixture() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarFixture dir(String name, int mode) {
        return dir(name, mode, 0, 0);
    }

    TarFixture dir(String name, int mode, long uid, long gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        entry.setMode(mode);
        own(entry, uid, gid);
        return put(entry, null);
    }

    TarFixture file(String name, String content) {
        return file(name, content, 0644, 0, 0);
    }

    TarFixture file(String name, String content, int mode, long uid, long gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setMode(mode);
        own(entry, uid, gid);
        return put(entry, content.getBytes(StandardCharsets.UTF_8));
    }

    TarFixture symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        entry.setMode(0777);
        own(entry, 0, 0);
        return put(entry, null);
    }

    TarFixture hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        own(entry, 0, 0);
        return put(entry, null);
    }

    TarFixture fifo(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        entry.setMode(0600);
        own(entry, 0, 0);
        return put(entry, null);
    }

    TarFixture characterDevice(String name, int major, int minor) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        entry.setMode(0666);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        own(entry, 0, 0);
        return put(entry, null);
    }

    /** OCI whiteout: {@code .wh.<name>} removes {@code <name>} of the layers below. */
    TarFixture whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return file(name, "", 0644, 0, 0);
    }

    /** OCI opaque whiteout: hides what lower layers have in {@code directory}. */
    TarFixture opaque(String directory) {
        return file(directory + "/.wh..wh..opq", "", 0644, 0, 0);
    }

    byte[] tar() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        return compress(content, out -> new GZIPOutputStream(out));
    }

    static byte[] zstd(byte[] content) {
        return compress(content, ZstdOutputStream::new);
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] content, Compressor compressor) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(compressed)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private static void own(TarArchiveEntry entry, long uid, long gid) {
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setModTime(MODIFIED);
    }

    private TarFixture put(TarArchiveEntry entry, byte[] content) {
        try {
            if (content != null) {
                entry.setSize(content.length);
            }
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
