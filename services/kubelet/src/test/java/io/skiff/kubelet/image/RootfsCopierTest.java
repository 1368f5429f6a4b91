package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A root file system copied from layers looks as overlayfs would show them. */
class RootfsCopierTest {

    @TempDir
    Path temp;

    static Stream<Arguments> privileges() {
        return Stream.of(
                Arguments.of("as this process may (overlayfs whiteouts when root)", SpecialFiles.detect()),
                Arguments.of("without privileges (whiteouts recorded only)", LayerUnpackerTest.UNPRIVILEGED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privileges")
    void appliesWhiteoutsOpaqueDirectoriesAndReplacements(String name, SpecialFiles special) throws IOException {
        byte[] lower = new TarFixture()
                .dir("etc", 0755)
                .file("etc/removed.conf", "old")
                .file("etc/kept.conf", "kept")
                .dir("var/cache", 0755)
                .file("var/cache/stale", "stale")
                .dir("var/cache/sub", 0755)
                .file("var/cache/sub/deep", "deep")
                .dir("bin", 0755)
                .file("bin/busybox", "busybox", 0755, 0, 0)
                .symlink("bin/sh", "busybox")
                .dir("usr/lib", 0755)
                .file("usr/lib/libc.so", "libc")
                .symlink("lib", "usr/lib")
                .file("replaced", "a file below")
                .tar();
        byte[] upper = new TarFixture()
                .whiteout("etc/removed.conf")
                .file("etc/added.conf", "added")
                .opaque("var/cache")
                .file("var/cache/fresh", "fresh")
                .dir("lib", 0755)
                .file("lib/own", "a directory over a symlink")
                .dir("replaced", 0700)
                .file("bin/busybox", "newer busybox", 0755, 0, 0)
                .hardlink("bin/ls", "bin/busybox")
                .tar();
        List<UnpackedLayer> layers = new ArrayList<>();
        layers.add(unpack(special, "lower", lower));
        layers.add(unpack(special, "upper", upper));
        Path rootfs = Files.createDirectory(temp.resolve("rootfs"));

        new RootfsCopier(special).copy(layers, rootfs);

        assertThat(LayerUnpackerTest.names(rootfs.resolve("etc"))).containsExactly("added.conf", "kept.conf");
        assertThat(LayerUnpackerTest.names(rootfs.resolve("var/cache"))).containsExactly("fresh");
        assertThat(rootfs.resolve("bin/busybox")).hasContent("newer busybox");
        assertThat(LayerUnpackerTest.mode(rootfs.resolve("bin/busybox"))).isEqualTo(0755);
        assertThat(Files.getAttribute(rootfs.resolve("bin/ls"), "unix:ino"))
                .isEqualTo(Files.getAttribute(rootfs.resolve("bin/busybox"), "unix:ino"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.isDirectory(rootfs.resolve("lib"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(LayerUnpackerTest.names(rootfs.resolve("lib"))).containsExactly("own");
        assertThat(rootfs.resolve("usr/lib/libc.so")).hasContent("libc");
        assertThat(Files.isDirectory(rootfs.resolve("replaced"), LinkOption.NOFOLLOW_LINKS))
                .isTrue();
        assertThat(LayerUnpackerTest.mode(rootfs.resolve("replaced"))).isEqualTo(0700);
    }

    private UnpackedLayer unpack(SpecialFiles special, String name, byte[] tar) throws IOException {
        Path directory = Files.createDirectory(temp.resolve(name));
        LayerUnpacker.Result result = new LayerUnpacker(special).unpack(new ByteArrayInputStream(tar), directory);
        return new UnpackedLayer(
                result.diffId(), directory, result.overlayWhiteouts(), result.whiteouts(), result.opaqueDirectories());
    }
}
