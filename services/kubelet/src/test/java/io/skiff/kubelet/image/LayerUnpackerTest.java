package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Unpacking hand-built layer archives: file kinds, attributes, whiteouts and entries that try to escape. */
class LayerUnpackerTest {

    /** No root, no tools: whiteouts are only recorded. */
    static final SpecialFiles UNPRIVILEGED = new SpecialFiles(false, null, null);

    @TempDir
    Path temp;

    static Stream<Arguments> compressions() {
        return Stream.of(
                Arguments.of("uncompressed", (UnaryOperator<byte[]>) tar -> tar),
                Arguments.of("gzip", (UnaryOperator<byte[]>) TarFixture::gzip),
                Arguments.of("zstd", (UnaryOperator<byte[]>) TarFixture::zstd));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressions")
    void unpacksFilesDirectoriesAndLinksWithTheirModesAndTimes(String name, UnaryOperator<byte[]> compression)
            throws IOException {
        byte[] tar = new TarFixture()
                .dir("bin", 0755)
                .file("bin/busybox", "#!busybox", 0755, 0, 0)
                .symlink("bin/sh", "busybox")
                .hardlink("bin/ls", "bin/busybox")
                .file("bin/su", "su", 04755, 0, 0)
                .dir("etc", 0750)
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0, 0)
                .dir("tmp", 01777)
                .tar();
        Path layer = layerDir();

        LayerUnpacker.Result result =
                new LayerUnpacker(SpecialFiles.detect()).unpack(input(compression.apply(tar)), layer);

        assertThat(result.diffId()).isEqualTo(Digest.sha256(tar).toString());
        assertThat(Files.readString(layer.resolve("bin/busybox"))).isEqualTo("#!busybox");
        assertThat(mode(layer.resolve("bin/busybox"))).isEqualTo(0755);
        assertThat(mode(layer.resolve("bin/su"))).isEqualTo(04755);
        assertThat(mode(layer.resolve("etc"))).isEqualTo(0750);
        assertThat(mode(layer.resolve("tmp"))).isEqualTo(01777);
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.getAttribute(layer.resolve("bin/ls"), "unix:ino"))
                .isEqualTo(Files.getAttribute(layer.resolve("bin/busybox"), "unix:ino"));
        FileTime modified = FileTime.fromMillis(TarFixture.MODIFIED.getTime());
        assertThat(Files.getLastModifiedTime(layer.resolve("etc/passwd"))).isEqualTo(modified);
        assertThat(Files.getLastModifiedTime(layer.resolve("bin"))).isEqualTo(modified);
        assertThat(result.whiteouts()).isEmpty();
        assertThat(result.opaqueDirectories()).isEmpty();
    }

    @Test
    void ownershipIsKeptWhenRunningAsRoot() throws IOException {
        SpecialFiles special = SpecialFiles.detect();
        assumeTrue(special.root(), "SKIPPED LOUDLY: ownership needs root; this test runs as a non-root user");
        byte[] tar = new TarFixture()
                .dir("home/app", 0700, 1000, 1000)
                .file("home/app/data", "x", 0600, 1000, 2000)
                .symlink("home/app/link", "data")
                .tar();
        Path layer = layerDir();

        new LayerUnpacker(special).unpack(input(tar), layer);

        assertThat(Files.getAttribute(layer.resolve("home/app/data"), "unix:uid"))
                .isEqualTo(1000);
        assertThat(Files.getAttribute(layer.resolve("home/app/data"), "unix:gid"))
                .isEqualTo(2000);
        assertThat(Files.getAttribute(layer.resolve("home/app"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(layer.resolve("home/app/link"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0);
    }

    @Test
    void whiteoutsBecomeOverlayWhiteoutsAsRootAndAreRecorded() throws IOException, InterruptedException {
        SpecialFiles special = SpecialFiles.detect();
        assumeTrue(
                special.overlayWhiteouts(),
                "SKIPPED LOUDLY: overlayfs whiteouts need root, mknod and setfattr (Debian package attr)");
        byte[] tar = new TarFixture()
                .dir("etc", 0755)
                .whiteout("etc/gone.conf")
                .dir("var/cache", 0755)
                .opaque("var/cache")
                .file("var/cache/fresh", "new")
                .whiteout("old-top-level")
                .tar();
        Path layer = layerDir();

        LayerUnpacker.Result result = new LayerUnpacker(special).unpack(input(TarFixture.gzip(tar)), layer);

        assertThat(result.overlayWhiteouts()).isTrue();
        assertThat(result.whiteouts()).containsExactly("/etc/gone.conf", "/old-top-level");
        assertThat(result.opaqueDirectories()).containsExactly("/var/cache");
        Path whiteout = layer.resolve("etc/gone.conf");
        assertThat((Integer) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .as("a character device")
                .isEqualTo(0020000);
        assertThat(Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0L);
        assertThat(xattr(layer.resolve("var/cache"), "trusted.overlay.opaque")).isEqualTo("y");
        assertThat(layer.resolve("etc/.wh.gone.conf")).doesNotExist();
        assertThat(layer.resolve("var/cache/.wh..wh..opq")).doesNotExist();
        assertThat(layer.resolve("var/cache/fresh")).hasContent("new");
    }

    @Test
    void withoutPrivilegesWhiteoutsAreOnlyRecorded() throws IOException {
        byte[] tar = new TarFixture()
                .whiteout("etc/gone.conf")
                .opaque("var/cache")
                .file("var/cache/fresh", "new")
                .tar();
        Path layer = layerDir();

        LayerUnpacker.Result result = new LayerUnpacker(UNPRIVILEGED).unpack(input(tar), layer);

        assertThat(result.overlayWhiteouts()).isFalse();
        assertThat(result.whiteouts()).containsExactly("/etc/gone.conf");
        assertThat(result.opaqueDirectories()).containsExactly("/var/cache");
        assertThat(Files.exists(layer.resolve("etc/gone.conf"), LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(Files.exists(layer.resolve("etc/.wh.gone.conf"), LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(layer.resolve("var/cache/fresh")).hasContent("new");
    }

    static Stream<Arguments> unsafeArchives() {
        return Stream.of(
                Arguments.of(
                        "a name climbing out of the layer",
                        new TarFixture().file("../escaped", "x").tar(),
                        "\"../escaped\" is outside of"),
                Arguments.of(
                        "a name climbing out after a detour",
                        new TarFixture().file("a/../../escaped", "x").tar(),
                        "\"a/../../escaped\" is outside of"),
                Arguments.of(
                        "a hard link to a file outside the layer",
                        new TarFixture()
                                .hardlink("passwd", "../../../../etc/passwd")
                                .tar(),
                        "is outside of"),
                Arguments.of(
                        "a hard link through a symlink to the host's /etc",
                        new TarFixture()
                                .symlink("hostetc", "/etc")
                                .hardlink("passwd", "hostetc/passwd")
                                .tar(),
                        "hard link \"passwd\" points at \"hostetc/passwd\""),
                Arguments.of(
                        "a hard link to nothing",
                        new TarFixture().hardlink("link", "missing").tar(),
                        "hard link \"link\" points at \"missing\""),
                Arguments.of(
                        "a hard link to a directory",
                        new TarFixture().dir("d", 0755).hardlink("link", "d").tar(),
                        "hard link \"link\" points at \"d\""),
                Arguments.of(
                        "a whiteout of the parent",
                        new TarFixture().file("etc/.wh...", "").tar(),
                        "invalid whiteout name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeArchives")
    void rejectsEntriesThatEscapeTheLayer(String name, byte[] tar, String message) throws IOException {
        Path layer = layerDir();

        assertThatThrownBy(() -> new LayerUnpacker(SpecialFiles.detect()).unpack(input(tar), layer))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining(message);
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings).containsExactly(layer);
        }
    }

    @Test
    void symlinksOnTheWayAreResolvedInsideTheLayer() throws IOException {
        String unique = "skiff-escape-" + System.nanoTime();
        byte[] tar = new TarFixture()
                .symlink("up", "../../../../..")
                .file("up/" + unique, "relative")
                .symlink("abs", "/tmp")
                .file("abs/" + unique, "absolute")
                .symlink("loop", "loop")
                .tar();
        Path layer = layerDir();

        new LayerUnpacker(SpecialFiles.detect()).unpack(input(tar), layer);

        assertThat(layer.resolve(unique)).hasContent("relative");
        assertThat(layer.resolve("tmp").resolve(unique)).hasContent("absolute");
        assertThat(Path.of("/tmp", unique)).doesNotExist();
        try (Stream<Path> siblings = Files.list(temp)) {
            assertThat(siblings).containsExactly(layer);
        }
    }

    @Test
    void absoluteNamesLandInsideTheLayer() throws IOException {
        byte[] tar =
                new TarFixture().file("/etc/hosts", "127.0.0.1 localhost\n").tar();
        Path layer = layerDir();

        new LayerUnpacker(SpecialFiles.detect()).unpack(input(tar), layer);

        assertThat(layer.resolve("etc/hosts")).hasContent("127.0.0.1 localhost");
    }

    @Test
    void laterEntriesReplaceEarlierOnes() throws IOException {
        byte[] tar = new TarFixture()
                .file("x", "a file first")
                .dir("x", 0755)
                .file("x/y", "then a directory")
                .symlink("l", "target")
                .file("l", "a file over a symlink")
                .dir("d", 0755)
                .file("d/keep", "kept")
                .dir("d", 0700)
                .tar();
        Path layer = layerDir();

        new LayerUnpacker(SpecialFiles.detect()).unpack(input(tar), layer);

        assertThat(layer.resolve("x/y")).hasContent("then a directory");
        assertThat(Files.isSymbolicLink(layer.resolve("l"))).isFalse();
        assertThat(layer.resolve("l")).hasContent("a file over a symlink");
        assertThat(layer.resolve("d/keep")).hasContent("kept");
        assertThat(mode(layer.resolve("d"))).isEqualTo(0700);
    }

    @Test
    void fifosAndDevicesAreMadeWhenPossible() throws IOException {
        SpecialFiles special = SpecialFiles.detect();
        assumeTrue(special.root() && special.hasMknod(), "SKIPPED LOUDLY: device nodes need root and mknod");
        byte[] tar = new TarFixture()
                .fifo("run/pipe")
                .characterDevice("dev/null", 1, 3)
                .tar();
        Path layer = layerDir();

        new LayerUnpacker(special).unpack(input(tar), layer);

        assertThat(type(layer.resolve("run/pipe"))).isEqualTo(0010000);
        assertThat(type(layer.resolve("dev/null"))).isEqualTo(0020000);
        assertThat(mode(layer.resolve("dev/null"))).isEqualTo(0666);
    }

    @Test
    void trailingBytesAfterTheArchiveCountInTheDiffId() throws IOException {
        byte[] tar = new TarFixture().file("a", "a").tar();
        byte[] padded = new byte[tar.length + 10240];
        System.arraycopy(tar, 0, padded, 0, tar.length);

        LayerUnpacker.Result result = new LayerUnpacker(UNPRIVILEGED).unpack(input(padded), layerDir());

        assertThat(result.diffId()).isEqualTo(Digest.sha256(padded).toString());
    }

    private Path layerDir() throws IOException {
        return Files.createDirectory(temp.resolve("layer"));
    }

    private static ByteArrayInputStream input(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static int type(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
    }

    static String xattr(Path path, String name) throws IOException, InterruptedException {
        Process getfattr = new ProcessBuilder(
                        "getfattr", "--absolute-names", "--only-values", "-h", "-n", name, path.toString())
                .redirectErrorStream(true)
                .start();
        String value = new String(getfattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(getfattr.waitFor()).as(value).isZero();
        return value;
    }

    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
