package io.skiff.kubelet.image;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths inside a directory as if it were the root of the file system (containerd's
 * {@code fs.RootPath}): a symlink met on the way is followed, an absolute one from the directory
 * and ".." never climbs above it, so what a tar entry names can never be written outside.
 */
final class ScopedPaths {

    private static final int MAX_SYMLINKS = 255;

    private ScopedPaths() {}

    /**
     * The directory {@code relative} names under {@code root}, every symlink along the way
     * resolved inside root; missing directories are created when {@code create}.
     *
     * @throws NoSuchFileException when a component is missing and not to be created
     * @throws FileSystemException when a component is not a directory, or symlinks loop
     */
    static Path directory(Path root, String relative, boolean create) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components(relative));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path current = join(root, resolved).resolve(component);
            if (Files.isSymbolicLink(current)) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException(current.toString(), null, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(current).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                List<String> targetComponents = components(target);
                for (int i = targetComponents.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetComponents.get(i));
                }
                continue;
            }
            if (Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                resolved.add(component);
                continue;
            }
            if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(current.toString(), null, "not a directory");
            }
            if (!create) {
                throw new NoSuchFileException(current.toString());
            }
            Files.createDirectory(current);
            resolved.add(component);
        }
        return join(root, resolved);
    }

    private static Path join(Path root, List<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    private static List<String> components(String path) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty()) {
                components.add(component);
            }
        }
        return components;
    }
}
