package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupsTest {

    /** A hybrid host (this project's machines): v1 controllers, an empty v2 hierarchy beside them. */
    private static final String HYBRID_MOUNTINFO = """
            25 30 0:23 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755
            31 25 0:27 / /sys/fs/cgroup/cpuset rw,relatime shared:8 - cgroup cgroup rw,cpuset
            32 25 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu
            35 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory
            39 25 0:35 / /sys/fs/cgroup/systemd rw,relatime shared:16 - cgroup cgroup rw,xattr,name=systemd
            40 25 0:36 / /sys/fs/cgroup/unified rw,relatime shared:17 - cgroup2 cgroup2 rw
            """;

    private static final String HYBRID_CGROUP = """
            9:name=systemd:/
            4:memory:/process_api/abc
            3:cpuset:/
            1:cpu:/
            0::/
            """;

    @Test
    void onCgroupV1ARelativePathIsUnderTheKubeletsCgroupOfEachHierarchy() {
        Cgroups cgroups = Cgroups.detect(HYBRID_MOUNTINFO, HYBRID_CGROUP);

        assertThat(cgroups.unified()).isFalse();
        assertThat(cgroups.memoryDirectory("skiff/c1"))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/abc/skiff/c1"));
        assertThat(cgroups.memory().orElseThrow().controllers()).containsExactly("memory");
    }

    @Test
    void controllersAreMatchedByName() {
        Cgroups cgroups = Cgroups.detect(HYBRID_MOUNTINFO, HYBRID_CGROUP);

        // "cpu" must not be taken for the cpuset hierarchy listed before it.
        // (The v2 hierarchy's controllers are read from the machine's cgroup.controllers.)
        assertThat(cgroups.hierarchies())
                .extracting(h -> h.controllers() + " " + h.mountPoint())
                .startsWith(
                        "[name=systemd] /sys/fs/cgroup/systemd",
                        "[memory] /sys/fs/cgroup/memory",
                        "[cpuset] /sys/fs/cgroup/cpuset",
                        "[cpu] /sys/fs/cgroup/cpu");
        assertThat(cgroups.hierarchies().get(4).mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    }

    @Test
    void anAbsolutePathIsUnderTheHierarchysMount() {
        Cgroups cgroups = Cgroups.detect(HYBRID_MOUNTINFO, HYBRID_CGROUP);

        assertThat(cgroups.memoryDirectory("/kubepods/burstable/pod1/c1"))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/kubepods/burstable/pod1/c1"));
    }

    @Test
    void insideAContainerTheOwnCgroupIsRelativeToTheMountsRoot() {
        String mountinfo = "35 25 0:31 /docker/x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        Cgroups cgroups = Cgroups.detect(mountinfo, "4:memory:/docker/x/kubelet\n");

        assertThat(cgroups.memoryDirectory("skiff/c1")).isEqualTo(Path.of("/sys/fs/cgroup/memory/kubelet/skiff/c1"));
    }

    @Test
    void withoutAnyMemoryControllerThereIsNothingToRead() {
        Cgroups cgroups = Cgroups.detect("32 25 0:28 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", "1:cpu:/\n");

        assertThat(cgroups.memory()).isEmpty();
        assertThat(cgroups.memoryDirectory("skiff/c1")).isNull();
    }

    @Test
    void onPureCgroupV2ARelativePathIsUnderTheParentOfTheKubeletsCgroup() {
        Cgroups cgroups = new Cgroups(List.of(new Cgroups.Hierarchy(
                Path.of("/sys/fs/cgroup"), "/system.slice/kubelet.service", true, List.of("cpu", "memory"))));

        assertThat(cgroups.unified()).isTrue();
        assertThat(cgroups.memoryDirectory("skiff/c1")).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/skiff/c1"));
        assertThat(cgroups.memoryDirectory("/kubepods/c1")).isEqualTo(Path.of("/sys/fs/cgroup/kubepods/c1"));
    }

    @Test
    void readsTheOomKillCounterOfEitherVersion() {
        assertThat(Cgroups.oomKills("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"))
                .isEqualTo(2);
        assertThat(Cgroups.oomKills("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n"))
                .isEqualTo(1);
        assertThat(Cgroups.oomKills("oom_kill_disable 0\nunder_oom 0\n")).isZero();
    }
}
