package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static pod path read as a whole (Kubernetes' sourceFile.resetStoreFromPath and
 * extractFromDir): a directory gives the pods of its manifest files ({@code *.yaml}, {@code *.yml}
 * and {@code *.json}, in name order; hidden files and subdirectories are skipped), a file its own
 * pod, a path that does not exist no pods. A file that cannot be read as a pod is logged and left
 * out; the others still count.
 *
 * <p>Problems are logged when they first show (or change), not on every read, since the path is
 * read every few seconds. Not thread-safe: one reader at a time.
 */
public final class ManifestDirectory {

    private static final Logger log = LoggerFactory.getLogger(ManifestDirectory.class);
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private final Path path;
    private final ManifestReader reader;
    private final Map<Path, String> reported = new HashMap<>();

    public ManifestDirectory(Path path, ManifestReader reader) {
        this.path = path;
        this.reader = reader;
    }

    public Path path() {
        return path;
    }

    /** The pods the path holds now. */
    public List<Pod> read() {
        Map<Path, String> problems = new HashMap<>();
        List<Pod> pods = new ArrayList<>();
        if (Files.isDirectory(path)) {
            for (Path file : entries(problems)) {
                readInto(file, pods, problems);
            }
        } else if (Files.isRegularFile(path)) {
            readInto(path, pods, problems);
        } else if (Files.exists(path)) {
            problems.put(path, "the static pod path is not a directory or file");
        } else {
            problems.put(path, "the static pod path does not exist, ignoring it");
        }
        report(problems);
        return pods;
    }

    private List<Path> entries(Map<Path, String> problems) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(path)) {
            for (Path entry : listing.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    problems.put(entry, "not recursing into manifest path");
                } else if (!isManifestName(name)) {
                    log.debug("Ignoring {}: not a .yaml, .yml or .json file", entry);
                } else {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            problems.put(path, "cannot list the static pod path: " + e);
        }
        return files;
    }

    private void readInto(Path file, List<Pod> pods, Map<Path, String> problems) {
        try {
            log.trace("Reading manifest file {}", file);
            pods.add(reader.read(file));
        } catch (InvalidManifestException e) {
            problems.put(file, e.getMessage());
        }
    }

    /** Logs the problems that are new since the last read, and that earlier ones are gone. */
    private void report(Map<Path, String> problems) {
        problems.forEach((file, problem) -> {
            if (Objects.equals(reported.get(file), problem)) {
                return;
            }
            if (file.equals(path) && !Files.isRegularFile(path)) {
                log.warn("Unable to read manifest path {}: {}", path, problem);
            } else {
                log.warn("Can't process manifest file {}: {}", file, problem);
            }
        });
        reported.keySet().stream()
                .filter(file -> !problems.containsKey(file))
                .forEach(file -> log.info("{} is no longer a problem (fixed or removed)", file));
        reported.clear();
        reported.putAll(problems);
    }

    private static boolean isManifestName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }
}
