package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pulls through the image service from a registry in the test's JVM (see ImageRegistryIntegrationTest for a real one). */
class OciImageServiceTest {

    private static final Platform AMD64 = new Platform("linux", "amd64", "");
    private static final byte[] BASE = new TarFixture()
            .dir("bin", 0755)
            .file("bin/busybox", "busybox", 0755, 0, 0)
            .symlink("bin/sh", "busybox")
            .tar();
    private static final byte[] APP =
            new TarFixture().dir("srv", 0755).file("srv/app", "app v1").tar();
    private static final byte[] OTHER_APP =
            new TarFixture().dir("srv", 0755).file("srv/app", "app v2").tar();

    @TempDir
    Path root;

    private FakeRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullsByTagAndRecordsTheImageWithItsReferences() throws IOException {
        registry = new FakeRegistry(FakeRegistry.Auth.NONE, null, null);
        TestImages.Pushed pushed = TestImages.push(registry, "team/app", "1.0", "amd64", BASE, APP);
        OciImageService service = service();
        String image = registry.host() + "/team/app:1.0";

        String id = service.pullImage(image, List.of());

        assertThat(id).isEqualTo(pushed.configDigest());
        Image status = service.imageStatus(image).orElseThrow();
        assertThat(status.id()).isEqualTo(id);
        assertThat(status.repoTags()).containsExactly(image);
        assertThat(status.repoDigests()).containsExactly(registry.host() + "/team/app@" + pushed.manifestDigest());
        assertThat(status.sizeBytes()).isEqualTo(pushed.layersSize());
        assertThat(status.user()).isEqualTo("1000:1000");
        assertThat(service.imageStatus(id)).contains(status);
        assertThat(service.imageStatus(id.substring("sha256:".length()))).contains(status);
        assertThat(service.imageStatus(registry.host() + "/team/app@" + pushed.manifestDigest()))
                .contains(status);
        assertThat(service.imageStatus(registry.host() + "/team/app:2.0")).isEmpty();
        assertThat(service.listImages()).containsExactly(status);

        List<Path> layers = service.store().layerDirectories(id);
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).resolve("bin/busybox")).hasContent("busybox");
        assertThat(layers.get(1).resolve("srv/app")).hasContent("app v1");
        assertThat(layers.get(0).getFileName().toString())
                .isEqualTo(pushed.diffIds().get(0).substring("sha256:".length()));
        ImageConfig config = service.store().config(id);
        assertThat(config.entrypoint()).containsExactly("/bin/sh", "-c");
        assertThat(config.cmd()).containsExactly("echo $GREETING");
        assertThat(config.env()).containsExactly("PATH=/usr/local/bin:/usr/bin:/bin", "GREETING=hello");
        assertThat(config.workingDir()).isEqualTo("/srv");
        assertThat(config.user()).isEqualTo("1000:1000");
        assertThat(config.exposedPorts()).containsExactly("8080/tcp");
        assertThat(config.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(config.labels()).containsEntry("org.example.name", "team/app");
    }

    @Test
    void aFamiliarNameOnTheRegistryIsNormalized() {
        registry = new FakeRegistryStarter().start();
        TestImages.push(registry, "busybox", "latest", "amd64", BASE);
        OciImageService service = service();

        String id = service.pullImage(registry.host() + "/busybox", List.of());

        assertThat(service.imageStatus(id).orElseThrow().repoTags())
                .containsExactly(registry.host() + "/busybox:latest");
    }

    @Test
    void pullsByDigestAndAgainWithoutDownloadingTwice() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE, APP);
        OciImageService service = service();
        String byDigest = registry.host() + "/app@" + pushed.manifestDigest();

        String id = service.pullImage(byDigest, List.of());
        int requests = registry.requests.size();
        String again = service.pullImage(registry.host() + "/app:1", List.of());

        assertThat(again).isEqualTo(id).isEqualTo(pushed.configDigest());
        assertThat(registry.requests.subList(requests, registry.requests.size()))
                .as("only the tag is resolved the second time")
                .containsExactly("HEAD /v2/app/manifests/1");
        Image image = service.imageStatus(id).orElseThrow();
        assertThat(image.repoTags()).containsExactly(registry.host() + "/app:1");
        assertThat(image.repoDigests()).containsExactly(byDigest);
    }

    @Test
    void picksThisNodesManifestFromAnIndexOrManifestList() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed arm = TestImages.push(registry, "multi", null, "arm64", BASE, OTHER_APP);
        TestImages.Pushed amd = TestImages.push(registry, "multi", null, "amd64", BASE, APP);
        String ociIndex = TestImages.pushIndex(
                registry,
                "multi",
                "oci",
                MediaTypes.OCI_INDEX,
                List.of(TestImages.indexEntry(arm, "arm64", "v8"), TestImages.indexEntry(amd, "amd64", null)));
        TestImages.pushIndex(
                registry,
                "multi",
                "docker",
                MediaTypes.DOCKER_MANIFEST_LIST,
                List.of(TestImages.indexEntry(amd, "amd64", null), TestImages.indexEntry(arm, "arm64", "v8")));

        assertThat(service(AMD64).pullImage(registry.host() + "/multi:oci", List.of()))
                .isEqualTo(amd.configDigest());
        assertThat(service(new Platform("linux", "arm64", "")).pullImage(registry.host() + "/multi:docker", List.of()))
                .isEqualTo(arm.configDigest());
        assertThat(service(AMD64).imageStatus(amd.configDigest()).orElseThrow().repoDigests())
                .as("the index's digest, as CRI reports it")
                .containsExactly(registry.host() + "/multi@" + ociIndex);
    }

    @Test
    void anIndexWithoutThisPlatformIsNotFound() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed arm = TestImages.push(registry, "armonly", null, "arm64", BASE);
        TestImages.pushIndex(
                registry, "armonly", "1", MediaTypes.OCI_INDEX, List.of(TestImages.indexEntry(arm, "arm64", null)));

        assertThatThrownBy(() -> service(AMD64).pullImage(registry.host() + "/armonly:1", List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isTrue())
                .hasMessage("failed to pull and unpack image \"" + registry.host()
                        + "/armonly:1\": no match for platform in manifest: not found");
    }

    @Test
    void aMissingTagOrRepositoryIsNotFound() {
        registry = new FakeRegistryStarter().start();
        TestImages.push(registry, "app", "1", "amd64", BASE);
        OciImageService service = service();
        String missingTag = registry.host() + "/app:2";
        String missingRepository = registry.host() + "/nope:1";

        assertThatThrownBy(() -> service.pullImage(missingTag, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isTrue())
                .hasMessage("failed to pull and unpack image \"" + missingTag + "\": failed to resolve reference \""
                        + missingTag + "\": " + missingTag + ": not found");
        assertThatThrownBy(() -> service.pullImage(missingRepository, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isTrue());
    }

    @Test
    void aBlobThatIsNotWhatItsDigestSaysFailsThePullAndIsNotKept() throws IOException {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE, APP);
        String layer = pushed.layerDigests().get(1);
        byte[] tampered = TarFixture.gzip(OTHER_APP);
        registry.corrupt(layer, tampered);
        OciImageService service = service();

        assertThatThrownBy(() -> service.pullImage(registry.host() + "/app:1", List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isFalse())
                .hasMessage("failed to pull and unpack image \"" + registry.host()
                        + "/app:1\": failed commit on ref \"layer-"
                        + layer + "\": unexpected commit digest " + Digest.sha256(tampered) + ", expected " + layer
                        + ": failed precondition");
        assertThat(service.store().blobs().contains(layer)).isFalse();
        assertThat(service.listImages()).isEmpty();
        try (Stream<Path> ingest = Files.list(service.store().root().resolve("ingest"))) {
            assertThat(ingest).isEmpty();
        }
    }

    @Test
    void aBlobOfAnotherSizeFailsSizeValidation() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE);
        String layer = pushed.layerDigests().get(0);
        registry.corrupt(layer, new byte[3]);

        assertThatThrownBy(() -> service().pullImage(registry.host() + "/app:1", List.of()))
                .hasMessageEndingWith("failed to read expected number of bytes: unexpected EOF");
    }

    @Test
    @Timeout(30)
    void aDownloadThatStopsIsAbandonedAfterTheProgressTimeout() {
        registry = new FakeRegistryStarter().start();
        byte[] big = new TarFixture().file("big", "x".repeat(256 * 1024)).tar();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", big);
        registry.stall(pushed.layerDigests().get(0));

        assertThatThrownBy(() -> service().pullImage(registry.host() + "/app:1", List.of()))
                .isInstanceOf(ImagePullException.class)
                .hasMessageEndingWith("failed to copy: no progress in 2s: context canceled");
    }

    @Test
    void aLayerThatIsNotTheDiffIdItsConfigPromisesIsRejected() {
        registry = new FakeRegistryStarter().start();
        String lie = Digest.sha256(OTHER_APP).toString();
        TestImages.push(registry, "app", "1", MediaTypes.DOCKER_MANIFEST, "amd64", List.of(APP), List.of(lie));

        assertThatThrownBy(() -> service().pullImage(registry.host() + "/app:1", List.of()))
                .hasMessageEndingWith(
                        "failed to extract layer " + lie + ": wrong diff id calculated on extraction \"" + lie + "\"");
    }

    @Test
    void bearerTokensComeFromTheChallengesRealmWithTheCredentials() {
        registry = new FakeRegistryStarter()
                .auth(FakeRegistry.Auth.BEARER, "alice", "wonderland")
                .start();
        TestImages.Pushed pushed = TestImages.push(registry, "private/app", "1", "amd64", BASE);
        OciImageService service = service();
        String image = registry.host() + "/private/app:1";

        assertThatThrownBy(() -> service.pullImage(image, List.of()))
                .isInstanceOfSatisfying(
                        ImagePullException.class, e -> assertThat(e.notFound()).isFalse())
                .hasMessage("failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image
                        + "\": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to http://"
                        + registry.host()
                        + "/token?service=fake-registry&scope=repository%3Aprivate%2Fapp%3Apull: 401 Unauthorized");
        assertThatThrownBy(() ->
                        service.pullImage(image, List.of(new RegistryCredentials(registry.host(), "alice", "wrong"))))
                .hasMessageContaining(
                        "failed to authorize: failed to fetch oauth token: unexpected status from GET request");

        String id = service.pullImage(
                image,
                List.of(
                        new RegistryCredentials("elsewhere.example.com", "mallory", "x"),
                        new RegistryCredentials(registry.host(), "alice", "wonderland")));

        assertThat(id).isEqualTo(pushed.configDigest());
        assertThat(registry.tokenRequests.get(registry.tokenRequests.size() - 1))
                .startsWith("service=fake-registry&scope=repository%3Aprivate%2Fapp%3Apull Basic ");
        assertThat(registry.tokenRequests).noneMatch(request -> request.contains("bWFsbG9yeTp4"));
    }

    @Test
    void anonymousBearerTokensNeedNoCredentials() {
        registry = new FakeRegistryStarter()
                .auth(FakeRegistry.Auth.BEARER, null, null)
                .start();
        TestImages.Pushed pushed = TestImages.push(registry, "public/app", "1", "amd64", BASE);

        assertThat(service().pullImage(registry.host() + "/public/app:1", List.of()))
                .isEqualTo(pushed.configDigest());
        assertThat(registry.tokenRequests).allMatch(request -> !request.contains("Basic"));
    }

    @Test
    void basicAuthAnswersWithTheCredentials() {
        registry = new FakeRegistryStarter()
                .auth(FakeRegistry.Auth.BASIC, "bob", "builder")
                .start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE);
        OciImageService service = service();
        String image = registry.host() + "/app:1";

        assertThatThrownBy(() -> service.pullImage(image, List.of()))
                .hasMessage("failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image
                        + "\": pull access denied, repository does not exist or may require authorization: "
                        + "authorization failed: no basic auth credentials");
        assertThatThrownBy(
                        () -> service.pullImage(image, List.of(new RegistryCredentials(registry.host(), "bob", "no"))))
                .hasMessage("failed to pull and unpack image \"" + image + "\": failed to resolve reference \"" + image
                        + "\": unexpected status from HEAD request to http://" + registry.host()
                        + "/v2/app/manifests/1: 401 Unauthorized");

        assertThat(service.pullImage(image, List.of(new RegistryCredentials(registry.host(), "bob", "builder"))))
                .isEqualTo(pushed.configDigest());
    }

    @Test
    void removingAnImageKeepsWhatAnotherImageUses() throws IOException {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed first = TestImages.push(registry, "first", "1", "amd64", BASE, APP);
        TestImages.Pushed second = TestImages.push(registry, "second", "1", "amd64", BASE, OTHER_APP);
        OciImageService service = service();
        service.pullImage(registry.host() + "/first:1", List.of());
        service.pullImage(registry.host() + "/second:1", List.of());
        ImageStore store = service.store();
        List<Path> secondLayers = store.layerDirectories(second.configDigest());

        service.removeImage(first.configDigest());

        assertThat(service.listImages()).extracting(Image::id).containsExactly(second.configDigest());
        assertThat(store.blobs().contains(first.configDigest())).isFalse();
        assertThat(store.blobs().contains(first.manifestDigest())).isFalse();
        assertThat(store.blobs().contains(first.layerDigests().get(1))).isFalse();
        assertThat(store.blobs().contains(first.layerDigests().get(0)))
                .as("the shared base layer")
                .isTrue();
        assertThat(store.unpackedLayer(first.diffIds().get(1))).isEmpty();
        assertThat(secondLayers).allSatisfy(layer -> assertThat(layer).isDirectory());

        service.removeImage(registry.host() + "/second:1");
        service.removeImage(second.configDigest());

        assertThat(service.listImages()).isEmpty();
        try (Stream<Path> blobs = Files.list(store.root().resolve("blobs/sha256"));
                Stream<Path> layers = Files.list(store.root().resolve("layers"))) {
            assertThat(blobs).isEmpty();
            assertThat(layers).isEmpty();
        }
    }

    @Test
    void theStoreSurvivesARestartWithoutWhatInterruptedPullsLeft() throws IOException {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE, APP);
        String id = service().pullImage(registry.host() + "/app:1", List.of());
        Path images = root.resolve("images");
        Path strayBlob = images.resolve("blobs/sha256/" + "0".repeat(64));
        Path strayLayer = images.resolve("layers/" + "1".repeat(64));
        Path unfinishedLayer = images.resolve("layers/.tmp-" + "2".repeat(64) + "-x");
        Path partialDownload = images.resolve("ingest/partial");
        Files.writeString(strayBlob, "of a pull that was interrupted");
        Files.createDirectories(strayLayer);
        Files.createDirectories(unfinishedLayer);
        Files.writeString(partialDownload, "half");

        OciImageService restarted = service();

        assertThat(restarted.imageStatus(registry.host() + "/app:1"))
                .map(Image::id)
                .contains(id);
        assertThat(restarted.store().layers(id))
                .extracting(UnpackedLayer::diffId)
                .containsExactlyElementsOf(pushed.diffIds());
        assertThat(restarted.store().blobs().contains(pushed.manifestDigest())).isTrue();
        assertThat(strayBlob).doesNotExist();
        assertThat(strayLayer).doesNotExist();
        assertThat(unfinishedLayer).doesNotExist();
        assertThat(partialDownload).doesNotExist();
    }

    @Test
    void aTagMovesToTheImageItNowNames() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed old = TestImages.push(registry, "app", "stable", "amd64", BASE, APP);
        OciImageService service = service();
        service.pullImage(registry.host() + "/app:stable", List.of());
        TestImages.Pushed current = TestImages.push(registry, "app", "stable", "amd64", BASE, OTHER_APP);

        service.pullImage(registry.host() + "/app:stable", List.of());

        assertThat(service.imageStatus(old.configDigest()).orElseThrow().repoTags())
                .isEmpty();
        assertThat(service.imageStatus(registry.host() + "/app:stable"))
                .map(Image::id)
                .contains(current.configDigest());
    }

    @Test
    void concurrentPullsOfOneImageAgree() throws Exception {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE, APP);
        OciImageService service = service();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> pulls = Stream.generate(
                            () -> pool.submit(() -> service.pullImage(registry.host() + "/app:1", List.of())))
                    .limit(4)
                    .toList();
            for (Future<String> pull : pulls) {
                assertThat(pull.get(60, TimeUnit.SECONDS)).isEqualTo(pushed.configDigest());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(service.store().layerDirectories(pushed.configDigest())).hasSize(2);
    }

    @Test
    void anInvalidReferenceIsNotPulled() {
        assertThatThrownBy(() -> service().pullImage("UPPER/Case", List.of()))
                .isInstanceOf(ImagePullException.class)
                .hasMessage("failed to parse image reference \"UPPER/Case\": "
                        + "invalid reference format: repository name (Case) must be lowercase");
    }

    @Test
    void reportsWhatTheStoreTakesOnItsFileSystem() {
        registry = new FakeRegistryStarter().start();
        TestImages.Pushed pushed = TestImages.push(registry, "app", "1", "amd64", BASE, APP);
        OciImageService service = service();
        assertThat(service.imageFsInfo().usedBytes()).isZero();

        service.pullImage(registry.host() + "/app:1", List.of());
        ImageFsInfo info = service.imageFsInfo();

        assertThat(info.mountpoint()).isEqualTo(root.resolve("images").toString());
        assertThat(info.capacityBytes()).isPositive();
        assertThat(info.availableBytes()).isBetween(0L, info.capacityBytes());
        assertThat(info.usedBytes())
                .as("compressed and unpacked layers, config, manifest and index")
                .isGreaterThan(pushed.layersSize());
    }

    private OciImageService service() {
        return service(AMD64);
    }

    private OciImageService service(Platform platform) {
        return new OciImageService(
                new ImageStore(root), Duration.ofSeconds(10), Duration.ofSeconds(2), platform, SpecialFiles.detect());
    }

    /** Starts registries and keeps the last for {@code @AfterEach}. */
    private final class FakeRegistryStarter {
        private FakeRegistry.Auth auth = FakeRegistry.Auth.NONE;
        private String username;
        private String password;

        FakeRegistryStarter auth(FakeRegistry.Auth auth, String username, String password) {
            this.auth = auth;
            this.username = username;
            this.password = password;
            return this;
        }

        FakeRegistry start() {
            try {
                return new FakeRegistry(auth, username, password);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
