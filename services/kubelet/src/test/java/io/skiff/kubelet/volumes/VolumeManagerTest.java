package io.skiff.kubelet.volumes;

import static io.skiff.kubelet.envvars.SourceFixtures.configMap;
import static io.skiff.kubelet.envvars.SourceFixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.kubelet.envvars.SourceFixtures;
import io.skiff.kubelet.envvars.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes set up on real files under a temporary root, from listers over loaded caches. */
class VolumeManagerTest {

    private static final String UID = "0b7c1b7e-1111-4c2e-9d7a-000000000001";

    @TempDir
    Path root;

    private final SourceFixtures fixtures = new SourceFixtures();
    private final CacheIndexer<PersistentVolumeClaim> claims = new CacheIndexer<>();
    private final CacheIndexer<PersistentVolume> persistentVolumes = new CacheIndexer<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private TokenIssuer issuer;
    private FakeMounter mounter;
    private VolumeManager manager;

    @BeforeEach
    void createManager() {
        issuer = (namespace, serviceAccount, audiences, expiration, podName, podUid) -> new TokenIssuer.IssuedToken(
                "token-" + tokensIssued.incrementAndGet() + "-" + serviceAccount + "-" + audiences,
                Instant.now().plusSeconds(expiration));
        useMounter(new FakeMounter(false));
    }

    private void useMounter(FakeMounter fake) {
        mounter = fake;
        VolumeSources sources = new ListerVolumeSources(
                fixtures.sources(), new Lister<>(claims)::get, new Lister<>(persistentVolumes)::get);
        manager = new VolumeManager(
                new VolumeLayout(root),
                sources,
                mounter,
                new ServiceAccountTokens(
                        (ns, sa, aud, exp, name, uid) -> issuer.issue(ns, sa, aud, exp, name, uid), Clock.systemUTC()),
                Clock.systemUTC());
    }

    @Test
    void aConfigMapVolumeHoldsItsKeysAndFollowsUpdates() throws IOException {
        fixtures.add(configMap("ns1", "app-config", Map.of("app.properties", "a=1", "mode", "fast")));
        Pod pod = pod(new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .withDefaultMode(0644)
                .endConfigMap()
                .build());

        PodVolumes volumes = manager.mountVolumes(pod);

        Path dir = root.resolve("pods/" + UID + "/volumes/kubernetes.io~configmap/config");
        assertThat(volumes.hostPath("config")).contains(dir);
        assertThat(volumes.volumes().get("config").readOnly()).isTrue();
        assertThat(Files.readString(dir.resolve("app.properties"))).isEqualTo("a=1");
        assertThat(Files.readString(dir.resolve("mode"))).isEqualTo("fast");
        assertThat(Files.readSymbolicLink(dir.resolve("mode"))).isEqualTo(Path.of("..data/mode"));
        assertThat(mode(dir.resolve("mode"))).isEqualTo(0644);
        assertThat(mode(dir)).isEqualTo(0777);

        fixtures.add(configMap("ns1", "app-config", Map.of("app.properties", "a=2")));
        manager.refreshAll();

        assertThat(Files.readString(dir.resolve("app.properties"))).isEqualTo("a=2");
        assertThat(dir.resolve("mode")).doesNotExist();
    }

    @Test
    void itemsChooseKeysPathsAndModes() throws IOException {
        fixtures.add(configMap("ns1", "app-config", Map.of("a", "1", "b", "2")));
        Pod pod = pod(new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .withDefaultMode(0644)
                .withItems(new KeyToPath("a", 0400, "nested/first"), new KeyToPath("b", null, "second"))
                .endConfigMap()
                .build());

        Path dir = manager.mountVolumes(pod).hostPath("config").orElseThrow();

        assertThat(Files.readString(dir.resolve("nested/first"))).isEqualTo("1");
        assertThat(mode(dir.resolve("nested/first"))).isEqualTo(0400);
        assertThat(mode(dir.resolve("second"))).isEqualTo(0644);
        assertThat(dir.resolve("a")).doesNotExist();
    }

    @Test
    void aFinishedPodsVolumesAreNoLongerRefreshed() throws IOException {
        fixtures.add(configMap("ns1", "app-config", Map.of("mode", "fast")));
        Pod pod = pod(new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .withDefaultMode(0644)
                .endConfigMap()
                .build());
        Path dir = manager.mountVolumes(pod).hostPath("config").orElseThrow();

        manager.stopRefreshing(pod.getMetadata().getUid());
        fixtures.objectsUnavailable("object \"ns1\"/\"app-config\" not registered");
        manager.refreshAll();

        assertThat(manager.refresh(pod)).isEmpty();
        assertThat(Files.readString(dir.resolve("mode"))).isEqualTo("fast");
    }

