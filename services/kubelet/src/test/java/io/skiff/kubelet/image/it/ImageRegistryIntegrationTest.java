package io.skiff.kubelet.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.RegistryCredentials;
import io.skiff.kubelet.image.DockerConfigJson;
import io.skiff.kubelet.image.ImageConfig;
import io.skiff.kubelet.image.ImageStore;
import io.skiff.kubelet.image.OciImageService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Pulls through the image service from a real registry: Debian's docker-registry on 127.0.0.1
 * (open, behind htpasswd basic auth, and behind token auth), serving a busybox image built here from
 * busybox-static with umoci and pushed with skopeo (DESIGN.md §5, §7). Needs root and the
 * Debian packages docker-registry, umoci, skopeo and busybox-static, which .ci/run installs.
 */
class ImageRegistryIntegrationTest {

    private static final String USER = "puller";
    private static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    static Path work;

    private static final List<Process> registries = new ArrayList<>();
    private static TokenServer tokenServer;
    private static String open;
    private static String guarded;
    private static String tokened;
    private static String manifestDigest;
    private static String configDigest;

    @TempDir
    Path kubeletRoot;

    @BeforeAll
    static void buildImageAndStartRegistries() throws Exception {
        assumeTrue(isRoot(), "SKIPPED LOUDLY: the registry integration test needs root (overlay whiteouts, ownership)");
        for (String tool : List.of("/usr/bin/docker-registry", "/usr/bin/umoci", "/usr/bin/skopeo", "/bin/busybox")) {
            assumeTrue(
                    Files.isExecutable(Path.of(tool)),
                    "SKIPPED LOUDLY: " + tool + " is missing; install docker-registry umoci skopeo busybox-static"
                            + " (apt-get, as .ci/run does)");
        }
        Path layout = buildBusyboxImage();
        open = startRegistry("open", "");
        Path htpasswd = Files.createDirectories(work.resolve("htpasswd")).resolve("htpasswd");
        Files.writeString(htpasswd, USER + ":" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10)) + "\n");
        guarded = startRegistry("guarded", "auth:\n  htpasswd:\n    realm: skiff-test\n    path: " + htpasswd + "\n");
        tokenServer = new TokenServer(Files.createDirectories(work.resolve("token")), USER, PASSWORD);
        tokened = startRegistry(
                "tokened",
                "auth:\n  token:\n    realm: " + tokenServer.realm() + "\n    service: " + TokenServer.SERVICE
                        + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: "
                        + tokenServer.certificateBundle() + "\n");
        run(
                "skopeo",
                "copy",
                "--insecure-policy",
                "--dest-tls-verify=false",
                "oci:" + layout + ":1",
                "docker://" + open + "/busybox:1");
        run(
                "skopeo",
                "copy",
                "--insecure-policy",
                "--dest-tls-verify=false",
                "--dest-creds",
                USER + ":" + PASSWORD,
                "oci:" + layout + ":1",
                "docker://" + guarded + "/busybox:1");
        run(
                "skopeo",
                "copy",
                "--insecure-policy",
                "--dest-tls-verify=false",
                "--dest-creds",
                USER + ":" + PASSWORD,
                "oci:" + layout + ":1",
                "docker://" + tokened + "/busybox:1");

        // What the registry serves, read without the code under test.
        HttpResponse<byte[]> manifest = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + open + "/v2/busybox/manifests/1"))
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(manifest.statusCode()).isEqualTo(200);
        manifestDigest = manifest.headers().firstValue("Docker-Content-Digest").orElseThrow();
        configDigest =
                JSON.readTree(manifest.body()).path("config").path("digest").asText();
    }

    @AfterAll
    static void stopRegistries() throws InterruptedException {
        if (tokenServer != null) {
            tokenServer.close();
        }
        for (Process registry : registries) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly();
            }
        }
    }

    @Test
    void pullsTheImageAndUnpacksItsLayer() throws Exception {
        OciImageService service = service();
        String reference = open + "/busybox:1";

        String id = service.pullImage(reference, List.of());

        assertThat(id).as("the image id is the config digest").isEqualTo(configDigest);
        Image image = service.imageStatus(reference).orElseThrow();
        assertThat(image.repoTags()).containsExactly(reference);
        assertThat(image.repoDigests()).containsExactly(open + "/busybox@" + manifestDigest);
        assertThat(image.sizeBytes()).isPositive();

        ImageStore store = service.store();
        List<Path> layers = store.layerDirectories(id);
        Path top = layers.get(layers.size() - 1);
        Path busybox = top.resolve("bin/busybox");
        assertThat(Files.isRegularFile(busybox, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isExecutable(busybox)).isTrue();
        assertThat(Files.size(busybox)).isEqualTo(Files.size(Path.of("/bin/busybox")));
        assertThat(Files.readSymbolicLink(top.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.getAttribute(busybox, "unix:uid")).isEqualTo(0);
        assertThat(run(busybox.toString(), "echo", "pulled and unpacked").trim())
                .isEqualTo("pulled and unpacked");

        ImageConfig config = store.config(id);
        assertThat(config.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(config.cmd()).containsExactly("echo hello from busybox");
        assertThat(config.env()).contains("GREETING=hello");
        assertThat(config.workingDir()).isEqualTo("/tmp");
        assertThat(config.stopSignal()).isEqualTo("SIGINT");
    }

    @Test
    void pullsByDigest() {
        OciImageService service = service();
        String byDigest = open + "/busybox@" + manifestDigest;

        String id = service.pullImage(byDigest, List.of());

        assertThat(id).isEqualTo(configDigest);
        assertThat(service.imageStatus(byDigest)).map(Image::id).contains(configDigest);
        assertThat(service.imageStatus(byDigest).orElseThrow().repoTags()).isEmpty();
    }

    @Test
    void aMissingTagIsNotFound() {
        String missing = open + "/busybox:2";

        assertThatThrownBy(() -> service().pullImage(missing, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isTrue())
                .hasMessage("failed to pull and unpack image \"" + missing + "\": failed to resolve reference \""
                        + missing + "\": " + missing + ": not found");
    }

    @Test
    void aRegistryBehindBasicAuthNeedsThePullSecretsCredentials() {
        OciImageService service = service();
        String reference = guarded + "/busybox:1";
        String dockerConfigJson =
                "{\"auths\":{\"" + guarded + "\":{\"auth\":\"" + base64(USER + ":" + PASSWORD) + "\"}}}";
        List<RegistryCredentials> pullSecret =
                DockerConfigJson.fromSecretData(Map.of(".dockerconfigjson", base64(dockerConfigJson)));

        assertThatThrownBy(() -> service.pullImage(reference, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isFalse())
                .hasMessageEndingWith("pull access denied, repository does not exist or may require authorization: "
                        + "authorization failed: no basic auth credentials");
        assertThatThrownBy(() ->
                        service.pullImage(reference, List.of(new RegistryCredentials(guarded, USER, "wrong password"))))
                .hasMessageEndingWith("unexpected status from HEAD request to http://" + guarded
                        + "/v2/busybox/manifests/1: 401 Unauthorized");

        assertThat(service.pullImage(reference, pullSecret)).isEqualTo(configDigest);
    }

    @Test
    void aRegistryWithTokenAuthGrantsABearerTokenForThePullSecretsCredentials() {
        OciImageService service = service();
        String reference = tokened + "/busybox:1";
        int before = tokenServer.requests.size();

        assertThatThrownBy(() -> service.pullImage(reference, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isFalse())
                .hasMessageEndingWith("failed to authorize: failed to fetch anonymous token: unexpected status from GET"
                        + " request to " + tokenServer.realm() + "?service=" + TokenServer.SERVICE
                        + "&scope=repository%3Abusybox%3Apull: 401 Unauthorized");

        assertThat(service.pullImage(reference, List.of(new RegistryCredentials(tokened, USER, PASSWORD))))
                .isEqualTo(configDigest);
        assertThat(tokenServer.requests.subList(before, tokenServer.requests.size()))
                .allMatch(
                        query -> query.equals("service=" + TokenServer.SERVICE + "&scope=repository%3Abusybox%3Apull"));
    }

    @Test
    void removingTheImageForgetsIt() {
        OciImageService service = service();
        String id = service.pullImage(open + "/busybox:1", List.of());

        service.removeImage(id);

        assertThat(service.imageStatus(open + "/busybox:1")).isEmpty();
        assertThat(service.listImages()).isEmpty();
        assertThat(service.imageFsInfo().usedBytes()).isLessThan(4096);
    }

    private OciImageService service() {
        return new OciImageService(new ImageStore(kubeletRoot), Duration.ofSeconds(30));
    }

    /** A one-layer OCI image: /bin/busybox from busybox-static and its sh symlink. */
    private static Path buildBusyboxImage() throws Exception {
        Path layout = work.resolve("busybox-oci");
        Path rootfs = work.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":1");
        run("umoci", "insert", "--image", layout + ":1", rootfs.resolve("bin").toString(), "/bin");
        run(
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

    /** docker-registry on 127.0.0.1 and a free port, with an auth section or none; returns host:port once it answers. */
    private static String startRegistry(String name, String auth) throws Exception {
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
        registries.add(registry);
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
        return host;
    }

    /** Runs a command to completion (at most two minutes) and returns its output. */
    private static String run(String... command) throws IOException, InterruptedException {
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

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.substring(4).trim().split("\\s+"))
                    .anyMatch(ids -> ids.length > 1 && ids[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
