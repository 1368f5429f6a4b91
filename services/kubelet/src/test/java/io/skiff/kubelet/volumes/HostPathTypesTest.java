package io.skiff.kubelet.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hostPath type checks (pkg/volume/hostpath checkTypeInternal) on real paths. */
class HostPathTypesTest {

    @TempDir
    Path temp;

    private Path directory;
    private Path file;
    private Path socket;

    @BeforeEach
    void createPaths() throws IOException {
        directory = Files.createDirectory(temp.resolve("dir"));
        file = Files.writeString(temp.resolve("file"), "x");
        socket = temp.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "'', dir",
        "'', absent",
        "Directory, dir",
        "DirectoryOrCreate, dir",
        "File, file",
        "FileOrCreate, file",
        "Socket, sock",
        "CharDevice, /dev/null"
    })
    void acceptsWhatMatches(String type, String name) throws VolumeSetupException {
        HostPathTypes.check(path(name), type);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "Directory, file, is not a directory",
        "Directory, absent, is not a directory",
        "DirectoryOrCreate, file, is not a directory",
        "File, dir, is not a file",
        "FileOrCreate, dir, is not a file",
        "Socket, file, is not a socket file",
        "CharDevice, file, is not a character device",
        "BlockDevice, /dev/null, is not a block device"
    })
    void refusesWhatDoesNot(String type, String name, String problem) {
        String path = path(name);

        assertThatThrownBy(() -> HostPathTypes.check(path, type))
                .isInstanceOf(VolumeSetupException.class)
                .hasMessage("hostPath type check failed: " + path + " " + problem);
    }

    @Test
    void directoryOrCreateMakesTheDirectoryAndItsParents() throws Exception {
        Path created = temp.resolve("a/b/c");

        HostPathTypes.check(created.toString(), "DirectoryOrCreate");

        assertThat(created).isDirectory();
        assertThat((Integer) Files.getAttribute(created, "unix:mode") & 0777).isEqualTo(0755);
    }

    @Test
    void fileOrCreateMakesAnEmptyFileButNoParent() throws Exception {
        Path created = temp.resolve("new-file");

        HostPathTypes.check(created.toString(), "FileOrCreate");

        assertThat(created).isEmptyFile();
        assertThat((Integer) Files.getAttribute(created, "unix:mode") & 0777).isEqualTo(0644);
        assertThatThrownBy(() -> HostPathTypes.check(temp.resolve("x/y").toString(), "FileOrCreate"))
                .hasMessage("open " + temp.resolve("x/y") + ": no such file or directory");
    }

    @Test
    void backstepsAndUnknownTypesAreRefused() {
        assertThatThrownBy(() -> HostPathTypes.check("/var/../etc", ""))
                .hasMessage("invalid HostPath `/var/../etc`: must not contain '..'");
        assertThatThrownBy(() -> HostPathTypes.check(directory.toString(), "Pipe"))
                .hasMessage("Pipe is an invalid volume type");
    }

    private String path(String name) {
        return name.startsWith("/") ? name : temp.resolve(name).toString();
    }
}