    @Test
    void aMissingConfigMapKeepsThePodWaitingWithKubernetesMessage() {
        Pod pod = pod(new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("app-config")
                .withDefaultMode(0644)
                .endConfigMap()
                .build());

        assertThatThrownBy(() -> manager.mountVolumes(pod))
                .isInstanceOfSatisfying(
                        VolumesNotReadyException.class,
                        e -> assertThat(e.failures())
                                .extracting(VolumeFailure::eventMessage)
                                .containsExactly(
                                        "MountVolume.SetUp failed for volume \"config\" : configmap \"app-config\" not found"))
                .hasMessage("unmounted volumes=[config]: MountVolume.SetUp failed for volume \"config\" : configmap"
                        + " \"app-config\" not found");

        fixtures.add(configMap("ns1", "app-config", Map.of("k", "v")));
        assertThat(manager.mountVolumes(pod).hostPath("config")).isPresent();
    }

    @Test
    void anOptionalSecretNotReadYetKeepsThePodWaitingRatherThanMountingItEmpty() {
        fixtures.objectsUnavailable("failed to sync secret cache: timed out waiting for the condition");
        Pod pod = pod(new VolumeBuilder()
                .withName("creds")
                .withNewSecret()
                .withSecretName("creds")
                .withOptional(true)
                .withDefaultMode(0644)
                .endSecret()
                .build());

        assertThatThrownBy(() -> manager.mountVolumes(pod))
                .isInstanceOfSatisfying(
                        VolumesNotReadyException.class,
                        e -> assertThat(e.failures())
                                .extracting(VolumeFailure::eventMessage)
                                .containsExactly("MountVolume.SetUp failed for volume \"creds\" : failed to sync"
                                        + " secret cache: timed out waiting for the condition"));

        fixtures.objectsUnavailable(null);
        assertThat(manager.mountVolumes(pod).hostPath("creds")).isPresent();
    }

    @Test
    void aClaimTheApiServerDoesNotAnswerForKeepsThePodWaiting() {
        VolumeManager unanswered = new VolumeManager(
                new VolumeLayout(root),
                new ListerVolumeSources(
                        fixtures.sources(),
                        (namespace, name) -> {
                            throw new SourceUnavailableException(
                                    "the server is currently unable to handle the request");
                        },
                        name -> Optional.empty()),
                mounter,
                new ServiceAccountTokens(issuer, Clock.systemUTC()),
                Clock.systemUTC());
        Pod pod = pod(new VolumeBuilder()
                .withName("data")
                .withNewPersistentVolumeClaim("data", false)
                .build());

        assertThatThrownBy(() -> unanswered.mountVolumes(pod))
                .isInstanceOfSatisfying(
                        VolumesNotReadyException.class,
                        e -> assertThat(e.failures())
                                .extracting(VolumeFailure::eventMessage)
                                .singleElement()
                                .asString()
                                .endsWith("error processing PVC ns1/data: failed to fetch PVC from API server: the"
                                        + " server is currently unable to handle the request"));
    }

