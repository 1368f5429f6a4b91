package io.skiff.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes' atomic_writer_test.go cases, on real files. */
class AtomicWriterTest {

    /** A 125-byte ELF binary, as in Kubernetes' TestWriteOnce. */
    private static final byte[] MYSTERY_BINARY = Base64.getMimeDecoder()
            .decode("f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAEAAOAAB\n"
                    + "AAAAAAAAAAEAAAAFAAAAAAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAfQAAAAAAAAB9AAAAAAAAAAAA\n"
                    + "IAAAAAAAsDyZDwU=");

    @TempDir
    Path target;

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("valid 1", "i/am/well/behaved.txt", true),
                Arguments.of("valid 2", "keepyourheaddownandfollowtherules.txt", true),
                Arguments.of("max path length", "a".repeat(4097), false),
                Arguments.of("max file length", "a".repeat(256), false),
                Arguments.of("absolute failure", "/dev/null", false),
                Arguments.of("reserved path", "..sneaky.txt", false),
                Arguments.of("contains doubledot 1", "hello/there/../../../../../../etc/passwd", false),
                Arguments.of("contains doubledot 2", "hello/../etc/somethingbad", false),
                Arguments.of("empty", "", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void validatesPaths(String name, String path, boolean valid) {
        if (valid) {
            AtomicWriter.validatePath(path);
        } else {
            assertThatThrownBy(() -> AtomicWriter.validatePath(path))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid path: ");
        }
    }

    @Test
    void pathMessagesAreKubernetes() {
        assertThatThrownBy(() -> AtomicWriter.validatePath("hello/../etc"))
                .hasMessage("invalid path: must not contain '..': hello/../etc");
        assertThatThrownBy(() -> AtomicWriter.validatePath("..sneaky.txt"))
                .hasMessage("invalid path: must not start with '..': ..sneaky.txt");
        assertThatThrownBy(() -> AtomicWriter.validatePath("/dev/null"))
                .hasMessage("invalid path: must be relative path: /dev/null");
    }

    static Stream<Arguments> removals() {
        return Stream.of(
                Arguments.of(
                        "simple",
                        Map.of("foo.txt", file("foo"), "bar.txt", file("bar")),
                        Map.of("foo.txt", file("foo")),
                        Set.of("bar.txt")),
                Arguments.of(
                        "simple 2",
                        Map.of("foo.txt", file("foo"), "zip/bar.txt", file("zip/b}ar")),
                        Map.of("foo.txt", file("foo")),
                        Set.of("zip/bar.txt", "zip")),
                Arguments.of(
                        "subdirs 1",
                        Map.of("foo.txt", file("foo"), "zip/zap/bar.txt", file("zip/bar")),
                        Map.of("foo.txt", file("foo")),
                        Set.of("zip/zap/bar.txt", "zip", "zip/zap")),
                Arguments.of(
                        "subdirs 2",
                        Map.of("foo.txt", file("foo"), "zip/1/2/3/4/bar.txt", file("zip/b}ar")),
                        Map.of("foo.txt", file("foo")),
                        Set.of("zip/1/2/3/4/bar.txt", "zip", "zip/1", "zip/1/2", "zip/1/2/3", "zip/1/2/3/4")),
                Arguments.of(
                        "subdirs 3",
                        Map.of(
                                "foo.txt", file("foo"),
                                "zip/1/2/3/4/bar.txt", file("zip/b}ar"),
                                "zap/a/b/c/bar.txt", file("zap/bar")),
                        Map.of("foo.txt", file("foo")),
                        Set.of(
                                "zip/1/2/3/4/bar.txt",
                                "zip",
                                "zip/1",
                                "zip/1/2",
                                "zip/1/2/3",
                                "zip/1/2/3/4",
                                "zap",
                                "zap/a",
                                "zap/a/b",
                                "zap/a/b/c",
                                "zap/a/b/c/bar.txt")),
                Arguments.of(
                        "subdirs 4",
                        Map.of(
                                "foo.txt", file("foo"),
                                "zap/1/2/3/4/bar.txt", file("zip/bar"),
                                "zap/1/2/c/bar.txt", file("zap/bar"),
                                "zap/1/2/magic.txt", file("indigo")),
                        Map.of("foo.txt", file("foo"), "zap/1/2/magic.txt", file("indigo")),
                        Set.of("zap/1/2/3/4/bar.txt", "zap/1/2/3", "zap/1/2/3/4", "zap/1/2/c", "zap/1/2/c/bar.txt")),
                Arguments.of(
                        "subdirs 5",
                        Map.of(
                                "foo.txt", file("foo"),
                                "zap/1/2/3/4/bar.txt", file("zip/bar"),
                                "zap/1/2/c/bar.txt", file("zap/bar")),
                        Map.of("foo.txt", file("foo"), "zap/1/2/magic.txt", file("indigo")),
                        Set.of("zap/1/2/3/4/bar.txt", "zap/1/2/3", "zap/1/2/3/4", "zap/1/2/c", "zap/1/2/c/bar.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("removals")
    void findsThePathsAnUpdateRemoves(
            String name, Map<String, FileProjection> first, Map<String, FileProjection> next, Set<String> expected)
            throws IOException {
        AtomicWriter writer = new AtomicWriter(target, "-test-");
        writer.write(first);
        Path oldTimestampDirectory = target.resolve(Files.readSymbolicLink(target.resolve("..data")));

        assertThat(writer.pathsToRemove(next, oldTimestampDirectory)).isEqualTo(expected);
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of(
                        "invalid payload 1",
                        Map.of(
                                "foo", file("foo"),
                                "..bar", file("bar"),
                                "binary.bin", new FileProjection(MYSTERY_BINARY, 0644)),
                        false),
                Arguments.of("invalid payload 2", Map.of("foo/../bar", file("foo")), false),
                Arguments.of("basic 1", Map.of("foo", file("foo"), "bar", file("bar")), true),
                Arguments.of(
                        "basic 2",
                        Map.of(
                                "binary.bin",
                                new FileProjection(MYSTERY_BINARY, 0644),
                                ".binary.bin",
                                new FileProjection(MYSTERY_BINARY, 0644)),
                        true),
                Arguments.of("basic mode 1", Map.of("foo", file("foo", 0777), "bar", file("bar", 0400)), true),
                Arguments.of(
                        "dotfiles",
                        Map.of(
                                "foo", file("foo"),
                                "bar", file("bar"),
                                ".dotfile", file("dotfile"),
                                ".dotfile.file", file("dotfile.file")),
                        true),
                Arguments.of(
                        "dotfiles mode",
                        Map.of(
                                "foo", file("foo", 0407),
                                "bar", file("bar", 0440),
                                ".dotfile", file("dotfile", 0777),
                                ".dotfile.file", file("dotfile.file", 0666)),
                        true),
                Arguments.of(
                        "subdirectories 1",
                        Map.of("foo/bar.txt", file("foo/bar"), "bar/zab.txt", file("bar/zab.txt")),
                        true),
                Arguments.of(
                        "subdirectories mode 1",
                        Map.of("foo/bar.txt", file("foo/bar", 0400), "bar/zab.txt", file("bar/zab.txt")),
                        true),
                Arguments.of(
                        "subdirectories 2",
                        Map.of("foo//bar.txt", file("foo//bar"), "bar///bar/zab.txt", file("bar/../bar/zab.txt")),
                        true),
                Arguments.of(
                        "subdirectories 3",
                        Map.of(
                                "foo/bar.txt", file("foo/bar"),
                                "bar/zab.txt", file("bar/zab.txt"),
                                "foo/blaz/bar.txt", file("foo/blaz/bar"),
                                "bar/zib/zab.txt", file("bar/zib/zab.txt")),
                        true),
                Arguments.of(
                        "kitchen sink",
                        Map.of(
                                "foo.log", file("foo"),
                                "bar.zap", file("bar"),
                                ".dotfile", file("dotfile"),
                                "foo/bar.txt", file("foo/bar"),
                                "bar/zab.txt", file("bar/zab.txt"),
                                "foo/blaz/bar.txt", file("foo/blaz/bar"),
                                "bar/zib/zab.txt", file("bar/zib/zab.txt", 0400),
                                "1/2/3/4/5/6/7/8/9/10/.dotfile.lib", file("1-2-3-dotfile", 0777)),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void writesOnce(String name, Map<String, FileProjection> payload, boolean success) throws IOException {
        AtomicWriter writer = new AtomicWriter(target, "-test-");
        if (!success) {
            assertThatThrownBy(() -> writer.write(payload)).isInstanceOf(IllegalArgumentException.class);
            assertThat(target.resolve("..data")).doesNotExist();
            return;
        }

        assertThat(writer.write(payload)).isTrue();

        assertVolumeHolds(payload);
    }

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of(
                        "update",
                        Map.of("foo", file("foo"), "bar", file("bar")),
                        Map.of("foo", file("foo2"), "bar", file("bar2", 0640)),
                        true),
                Arguments.of(
                        "no update",
                        Map.of("foo", file("foo"), "bar", file("bar")),
                        Map.of("foo", file("foo"), "bar", file("bar")),
                        false),
                Arguments.of(
                        "no update 2",
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        false),
                Arguments.of(
                        "add 1",
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar"), "blu/zip.txt", file("zip")),
                        true),
                Arguments.of(
                        "add 2",
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        Map.of(
                                "foo/bar.txt",
                                file("foo"),
                                "bar/zab.txt",
                                file("bar"),
                                "blu/two/2/3/4/5/zip.txt",
                                file("zip")),
                        true),
                Arguments.of(
                        "add 3",
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        Map.of(
                                "foo/bar.txt",
                                file("foo"),
                                "bar/zab.txt",
                                file("bar"),
                                "bar/2/3/4/5/zip.txt",
                                file("zip")),
                        true),
                Arguments.of(
                        "delete 1",
                        Map.of("foo/bar.txt", file("foo"), "bar/zab.txt", file("bar")),
                        Map.of("foo/bar.txt", file("foo")),
                        true),
                Arguments.of(
                        "delete 2",
                        Map.of("foo/bar.txt", file("foo"), "bar/1/2/3/zab.txt", file("bar")),
                        Map.of("foo/bar.txt", file("foo")),
                        true),
                Arguments.of(
                        "delete 3",
                        Map.of(
                                "foo/bar.txt",
                                file("foo"),
                                "bar/1/2/sip.txt",
                                file("sip"),
                                "bar/1/2/3/zab.txt",
                                file("bar")),
                        Map.of("foo/bar.txt", file("foo"), "bar/1/2/sip.txt", file("sip")),
                        true),
                Arguments.of(
                        "delete 4",
                        Map.of(
                                "foo/bar.txt",
                                file("foo"),
                                "bar/1/2/sip.txt",
                                file("sip"),
                                "bar/1/2/3/4/5/6zab.txt",
                                file("bar")),
                        Map.of("foo/bar.txt", file("foo"), "bar/1/2/sip.txt", file("sip")),
                        true),
                Arguments.of(
                        "delete all",
                        Map.of("foo/bar.txt", file("foo"), "bar/1/2/sip.txt", file("sip")),
                        Map.of(),
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void updatesAtomically(
            String name, Map<String, FileProjection> first, Map<String, FileProjection> next, boolean shouldWrite)
            throws IOException {
        AtomicWriter writer = new AtomicWriter(target, "-test-");
        writer.write(first);
        Path firstVersion = Files.readSymbolicLink(target.resolve("..data"));

        assertThat(writer.write(next)).isEqualTo(shouldWrite);

        assertVolumeHolds(next);
        Path nextVersion = Files.readSymbolicLink(target.resolve("..data"));
        if (shouldWrite) {
            assertThat(nextVersion).isNotEqualTo(firstVersion);
            assertThat(target.resolve(firstVersion)).doesNotExist();
        } else {
            assertThat(nextVersion).isEqualTo(firstVersion);
        }
        for (String path : first.keySet()) {
            if (!next.containsKey(path) && !path.contains("/")) {
                assertThat(target.resolve(path)).doesNotExist();
            }
        }
    }

    @Test
    void visibleLinksLostAfterACrashAreRestoredWithoutANewVersion() throws IOException {
        AtomicWriter writer = new AtomicWriter(target, "-test-");
        Map<String, FileProjection> payload = Map.of("foo", file("foo"), "dir/bar", file("bar"));
        writer.write(payload);
        Path version = Files.readSymbolicLink(target.resolve("..data"));
        Files.delete(target.resolve("dir"));

        assertThat(writer.write(payload)).isFalse();

        assertThat(Files.readSymbolicLink(target.resolve("..data"))).isEqualTo(version);
        assertVolumeHolds(payload);
    }

    @Test
    void aNewDataLinkLeftByAnInterruptedWriteDoesNotBlockTheNext() throws IOException {
        Files.createSymbolicLink(target.resolve("..data_tmp"), Path.of("..gone"));

        new AtomicWriter(target, "-test-").write(Map.of("foo", file("foo")));

        assertVolumeHolds(Map.of("foo", file("foo")));
        assertThat(target.resolve("..data_tmp")).doesNotExist();
    }

    @Test
    void aMissingTargetDirectoryIsRefused() {
        assertThatThrownBy(() -> new AtomicWriter(target.resolve("absent"), "-test-"))
                .isInstanceOf(NoSuchFileException.class);
    }

    /**
     * While versions are swapped, each version a reader resolves through ..data is complete: both
     * of its files carry the same version. (A version may vanish once a newer one replaced it.)
     */
    @Test
    void readersSeeWholeVersionsWhileUpdatesHappen() throws Exception {
        AtomicWriter writer = new AtomicWriter(target, "-test-");
        writer.write(Map.of("a", file("0"), "b", file("0")));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && problem.get() == null) {
                try {
                    Path version = target.resolve(Files.readSymbolicLink(target.resolve("..data")));
                    String a = Files.readString(version.resolve("a"));
                    String b = Files.readString(version.resolve("b"));
                    if (!a.equals(b)) {
                        problem.set("version " + version + " holds a=" + a + " b=" + b);
                    }
                } catch (NoSuchFileException e) {
                    // the version was replaced and removed after this reader resolved it
                } catch (IOException e) {
                    problem.set(e.toString());
                }
            }
        });
        reader.start();
        for (int version = 1; version <= 200 && problem.get() == null; version++) {
            writer.write(Map.of("a", file(String.valueOf(version)), "b", file(String.valueOf(version))));
        }
        done.set(true);
        reader.join(10_000);

        assertThat(reader.isAlive()).isFalse();
        assertThat(problem.get()).isNull();
        assertThat(Files.readString(target.resolve("a"))).isEqualTo("200");
    }

    /** Kubernetes' checkVolumeContents: every file through its visible path, with its mode. */
    private void assertVolumeHolds(Map<String, FileProjection> payload) throws IOException {
        Map<String, FileProjection> clean = AtomicWriter.validatePayload(payload);
        Path data = target.resolve("..data");
        assertThat(Files.isSymbolicLink(data)).isTrue();
        for (Map.Entry<String, FileProjection> entry : clean.entrySet()) {
            Path visible = target.resolve(entry.getKey());
            assertThat(Files.readAllBytes(visible)).isEqualTo(entry.getValue().data());
            int mode = (Integer) Files.getAttribute(visible, "unix:mode") & 07777;
            assertThat(mode)
                    .as("mode of %s", entry.getKey())
                    .isEqualTo(entry.getValue().mode());
            String topLevel = entry.getKey().split("/")[0];
            assertThat(Files.readSymbolicLink(target.resolve(topLevel))).isEqualTo(Path.of("..data", topLevel));
        }
        List<String> visibleNames;
        try (Stream<Path> entries = Files.list(target)) {
            visibleNames = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".."))
                    .sorted()
                    .toList();
        }
        assertThat(visibleNames)
                .containsExactlyElementsOf(clean.keySet().stream()
                        .map(p -> p.split("/")[0])
                        .distinct()
                        .sorted()
                        .toList());
        assertThat(Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    private static FileProjection file(String content) {
        return file(content, 0644);
    }

    private static FileProjection file(String content, int mode) {
        return new FileProjection(content.getBytes(StandardCharsets.UTF_8), mode);
    }
}
