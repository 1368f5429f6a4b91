package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {

    @TempDir
    Path dir;

    @Test
    void overlayListsTheLayersTopFirst() throws IOException {
        String options = Rootfs.overlayOptions(dir, List.of(Path.of("/l/base"), Path.of("/l/mid"), Path.of("/l/top")));

        assertThat(options)
                .isEqualTo("lowerdir=/l/top:/l/mid:/l/base,upperdir=" + dir.resolve("upper") + ",workdir="
                        + dir.resolve("work"));
    }

    @Test
    void anImageWithoutLayersGetsAnEmptyLowerDirectory() throws IOException {
        assertThat(Rootfs.overlayOptions(dir, List.of())).startsWith("lowerdir=" + dir.resolve("empty") + ",");
        assertThat(dir.resolve("empty")).isEmptyDirectory();
    }

    @Test
    void copiedLayersApplyTheirWhiteoutsBottomFirst() throws IOException {
        Path base = dir.resolve("base");
        write(base.resolve("etc/config"), "base");
        write(base.resolve("etc/removed"), "base");
        write(base.resolve("var/cache/a"), "base");
        write(base.resolve("keep"), "base");
        Files.createSymbolicLink(base.resolve("link"), Path.of("keep"));
        Path top = dir.resolve("top");
        write(top.resolve("etc/config"), "top");
        write(top.resolve("etc/.wh.removed"), "");
        write(top.resolve("var/cache/.wh..wh..opq"), "");
        write(top.resolve("var/cache/b"), "top");
        write(top.resolve("new"), "top");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));

        Rootfs.applyLayer(base, rootfs);
        Rootfs.applyLayer(top, rootfs);

        assertThat(files(rootfs)).containsExactlyInAnyOrder("etc/config", "keep", "link", "new", "var/cache/b");
        assertThat(rootfs.resolve("etc/config")).hasContent("top");
        assertThat(Files.readSymbolicLink(rootfs.resolve("link"))).isEqualTo(Path.of("keep"));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !Files.isDirectory(p))
                    .map(p -> root.relativize(p).toString())
                    .toList();
        }
    }
}
