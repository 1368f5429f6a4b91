package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skiff.kubelet.cri.ContainerConfig;
import io.skiff.kubelet.cri.ContainerConfig.Mount;
import io.skiff.kubelet.cri.ContainerConfig.Resources;
import io.skiff.kubelet.cri.ContainerConfig.Security;
import io.skiff.kubelet.runtime.runc.oci.OciSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerSpecFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_CAPS = LinuxCapabilities.all(40);
    private static final HostFeatures HOST = new HostFeatures(true, false, ALL_CAPS, 1048576);
    private static final Path SANDBOX = Path.of("/var/lib/skiff/sandboxes/sb1");
    private static final SandboxLayout POD_NETWORK = new SandboxLayout(
            "sb1",
            "web-0",
            "shop",
            "web-0",
            "/run/netns/skiff-sb1",
            SANDBOX.resolve("ipc").toString(),
            SANDBOX.resolve("uts").toString(),
            SANDBOX.resolve("hosts"),
            SANDBOX.resolve("resolv.conf"),
            SANDBOX.resolve("hostname"),
            SANDBOX.resolve("shm"));
    private static final SandboxLayout HOST_NETWORK = new SandboxLayout(
            "sb1",
            "web-0",
            "shop",
            "node-1",
            null,
            SANDBOX.resolve("ipc").toString(),
            null,
            SANDBOX.resolve("hosts"),
            SANDBOX.resolve("resolv.conf"),
            SANDBOX.resolve("hostname"),
            SANDBOX.resolve("shm"));
    private static final ImageDefaults IMAGE = new ImageDefaults(
            List.of("/entrypoint.sh"), List.of("run"), List.of("PATH=/app/bin:/bin", "LANG=C.UTF-8"), "/app", "", "");

    private static ContainerConfig config(
            List<String> command, List<Mount> mounts, Resources resources, Security security) {
        return new ContainerConfig(
                "app",
                0,
                "sha256:abc",
                command,
                List.of(),
                "",
                List.of(new ContainerConfig.EnvVar("MODE", "prod")),
                mounts,
                Map.of(),
                Map.of(),
                "app/0.log",
                resources,
                security);
    }

    private static ContainerConfig plain() {
        return config(List.of(), List.of(), null, null);
    }

    private static Security security(boolean privileged, boolean readOnlyRoot, List<String> add, List<String> drop) {
        return new Security(null, null, List.of(), privileged, readOnlyRoot, add, drop);
    }

    private static OciSpec build(ContainerConfig config, SandboxLayout sandbox, HostFeatures host) {
        return new ContainerSpecFactory(host)
                .build("c1", config, IMAGE, new ContainerUser(0, 0, List.of(0L)), sandbox, "skiff/c1");
    }

    private static JsonNode json(OciSpec spec) {
        return JSON.valueToTree(spec);
    }

    @Test
    void aPlainContainerGetsContainerdsDefaults() {
        JsonNode spec = json(build(plain(), POD_NETWORK, HOST));

        assertThat(spec.path("ociVersion").asText()).isEqualTo("1.0.2");
        assertThat(spec.path("root").toString()).isEqualTo("{\"path\":\"rootfs\",\"readonly\":false}");
        JsonNode process = spec.path("process");
        assertThat(process.path("terminal").asBoolean()).isFalse();
        assertThat(process.path("args").toString()).isEqualTo("[\"/entrypoint.sh\",\"run\"]");
        assertThat(process.path("cwd").asText()).isEqualTo("/app");
        assertThat(process.path("env").toString())
                .isEqualTo("[\"PATH=/app/bin:/bin\",\"HOSTNAME=web-0\",\"LANG=C.UTF-8\",\"MODE=prod\"]");
        assertThat(process.path("user").toString()).isEqualTo("{\"uid\":0,\"gid\":0,\"additionalGids\":[0]}");
        assertThat(process.path("capabilities").path("bounding").toString())
                .isEqualTo(JSON.valueToTree(LinuxCapabilities.DEFAULT).toString());
        assertThat(process.path("capabilities").has("inheritable")).isFalse();
        assertThat(process.path("capabilities").has("ambient")).isFalse();
        assertThat(process.path("rlimits").toString())
                .isEqualTo("[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1048576,\"soft\":1048576}]");
        assertThat(process.path("noNewPrivileges").asBoolean()).isFalse();
        assertThat(process.has("oomScoreAdj")).isFalse();

        JsonNode linux = spec.path("linux");
        assertThat(linux.path("cgroupsPath").asText()).isEqualTo("skiff/c1");
        assertThat(linux.path("namespaces").toString())
                .isEqualTo("[{\"type\":\"pid\"},{\"type\":\"mount\"},"
                        + "{\"type\":\"network\",\"path\":\"/run/netns/skiff-sb1\"},"
                        + "{\"type\":\"ipc\",\"path\":\"/var/lib/skiff/sandboxes/sb1/ipc\"},"
                        + "{\"type\":\"uts\",\"path\":\"/var/lib/skiff/sandboxes/sb1/uts\"}]");
        assertThat(linux.path("maskedPaths").toString())
                .isEqualTo(JSON.valueToTree(ContainerSpecFactory.MASKED_PATHS).toString());
        assertThat(linux.path("readonlyPaths").toString())
                .isEqualTo(JSON.valueToTree(ContainerSpecFactory.READONLY_PATHS).toString());
        assertThat(linux.path("resources").toString())
                .isEqualTo("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}");
        assertThat(linux.has("rootfsPropagation")).isFalse();
        assertThat(spec.has("hostname")).isFalse();
        assertThat(spec.path("annotations").path("io.kubernetes.cri.sandbox-id").asText())
                .isEqualTo("sb1");
        assertThat(spec.path("annotations")
                        .path("io.kubernetes.cri.container-name")
                        .asText())
                .isEqualTo("app");
    }

    @Test
    void theWorkingDirectoryOfTheContainerWinsOverTheImages() {
        ContainerConfig config = new ContainerConfig(
                "app",
                0,
                "img",
                List.of("sh"),
                List.of(),
                "/work",
                List.of(),
                List.of(),
                Map.of(),
                Map.of(),
                "",
                null,
                null);

        assertThat(build(config, POD_NETWORK, HOST).process().cwd()).isEqualTo("/work");
    }

    @Test
    void anImageWithoutWorkingDirectoryRunsInRoot() {
        OciSpec spec = new ContainerSpecFactory(HOST)
                .build(
                        "c1",
                        plain(),
                        new ImageDefaults(List.of(), List.of("sh"), List.of(), "", "", ""),
                        new ContainerUser(0, 0, List.of(0L)),
                        POD_NETWORK,
                        "skiff/c1");

        assertThat(spec.process().cwd()).isEqualTo("/");
    }

    @Test
    void theResolvedUserIsWrittenWithItsGroups() {
        OciSpec spec = new ContainerSpecFactory(HOST)
                .build("c1", plain(), IMAGE, new ContainerUser(1000, 50, List.of(10L, 50L)), POD_NETWORK, "skiff/c1");

        assertThat(json(spec).path("process").path("user").toString())
                .isEqualTo("{\"uid\":1000,\"gid\":50,\"additionalGids\":[10,50]}");
    }

    static Stream<Arguments> mountCases() {
        String shm = SANDBOX.resolve("shm").toString();
        String hosts = SANDBOX.resolve("hosts").toString();
        String hostname = SANDBOX.resolve("hostname").toString();
        String resolv = SANDBOX.resolve("resolv.conf").toString();
        return Stream.of(
                argumentSet(
                        "defaults, then the sandbox's files and shm",
                        List.of(),
                        false,
                        List.of(
                                "/proc proc proc [nosuid, noexec, nodev]",
                                "/dev tmpfs tmpfs [nosuid, strictatime, mode=755, size=65536k]",
                                "/dev/pts devpts devpts [nosuid, noexec, newinstance, ptmxmode=0666, mode=0620, gid=5]",
                                "/dev/mqueue mqueue mqueue [nosuid, noexec, nodev]",
                                "/sys sysfs sysfs [nosuid, noexec, nodev, ro]",
                                "/sys/fs/cgroup cgroup cgroup [nosuid, noexec, nodev, relatime, ro]",
                                "/etc/hostname bind " + hostname + " [rbind, rprivate, rw]",
                                "/etc/hosts bind " + hosts + " [rbind, rprivate, rw]",
                                "/etc/resolv.conf bind " + resolv + " [rbind, rprivate, rw]",
                                "/dev/shm bind " + shm + " [rbind, rprivate, rw]")),
                argumentSet(
                        "volumes sorted by depth, so /data comes before /data/cache whatever the order given",
                        List.of(
                                new Mount("/data/cache", "/host/cache", false, "None"),
                                new Mount("/data", "/host/data", true, "None")),
                        false,
                        List.of(
                                "/proc proc proc [nosuid, noexec, nodev]",
                                "/dev tmpfs tmpfs [nosuid, strictatime, mode=755, size=65536k]",
                                "/dev/pts devpts devpts [nosuid, noexec, newinstance, ptmxmode=0666, mode=0620, gid=5]",
                                "/dev/mqueue mqueue mqueue [nosuid, noexec, nodev]",
                                "/sys sysfs sysfs [nosuid, noexec, nodev, ro]",
                                "/sys/fs/cgroup cgroup cgroup [nosuid, noexec, nodev, relatime, ro]",
                                "/data bind /host/data [rbind, rprivate, ro]",
                                "/data/cache bind /host/cache [rbind, rprivate, rw]",
                                "/etc/hostname bind " + hostname + " [rbind, rprivate, rw]",
                                "/etc/hosts bind " + hosts + " [rbind, rprivate, rw]",
                                "/etc/resolv.conf bind " + resolv + " [rbind, rprivate, rw]",
                                "/dev/shm bind " + shm + " [rbind, rprivate, rw]")),
                argumentSet(
                        "the kubelet's own /etc/hosts replaces the sandbox's",
                        List.of(new Mount("/etc/hosts", "/var/lib/kubelet/pods/u/etc-hosts", false, "None")),
                        false,
                        List.of(
                                "/proc proc proc [nosuid, noexec, nodev]",
                                "/dev tmpfs tmpfs [nosuid, strictatime, mode=755, size=65536k]",
                                "/dev/pts devpts devpts [nosuid, noexec, newinstance, ptmxmode=0666, mode=0620, gid=5]",
                                "/dev/mqueue mqueue mqueue [nosuid, noexec, nodev]",
                                "/sys sysfs sysfs [nosuid, noexec, nodev, ro]",
                                "/sys/fs/cgroup cgroup cgroup [nosuid, noexec, nodev, relatime, ro]",
                                "/etc/hosts bind /var/lib/kubelet/pods/u/etc-hosts [rbind, rprivate, rw]",
                                "/etc/hostname bind " + hostname + " [rbind, rprivate, rw]",
                                "/etc/resolv.conf bind " + resolv + " [rbind, rprivate, rw]",
                                "/dev/shm bind " + shm + " [rbind, rprivate, rw]")),
                argumentSet(
                        "a volume at /dev drops the default mounts under /dev",
                        List.of(new Mount("/dev", "/dev", false, "None")),
                        false,
                        List.of(
                                "/proc proc proc [nosuid, noexec, nodev]",
                                "/sys sysfs sysfs [nosuid, noexec, nodev, ro]",
                                "/sys/fs/cgroup cgroup cgroup [nosuid, noexec, nodev, relatime, ro]",
                                "/dev bind /dev [rbind, rprivate, rw]",
                                "/etc/hostname bind " + hostname + " [rbind, rprivate, rw]",
                                "/etc/hosts bind " + hosts + " [rbind, rprivate, rw]",
                                "/etc/resolv.conf bind " + resolv + " [rbind, rprivate, rw]",
                                "/dev/shm bind " + shm + " [rbind, rprivate, rw]")),
                argumentSet(
                        "a read-only root file system makes the sandbox's files read-only, not shm",
                        List.of(),
                        true,
                        List.of(
                                "/proc proc proc [nosuid, noexec, nodev]",
                                "/dev tmpfs tmpfs [nosuid, strictatime, mode=755, size=65536k]",
                                "/dev/pts devpts devpts [nosuid, noexec, newinstance, ptmxmode=0666, mode=0620, gid=5]",
                                "/dev/mqueue mqueue mqueue [nosuid, noexec, nodev]",
                                "/sys sysfs sysfs [nosuid, noexec, nodev, ro]",
                                "/sys/fs/cgroup cgroup cgroup [nosuid, noexec, nodev, relatime, ro]",
                                "/etc/hostname bind " + hostname + " [rbind, rprivate, ro]",
                                "/etc/hosts bind " + hosts + " [rbind, rprivate, ro]",
                                "/etc/resolv.conf bind " + resolv + " [rbind, rprivate, ro]",
                                "/dev/shm bind " + shm + " [rbind, rprivate, rw]")));
    }

    @ParameterizedTest
    @MethodSource("mountCases")
    void mounts(List<Mount> volumes, boolean readOnlyRoot, List<String> expected) {
        OciSpec spec = build(
                config(List.of(), volumes, null, security(false, readOnlyRoot, List.of(), List.of())),
                POD_NETWORK,
                HOST);

        List<String> mounts = new ArrayList<>();
        spec.mounts().forEach(m -> mounts.add(m.destination() + " " + m.type() + " " + m.source() + " " + m.options()));
        assertThat(mounts).isEqualTo(expected);
        assertThat(spec.root().readonly()).isEqualTo(readOnlyRoot);
    }

    static Stream<Arguments> propagationCases() {
        return Stream.of(
                argumentSet("None is private", List.of("None"), "rprivate", null),
                argumentSet(
                        "HostToContainer is a slave mount under a slave rootfs",
                        List.of("HostToContainer"),
                        "rslave",
                        "rslave"),
                argumentSet(
                        "Bidirectional is shared under a shared rootfs",
                        List.of("Bidirectional"),
                        "rshared",
                        "rshared"),
                argumentSet(
                        "one Bidirectional volume makes the rootfs shared",
                        List.of("HostToContainer", "Bidirectional"),
                        "rslave",
                        "rshared"));
    }

    @ParameterizedTest
    @MethodSource("propagationCases")
    void mountPropagation(List<String> propagations, String firstVolume, String rootfsPropagation) {
        List<Mount> volumes = new ArrayList<>();
        for (int i = 0; i < propagations.size(); i++) {
            volumes.add(new Mount("/v" + i, "/host/v" + i, false, propagations.get(i)));
        }
        OciSpec spec = build(config(List.of(), volumes, null, null), POD_NETWORK, HOST);

        OciSpec.Mount first = spec.mounts().stream()
                .filter(m -> m.destination().equals("/v0"))
                .findFirst()
                .orElseThrow();
        assertThat(first.options()).containsExactly("rbind", firstVolume, "rw");
        assertThat(spec.linux().rootfsPropagation()).isEqualTo(rootfsPropagation);
    }

    static Stream<Arguments> resourceCases() {
        return Stream.of(
                argumentSet(
                        "no limits: only the device rule",
                        new Resources(0, 0, 0, 0, 0),
                        HOST,
                        "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]}"),
                argumentSet(
                        "a CPU request is cpu shares",
                        new Resources(512, 0, 0, 0, 0),
                        HOST,
                        "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],\"cpu\":{\"shares\":512}}"),
                argumentSet(
                        "a CPU limit is a quota per period",
                        new Resources(256, 100000, 50000, 0, 0),
                        HOST,
                        "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],"
                                + "\"cpu\":{\"shares\":256,\"quota\":50000,\"period\":100000}}"),
                argumentSet(
                        "a memory limit is also the swap limit, so the container does not swap",
                        new Resources(2, 100000, 0, 67108864, 0),
                        HOST,
                        "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],"
                                + "\"memory\":{\"limit\":67108864,\"swap\":67108864},"
                                + "\"cpu\":{\"shares\":2,\"period\":100000}}"),
                argumentSet(
                        "without swap accounting only the memory limit",
                        new Resources(2, 0, 0, 67108864, 0),
                        new HostFeatures(false, false, ALL_CAPS, 0),
                        "{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],"
                                + "\"memory\":{\"limit\":67108864},\"cpu\":{\"shares\":2}}"));
    }

    @ParameterizedTest
    @MethodSource("resourceCases")
    void resources(Resources resources, HostFeatures host, String expected) {
        OciSpec spec = build(config(List.of(), List.of(), resources, null), POD_NETWORK, host);

        assertThat(json(spec).path("linux").path("resources").toString()).isEqualTo(expected);
    }

    @Test
    void theOomScoreAdjustmentComesWithTheResources() {
        OciSpec spec = build(config(List.of(), List.of(), new Resources(2, 0, 0, 0, 1000), null), POD_NETWORK, HOST);

        assertThat(spec.process().oomScoreAdj()).isEqualTo(1000);
    }

    @Test
    void noOpenFilesLimitMeansInheritingTheKubelets() {
        OciSpec spec = build(plain(), POD_NETWORK, new HostFeatures(true, false, ALL_CAPS, 0));

        assertThat(spec.process().rlimits()).isNull();
    }

    static Stream<Arguments> capabilityCases() {
        return Stream.of(
                argumentSet(
                        "add one", List.of("NET_ADMIN"), List.of(), plus(LinuxCapabilities.DEFAULT, "CAP_NET_ADMIN")),
                argumentSet(
                        "drop one, named with or without CAP_",
                        List.of(),
                        List.of("NET_RAW", "CAP_KILL"),
                        minus(LinuxCapabilities.DEFAULT, "CAP_NET_RAW", "CAP_KILL")),
                argumentSet(
                        "drop ALL then add one",
                        List.of("NET_BIND_SERVICE"),
                        List.of("ALL"),
                        List.of("CAP_NET_BIND_SERVICE")),
                argumentSet(
                        "add ALL then drop one",
                        List.of("ALL"),
                        List.of("CHOWN"),
                        minus(plus(LinuxCapabilities.DEFAULT, ALL_CAPS.toArray(String[]::new)), "CAP_CHOWN")));
    }

    @ParameterizedTest
    @MethodSource("capabilityCases")
    void capabilities(List<String> add, List<String> drop, List<String> expected) {
        OciSpec spec = build(config(List.of(), List.of(), null, security(false, false, add, drop)), POD_NETWORK, HOST);

        assertThat(spec.process().capabilities().bounding()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(spec.process().capabilities().effective())
                .isEqualTo(spec.process().capabilities().bounding());
        assertThat(spec.process().capabilities().permitted())
                .isEqualTo(spec.process().capabilities().bounding());
    }

    @Test
    void aPrivilegedContainerGetsEverything() {
        OciSpec spec = build(
                config(List.of(), List.of(), null, security(true, false, List.of(), List.of("ALL"))),
                POD_NETWORK,
                new HostFeatures(true, true, ALL_CAPS, 0));

        assertThat(spec.process().capabilities().bounding()).isEqualTo(ALL_CAPS);
        assertThat(spec.linux().maskedPaths()).isEmpty();
        assertThat(spec.linux().readonlyPaths()).isEmpty();
        assertThat(spec.linux().resources().devices()).containsExactly(new OciSpec.DeviceRule(true, "rwm"));
        assertThat(spec.mounts())
                .filteredOn(
                        m -> m.destination().equals("/sys") || m.destination().equals("/sys/fs/cgroup"))
                .allSatisfy(m -> assertThat(m.options()).contains("rw"));
        assertThat(spec.linux().namespaces())
                .extracting(OciSpec.Namespace::type)
                .doesNotContain("cgroup");
    }

    @Test
    void cgroupV2GivesUnprivilegedContainersTheirOwnCgroupNamespace() {
        OciSpec spec = build(plain(), POD_NETWORK, new HostFeatures(true, true, ALL_CAPS, 0));

        assertThat(spec.linux().namespaces()).contains(new OciSpec.Namespace("cgroup", null));
    }

    @Test
    void aHostNetworkContainerSharesTheHostsNetworkAndUtsNamespaces() {
        OciSpec spec = build(plain(), HOST_NETWORK, HOST);

        assertThat(spec.linux().namespaces())
                .containsExactly(
                        new OciSpec.Namespace("pid", null),
                        new OciSpec.Namespace("mount", null),
                        new OciSpec.Namespace("ipc", SANDBOX.resolve("ipc").toString()));
        assertThat(spec.process().env()).contains("HOSTNAME=node-1");
    }

    private static List<String> plus(List<String> base, String... more) {
        List<String> result = new ArrayList<>(base);
        for (String capability : more) {
            if (!result.contains(capability)) {
                result.add(capability);
            }
        }
        return result;
    }

    private static List<String> minus(List<String> base, String... less) {
        List<String> result = new ArrayList<>(base);
        result.removeAll(List.of(less));
        return result;
    }
}
