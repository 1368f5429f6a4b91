package io.skiff.scheduler.framework;

/**
 * Whether and where to nominate a pod after PostFilter: {@link Mode#OVERRIDE} sets (or, with an
 * empty name, clears) {@code status.nominatedNodeName}; {@link Mode#NOOP} leaves it as it is.
 */
public record NominatingInfo(String nominatedNodeName, Mode mode) {

    /** What to do with the pod's nominated node name. */
    public enum Mode {
        NOOP,
        OVERRIDE
    }

    public static NominatingInfo override(String nodeName) {
        return new NominatingInfo(nodeName, Mode.OVERRIDE);
    }

    public static NominatingInfo noop() {
        return new NominatingInfo("", Mode.NOOP);
    }
}
