package io.skiff.kubelet.volumes;

import static io.skiff.kubelet.envvars.SourceFixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.kubelet.envvars.SourceFixtures;
import io.skiff.kubelet.volumes.Mounter.MountPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tmpfs mounts for emptyDir medium Memory and secrets. Needs root; skipped, with the reason,
 * otherwise.
 */
class MemoryBackedVolumesTest {

    private static final String UID = "tmpfs-test-uid";

    @TempDir
    Path root;

    private final SystemMounter mounter = new SystemMounter();
    private VolumeManager manager;

    @BeforeEach
    void requireRoot() {
        assumeTrue(SystemMounter.runsAsRoot(), "tmpfs volumes need root to mount: MemoryBackedVolumesTest skipped");
        SourceFixtures fixtures = new SourceFixtures().add(secret("ns1", "creds", Map.of("password", "s3cr3t")));
        VolumeSources sources = new ListerVolumeSources(
                fixtures.sources(), (namespace, name) -> Optional.empty(), name -> Optional.empty());
        manager = new VolumeManager(
                new VolumeLayout(root),
                sources,
                mounter,
                new ServiceAccountTokens(
                        (ns, sa, aud, exp, name, uid) -> {
                            throw new TokenIssuer.TokenRequestException("no tokens in this test", null);
                        },
                        Clock.systemUTC()),
                Clock.systemUTC());
    }

    @AfterEach
    void unmountLeftovers() throws IOException {
        if (manager != null) {
            // a failed assertion must not leave mounts behind in the temporary directory
            for (MountPoint mount : mounter.mountPointsUnder(root)) {
                mounter.unmount(mount.path());
            }
        }
    }

    @Test
    void memoryVolumesAreTmpfsOfTheirSizeAndGoWithThePod() throws IOException {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("ns1")
                .withName("web")
                .withUid(UID)
                .endMetadata()
                .withNewSpec()
                .addNewVolume()
                .withName("cache")
                .withNewEmptyDir()
                .withMedium("Memory")
                .withSizeLimit(new Quantity("1Mi"))
                .endEmptyDir()
                .endVolume()
                .addNewVolume()
                .withName("creds")
                .withNewSecret()
                .withSecretName("creds")
                .withDefaultMode(0400)
                .endSecret()
                .endVolume()
                .endSpec()
                .build();

        PodVolumes volumes = manager.mountVolumes(pod);
        manager.mountVolumes(pod);

        Path cache = volumes.hostPath("cache").orElseThrow();
        Path creds = volumes.hostPath("creds").orElseThrow();
        assertThat(volumes.volumes().get("cache").memoryBacked()).isTrue();
        assertThat(volumes.volumes().get("creds").memoryBacked()).isTrue();
        List<String> mountInfo = Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
        assertThat(mountInfo.stream().filter(line -> line.contains(" " + cache + " ")))
                .singleElement()
                .satisfies(line -> assertThat(line).contains(" - tmpfs ").contains("size=1024k"));
        assertThat(mountInfo.stream().filter(line -> line.contains(" " + creds + " ")))
                .singleElement()
                .satisfies(line -> assertThat(line).contains(" - tmpfs "));
        assertThat(Files.readString(creds.resolve("password"))).isEqualTo("s3cr3t");

        manager.cleanupPod(UID);

        assertThat(mounter.mountPointsUnder(root)).isEmpty();
        assertThat(root.resolve("pods/" + UID)).doesNotExist();
    }
}
