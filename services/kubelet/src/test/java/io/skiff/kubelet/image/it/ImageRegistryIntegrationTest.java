package io.skiff.kubelet.image.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.RegistryCredentials;
import io.skiff.kubelet.image.DockerConfigJson;
import io.skiff.kubelet.image.ImageConfig;
import io.skiff.kubelet.image.ImageStore;
import io.skiff.kubelet.image.OciImageService;
import io.skiff.kubelet.testing.LocalRegistry;
import java.io.IOException;
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

    private static final List<LocalRegistry> registries = new ArrayList<>();
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
        for (String tool : LocalRegistry.TOOLS) {
            assumeTrue(
                    Files.isExecutable(Path.of(tool)),
                    "SKIPPED LOUDLY: " + tool + " is missing; install docker-registry umoci skopeo busybox-static"
                            + " (apt-get, as .ci/run does)");
        }
        Path layout = LocalRegistry.buildBusyboxImage(work);
        LocalRegistry openRegistry = started(LocalRegistry.start(work, "open", ""));
        open = openRegistry.host();
        Path htpasswd = Files.createDirectories(work.resolve("htpasswd")).resolve("htpasswd");
        Files.writeString(htpasswd, USER + ":" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10)) + "\n");
        LocalRegistry guardedRegistry = started(LocalRegistry.start(
                work, "guarded", "auth:\n  htpasswd:\n    realm: skiff-test\n    path: " + htpasswd + "\n"));
        guarded = guardedRegistry.host();
        tokenServer = new TokenServer(Files.createDirectories(work.resolve("token")), USER, PASSWORD);
        LocalRegistry tokenedRegistry = started(LocalRegistry.start(
                work,
                "tokened",
                "auth:\n  token:\n    realm: " + tokenServer.realm() + "\n    service: " + TokenServer.SERVICE
                        + "\n    issuer: " + TokenServer.ISSUER + "\n    rootcertbundle: "
                        + tokenServer.certificateBundle() + "\n"));
        tokened = tokenedRegistry.host();
        openRegistry.push(work, layout, null);
        guardedRegistry.push(work, layout, USER + ":" + PASSWORD);
        tokenedRegistry.push(work, layout, USER + ":" + PASSWORD);

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
        for (LocalRegistry registry : registries) {
            registry.close();
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
    private static LocalRegistry started(LocalRegistry registry) {
        registries.add(registry);
        return registry;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return LocalRegistry.run(work, command);
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
