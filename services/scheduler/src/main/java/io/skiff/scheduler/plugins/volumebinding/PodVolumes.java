package io.skiff.scheduler.plugins.volumebinding;

import io.skiff.scheduler.framework.StateData;
import java.util.List;

/** The pod's bound volumes, resolved in PreFilter for Filter; immutable. */
record PodVolumes(List<BoundVolume> boundVolumes) implements StateData {

    PodVolumes {
        boundVolumes = List.copyOf(boundVolumes);
    }

    @Override
    public PodVolumes copy() {
        return this;
    }
}
