package io.skiff.kubelet.volumes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Records tmpfs mounts instead of making them. */
public final class FakeMounter implements Mounter {

    private final boolean canMount;
    final Map<Path, OptionalLong> mounts = new LinkedHashMap<>();
    final List<Path> unmounted = new ArrayList<>();

    public FakeMounter(boolean canMount) {
        this.canMount = canMount;
    }

    @Override
    public boolean canMount() {
        return canMount;
    }

    @Override
    public void mountTmpfs(Path directory, OptionalLong sizeBytes) {
        mounts.put(directory.toAbsolutePath().normalize(), sizeBytes);
    }

    @Override
    public void unmount(Path directory) {
        mounts.remove(directory);
        unmounted.add(directory);
    }

    @Override
    public List<MountPoint> mountPointsUnder(Path directory) {
        Path base = directory.toAbsolutePath().normalize();
        return mounts.keySet().stream()
                .filter(p -> p.startsWith(base))
                .map(p -> new MountPoint(p, "tmpfs"))
                .toList();
    }
}