    @Test
    void anOptionalMissingConfigMapIsAnEmptyVolumeAndAMissingItemKeyIsAnError() throws IOException {
        Pod optional = pod(new VolumeBuilder()
                .withName("config")
                .withNewConfigMap()
                .withName("absent")
                .withOptional(true)
                .withDefaultMode(0644)
                .withItems(new KeyToPath("k", null, "k"))
                .endConfigMap()
                .build());
        Path dir = manager.mountVolumes(optional).hostPath("config").orElseThrow();
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).allMatch(name -> name.startsWith(".."));
        }

        fixtures.add(configMap("ns1", "present", Map.of("other", "v")));
        Pod missingKey = pod(
                "other-uid",
                new VolumeBuilder()
                        .withName("config")
                        .withNewConfigMap()
                        .withName("present")
                        .withDefaultMode(0644)
                        .withItems(new KeyToPath("k", null, "k"))
                        .endConfigMap()
                        .build());
        assertThatThrownBy(() -> manager.mountVolumes(missingKey))
                .hasMessageEndingWith("configmap references non-existent config key: k");
    }

    @Test
    void aSecretVolumeHoldsDecodedDataAndIsMemoryBackedWhenTheKubeletMayMount() throws IOException {
        useMounter(new FakeMounter(true));
        fixtures.add(secret("ns1", "creds", Map.of("password", "s3cr3t")));
        fixtures.allocatable(Map.of("memory", "4Gi"));
        Pod pod = pod(new VolumeBuilder()
                .withName("creds")
                .withNewSecret()
                .withSecretName("creds")
                .withDefaultMode(0440)
                .endSecret()
                .build());

        MountedVolume volume = manager.mountVolumes(pod).volumes().get("creds");

        assertThat(volume.memoryBacked()).isTrue();
        assertThat(mounter.mounts).containsEntry(volume.hostPath(), OptionalLong.of(4L << 30));
        assertThat(Files.readString(volume.hostPath().resolve("password"))).isEqualTo("s3cr3t");
        assertThat(mode(volume.hostPath().resolve("password"))).isEqualTo(0440);
    }

    @Test
    void withoutRootAMemoryVolumeIsAPlainDirectory() {
        Pod pod = pod(new VolumeBuilder()
                .withName("cache")
                .withNewEmptyDir()
                .withMedium("Memory")
                .endEmptyDir()
                .build());

        MountedVolume volume = manager.mountVolumes(pod).volumes().get("cache");

        assertThat(volume.memoryBacked()).isFalse();
        assertThat(volume.hostPath()).isDirectory();
        assertThat(mounter.mounts).isEmpty();
    }

    @Test
    void aTmpfsIsSizedByTheSmallestOfAllocatableThePodsLimitAndTheVolumesLimit() {
        useMounter(new FakeMounter(true));
        fixtures.allocatable(Map.of("memory", "4Gi"));
        Pod pod = new PodBuilder(pod(
                        new VolumeBuilder()
                                .withName("limited")
                                .withNewEmptyDir()
                                .withMedium("Memory")
                                .withSizeLimit(new Quantity("64Mi"))
                                .endEmptyDir()
                                .build(),
                        new VolumeBuilder()
                                .withName("unlimited")
                                .withNewEmptyDir()
                                .withMedium("Memory")
                                .endEmptyDir()
                                .build()))
                .editSpec()
                .addNewContainer()
                .withName("app")
                .withNewResources()
                .addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();

        PodVolumes volumes = manager.mountVolumes(pod);

        assertThat(mounter.mounts)
                .containsEntry(volumes.hostPath("limited").orElseThrow(), OptionalLong.of(64L << 20))
                .containsEntry(volumes.hostPath("unlimited").orElseThrow(), OptionalLong.of(256L << 20));
    }

    @Test
    void aDownwardApiVolumeFollowsThePodsLabels() throws IOException {
        fixtures.allocatable(Map.of("cpu", "2"));
        Volume volume = new VolumeBuilder()
                .withName("podinfo")
                .withNewDownwardAPI()
                .withDefaultMode(0644)
                .addNewItem()
                .withPath("labels")
                .withNewFieldRef("v1", "metadata.labels")
                .endItem()
                .addNewItem()
                .withPath("name")
                .withNewFieldRef("v1", "metadata.name")
                .endItem()
                .addNewItem()
                .withPath("cpu_limit")
                .withNewResourceFieldRef()
                .withContainerName("app")
                .withResource("limits.cpu")
                .withDivisor(new Quantity("1m"))
                .endResourceFieldRef()
                .endItem()
                .endDownwardAPI()
                .build();
        Pod pod = new PodBuilder(pod(volume))
                .editSpec()
                .addNewContainer()
                .withName("app")
                .endContainer()
                .endSpec()
                .build();

        Path dir = manager.mountVolumes(pod).hostPath("podinfo").orElseThrow();

        assertThat(Files.readString(dir.resolve("labels"))).isEqualTo("app=\"web\"");
        assertThat(Files.readString(dir.resolve("name"))).isEqualTo("web");
        assertThat(Files.readString(dir.resolve("cpu_limit"))).isEqualTo("2000");

        Pod relabelled = new PodBuilder(pod)
                .editMetadata()
                .addToLabels("tier", "front")
                .endMetadata()
                .build();
        assertThat(manager.refresh(relabelled)).isEmpty();

        assertThat(Files.readString(dir.resolve("labels"))).isEqualTo("app=\"web\"\ntier=\"front\"");
    }

    @Test
    void aProjectedVolumeCombinesItsSourcesAndATokenForThePodsServiceAccount() throws IOException {
        fixtures.add(configMap("ns1", "kube-root-ca.crt", Map.of("ca.crt", "CERT")));
        fixtures.add(secret("ns1", "extra", Map.of("key", "value")));
        Pod pod = new PodBuilder(pod(projected()))
                .editSpec()
                .withServiceAccountName("builder")
                .endSpec()
                .build();

        Path dir = manager.mountVolumes(pod).hostPath("kube-api-access").orElseThrow();

        assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-1-builder-[]");
        assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo("CERT");
        assertThat(Files.readString(dir.resolve("namespace"))).isEqualTo("ns1");
        assertThat(Files.readString(dir.resolve("extra-key"))).isEqualTo("value");

        manager.refreshAll();

        assertThat(tokensIssued).as("a fresh token is reused").hasValue(1);
    }

    @Test
    void aTokenSourceFailsWithTheIssuersReasonAlongsideOtherErrors() {
        issuer = (namespace, serviceAccount, audiences, expiration, podName, podUid) -> {
            throw new TokenIssuer.TokenRequestException("failed to fetch token: no TokenRequest here", null);
        };
        Pod pod = pod(projected());

        assertThatThrownBy(() -> manager.mountVolumes(pod))
                .isInstanceOfSatisfying(
                        VolumesNotReadyException.class,
                        e -> assertThat(e.failures())
                                .containsExactly(new VolumeFailure(
                                        "kube-api-access",
                                        "[failed to fetch token: no TokenRequest here, configmap \"kube-root-ca.crt\" not"
                                                + " found, secret \"extra\" not found]")));
    }

    @Test
    void aHostPathIsCheckedAndUsedAsItIs() {
        Path wanted = root.resolve("host/data");
        Pod pod = pod(new VolumeBuilder()
                .withName("data")
                .withNewHostPath(wanted.toString(), "DirectoryOrCreate")
                .build());

        MountedVolume volume = manager.mountVolumes(pod).volumes().get("data");

        assertThat(volume.hostPath()).isEqualTo(wanted).isDirectory();
        assertThat(volume.readOnly()).isFalse();
    }

    @Test
    void aClaimBoundToAHostPathVolumeMountsItsPath() throws IOException {
        Path data = Files.createDirectories(root.resolve("pv/data"));
        claims.put(claim("data", "claim-uid", "Bound", "pv-1"));
        persistentVolumes.put(hostPathVolume("pv-1", data.toString(), "claim-uid"));

        MountedVolume volume =
                manager.mountVolumes(pod(claimVolume("data", true))).volumes().get("data");

        assertThat(volume.hostPath()).isEqualTo(data);
        assertThat(volume.readOnly()).isTrue();
    }

    @Test
    void claimsThatCannotBeMountedSayWhy() {
        claims.put(claim("pending", "c1", "Pending", ""));
        claims.put(claim("lost", "c2", "Bound", "pv-gone"));
        claims.put(claim("stolen", "c3", "Bound", "pv-other"));
        persistentVolumes.put(hostPathVolume("pv-other", "/tmp", "someone-else"));
        Pod pod = pod(
                claimVolume("pending", false),
                claimVolume("lost", false),
                claimVolume("stolen", false),
                claimVolume("absent", false));

        assertThatThrownBy(() -> manager.mountVolumes(pod))
                .isInstanceOfSatisfying(
                        VolumesNotReadyException.class,
                        e -> assertThat(e.failures())
                                .extracting(VolumeFailure::message)
                                .containsExactly(
                                        "error processing PVC ns1/pending: PVC is not bound",
                                        "error processing PVC ns1/lost: failed to fetch PV pv-gone from API server:"
                                                + " persistentvolumes \"pv-gone\" not found",
                                        "error processing PVC ns1/stolen: found PV object pv-other but its"
                                                + " pv.Spec.ClaimRef.UID someone-else does not point to claim.UID c3",
                                        "error processing PVC ns1/absent: failed to fetch PVC from API server:"
                                                + " persistentvolumeclaims \"absent\" not found"));
    }

    @Test
    void aVolumeOfAnUnsupportedKindIsReported() {
        Pod pod = pod(new VolumeBuilder()
                .withName("shared")
                .withNewNfs()
                .withServer("nfs.example")
                .withPath("/export")
                .endNfs()
                .build());

        assertThatThrownBy(() -> manager.mountVolumes(pod))
                .hasMessage("unmounted volumes=[shared]: MountVolume.SetUp failed for volume \"shared\" : no volume"
                        + " plugin matched");
    }

    @Test
    void theFsGroupOwnsTheVolumes() throws IOException {
        int group = (Integer) Files.getAttribute(root, "unix:gid");
        fixtures.add(configMap("ns1", "app-config", Map.of("k", "v")));
        Pod pod = new PodBuilder(pod(
                        new VolumeBuilder()
                                .withName("scratch")
                                .withNewEmptyDir()
                                .endEmptyDir()
                                .build(),
                        new VolumeBuilder()
                                .withName("config")
                                .withNewConfigMap()
                                .withName("app-config")
                                .withDefaultMode(0400)
                                .endConfigMap()
                                .build()))
                .editSpec()
                .withNewSecurityContext()
                .withFsGroup((long) group)
                .endSecurityContext()
                .endSpec()
                .build();

        PodVolumes volumes = manager.mountVolumes(pod);

        Path scratch = volumes.hostPath("scratch").orElseThrow();
        assertThat(mode(scratch)).isEqualTo(02777);
        Path config = volumes.hostPath("config").orElseThrow();
        assertThat(mode(config.resolve("k"))).isEqualTo(0440);
        assertThat((Integer) Files.getAttribute(config.resolve("k"), "unix:gid"))
                .isEqualTo(group);
    }

    @Test
    void cleanupRemovesThePodsDirectoryAndItsTmpfsMounts() throws IOException {
        useMounter(new FakeMounter(true));
        Pod pod = pod(new VolumeBuilder()
                .withName("cache")
                .withNewEmptyDir()
                .withMedium("Memory")
                .endEmptyDir()
                .build());
        Path cache = manager.mountVolumes(pod).hostPath("cache").orElseThrow();

        manager.cleanupPod(UID);

        assertThat(mounter.unmounted).containsExactly(cache);
        assertThat(root.resolve("pods/" + UID)).doesNotExist();
        assertThat(manager.mountedVolumes(UID)).isEmpty();
    }

    @Test
    void orphanedPodDirectoriesAreRemovedAndActiveOnesKept() throws IOException {
        manager.mountVolumes(pod(new VolumeBuilder()
                .withName("a")
                .withNewEmptyDir()
                .endEmptyDir()
                .build()));
        Files.createDirectories(root.resolve("pods/orphan/volumes/kubernetes.io~empty-dir/x"));

        manager.cleanupOrphans(java.util.Set.of(UID));

        assertThat(root.resolve("pods/orphan")).doesNotExist();
        assertThat(root.resolve("pods/" + UID)).isDirectory();
    }

    private static Volume projected() {
        return new VolumeBuilder()
                .withName("kube-api-access")
                .withNewProjected()
                .withDefaultMode(0644)
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .endServiceAccountToken()
                .endSource()
                .addNewSource()
                .withNewConfigMap()
                .withName("kube-root-ca.crt")
                .withItems(new KeyToPath("ca.crt", null, "ca.crt"))
                .endConfigMap()
                .endSource()
                .addNewSource()
                .withNewDownwardAPI()
                .addNewItem()
                .withPath("namespace")
                .withNewFieldRef("v1", "metadata.namespace")
                .endItem()
                .endDownwardAPI()
                .endSource()
                .addNewSource()
                .withNewSecret()
                .withName("extra")
                .withItems(new KeyToPath("key", null, "extra-key"))
                .endSecret()
                .endSource()
                .endProjected()
                .build();
    }

    private static Volume claimVolume(String claim, boolean readOnly) {
        return new VolumeBuilder()
                .withName(claim)
                .withNewPersistentVolumeClaim(claim, readOnly)
                .build();
    }

    private static PersistentVolumeClaim claim(String name, String uid, String phase, String volumeName) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withNamespace("ns1")
                .withName(name)
                .withUid(uid)
                .endMetadata()
                .withNewSpec()
                .withVolumeName(volumeName)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private static PersistentVolume hostPathVolume(String name, String path, String claimUid) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewHostPath(path, "")
                .withNewClaimRef()
                .withNamespace("ns1")
                .withUid(claimUid)
                .endClaimRef()
                .endSpec()
                .build();
    }

    private static Pod pod(Volume... volumes) {
        return pod(UID, volumes);
    }

    private static Pod pod(String uid, Volume... volumes) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("ns1")
                .withName("web")
                .withUid(uid)
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .withVolumes(List.of(volumes))
                .endSpec()
                .build();
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
    }
}
