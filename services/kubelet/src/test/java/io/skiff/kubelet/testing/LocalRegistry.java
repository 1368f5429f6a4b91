package io.skiff.kubelet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's docker-registry on 127.0.0.1 and a free port, and a busybox
 * image built with umoci from busybox-static and pushed with skopeo (DESIGN.md §5). Everything lives
 * under a work directory the test owns.
 */
public final class LocalRegistry implements AutoCloseable {

    /** What tests need installed, as .ci/run installs it. */
    public static final List<String> TOOLS =
            List.of("/usr/bin/docker-registry", "/usr/bin/umoci", "/usr/bin/skopeo", "/bin/busybox");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final String host;

    private LocalRegistry(Process process, String host) {
        this.process = process;
        this.host = host;
    }

    /** Whether docker-registry, umoci, skopeo and busybox-static are installed. */
    public static boolean toolsInstalled() {
        return TOOLS.stream().allMatch(tool -> Files.isExecutable(Path.of(tool)));
    }

    /**
     * Starts a registry with an {@code auth} section of its config (empty for none) and returns once
     * it answers.
     */
    public static LocalRegistry start(Path work, String name, String auth) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path directory = Files.createDirectories(work.resolve("registry-" + name));
        String config = "version: 0.1\n"
                + "log:\n  level: warn\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + directory.resolve("storage") + "\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n"
                + auth;
        Path configFile = directory.resolve("config.yml");
        Files.writeString(configFile, config);
        Process registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", configFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("registry.log").toFile())
                .start();
        String host = "127.0.0.1:" + port;
        int ready = auth.isEmpty() ? 200 : 401;
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(registry.isAlive())
                            .as(
                                    "docker-registry %s exited: %s",
                                    name, Files.readString(directory.resolve("registry.log")))
                            .isTrue();
                    return HTTP.send(
                                            HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == ready;
                });
        return new LocalRegistry(registry, host);
    }

    /** host:port */
    public String host() {
        return host;
    }

    /**
     * An OCI layout at {@code <work>/busybox-oci} with image {@code :1}: /bin/busybox and /bin/sh,
     * entrypoint {@code /bin/sh -c}, cmd {@code echo hello from busybox}, env GREETING=hello,
     * working directory /tmp, stop signal SIGINT.
     */
    public static Path buildBusyboxImage(Path work) throws Exception {
        Path layout = work.resolve("busybox-oci");
        Path rootfs = work.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        run(work, "umoci", "init", "--layout", layout.toString());
        run(work, "umoci", "new", "--image", layout + ":1");
        run(
                work,
                "umoci",
                "insert",
                "--image",
                layout + ":1",
                rootfs.resolve("bin").toString(),
                "/bin");
        run(
                work,
                "umoci",
                "config",
                "--image",
                layout + ":1",
                "--config.entrypoint",
                "/bin/sh",
                "--config.entrypoint",
                "-c",
                "--config.cmd",
                "echo hello from busybox",
                "--config.env",
                "GREETING=hello",
                "--config.workingdir",
                "/tmp",
                "--config.stopsignal",
                "SIGINT");
        return layout;
    }

    /** Pushes {@code layout}'s image {@code :1} as {@code <host>/busybox:1}, with {@code user:password} or none. */
    public void push(Path work, Path layout, String credentials) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("skopeo", "copy", "--insecure-policy", "--dest-tls-verify=false"));
        if (credentials != null) {
            command.addAll(List.of("--dest-creds", credentials));
        }
        command.addAll(List.of("oci:" + layout + ":1", "docker://" + host + "/busybox:1"));
        run(work, command.toArray(String[]::new));
    }

    /** Runs a command to completion (at most two minutes) and returns its output. */
    public static String run(Path work, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(work, "command", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        String printed = Files.readString(output);
        assertThat(process.exitValue())
                .as("%s: %s", String.join(" ", command), printed)
                .isZero();
        return printed;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
