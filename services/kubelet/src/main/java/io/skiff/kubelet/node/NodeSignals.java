package io.skiff.kubelet.node;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The readings node conditions and capacity come from: available memory and the size and free space
 * of the file system the kubelet's root directory is on.
 */
public interface NodeSignals {

    /** MemAvailable, in bytes. */
    long memoryAvailableBytes();

    /** The size of the root directory's file system, in bytes (ephemeral-storage capacity). */
    long fileSystemCapacityBytes();

    /** Free space there, in bytes. */
    long fileSystemAvailableBytes();

    /** The readings of this machine, for {@code rootDir}'s file system. */
    static NodeSignals of(Path rootDir) {
        return new MachineSignals(rootDir);
    }

    /** Readings from /proc/meminfo and the file store. */
    final class MachineSignals implements NodeSignals {

        private static final Pattern MEM_AVAILABLE = Pattern.compile("(?m)^MemAvailable:\\s+(\\d+)\\s*kB");

        private final Path rootDir;

        MachineSignals(Path rootDir) {
            this.rootDir = rootDir;
        }

        @Override
        public long memoryAvailableBytes() {
            try {
                Matcher matcher = MEM_AVAILABLE.matcher(Files.readString(Path.of("/proc/meminfo")));
                if (matcher.find()) {
                    return Long.parseLong(matcher.group(1)) * 1024;
                }
            } catch (IOException | SecurityException e) {
                // not Linux: no pressure can be told
            }
            return Long.MAX_VALUE;
        }

        @Override
        public long fileSystemCapacityBytes() {
            try {
                return store().getTotalSpace();
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long fileSystemAvailableBytes() {
            try {
                return store().getUsableSpace();
            } catch (IOException e) {
                return Long.MAX_VALUE;
            }
        }

        private FileStore store() throws IOException {
            Path existing = rootDir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return Files.getFileStore(existing == null ? Path.of("/") : existing);
        }
    }
}
