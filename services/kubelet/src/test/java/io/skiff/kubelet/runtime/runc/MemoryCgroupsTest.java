package io.skiff.kubelet.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemoryCgroupsTest {

    private static final String V1_MOUNTINFO = """
            25 30 0:23 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs ro,mode=755
            32 25 0:28 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu
            35 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory
            40 25 0:36 / /sys/fs/cgroup/unified rw,relatime shared:17 - cgroup2 cgroup2 rw
            """;

    private static final String V1_CGROUP = """
            4:memory:/process_api/abc
            1:cpu:/
            0::/
            """;

    @Test
    void onCgroupV1ARelativePathIsUnderTheKubeletsMemoryCgroup() {
        MemoryCgroups cgroups = MemoryCgroups.detect(V1_MOUNTINFO, V1_CGROUP).orElseThrow();

        assertThat(cgroups.unified()).isFalse();
        assertThat(cgroups.directoryFor("skiff/c1"))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/abc/skiff/c1"));
    }

    @Test
    void anAbsolutePathIsUnderTheHierarchysMount() {
        MemoryCgroups cgroups = MemoryCgroups.detect(V1_MOUNTINFO, V1_CGROUP).orElseThrow();

        assertThat(cgroups.directoryFor("/kubepods/burstable/pod1/c1"))
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/kubepods/burstable/pod1/c1"));
    }

    @Test
    void insideAContainerTheOwnCgroupIsRelativeToTheMountsRoot() {
        String mountinfo = "35 25 0:31 /docker/x /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        MemoryCgroups cgroups =
                MemoryCgroups.detect(mountinfo, "4:memory:/docker/x/kubelet\n").orElseThrow();

        assertThat(cgroups.directoryFor("skiff/c1")).isEqualTo(Path.of("/sys/fs/cgroup/memory/kubelet/skiff/c1"));
    }

    @Test
    void withoutAnyMemoryControllerThereIsNothingToRead() {
        assertThat(MemoryCgroups.detect("32 25 0:28 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", "1:cpu:/\n"))
                .isEmpty();
    }

    @Test
    void onCgroupV2ARelativePathIsUnderTheParentOfTheKubeletsCgroup() {
        MemoryCgroups cgroups = new MemoryCgroups(Path.of("/sys/fs/cgroup"), "/system.slice/kubelet.service", true);

        assertThat(cgroups.directoryFor("skiff/c1")).isEqualTo(Path.of("/sys/fs/cgroup/system.slice/skiff/c1"));
        assertThat(cgroups.directoryFor("/kubepods/c1")).isEqualTo(Path.of("/sys/fs/cgroup/kubepods/c1"));
    }

    @Test
    void readsTheOomKillCounterOfEitherVersion() {
        assertThat(MemoryCgroups.oomKills("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n"))
                .isEqualTo(2);
        assertThat(MemoryCgroups.oomKills("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n"))
                .isEqualTo(1);
        assertThat(MemoryCgroups.oomKills("oom_kill_disable 0\nunder_oom 0\n")).isZero();
    }
}
