package io.skiff.kubelet.runtime.process;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A container's processes: the one the runtime started and every descendant seen while it ran
 * (descendants are remembered so that those a dying parent left behind can still be signalled).
 * Handles carry the process's start time, so a PID reused by another process is never signalled.
 */
final class ProcessTree {

    private final ProcessHandle root;
    private final Set<ProcessHandle> seen = new HashSet<>();

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Remembers the root's current descendants. */
    synchronized void refresh() {
        root.descendants().forEach(seen::add);
    }

    /** SIGTERM to every live process of the tree. */
    void terminate() {
        for (ProcessHandle handle : members()) {
            handle.destroy();
        }
    }

    /** SIGKILL to every live process of the tree. */
    void kill() {
        for (ProcessHandle handle : members()) {
            handle.destroyForcibly();
        }
    }

    /**
     * SIGTERM, then SIGKILL to whatever is left once the root has not exited within {@code grace}
     * (the rest of the tree is killed either way, as a container's processes go with its first).
     */
    void stop(Duration grace) {
        terminate();
        if (!awaitRootExit(grace)) {
            kill();
            awaitRootExit(Duration.ofSeconds(5));
        }
        kill();
    }

    private boolean awaitRootExit(Duration timeout) {
        try {
            root.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !root.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !root.isAlive();
        }
    }

    private synchronized Set<ProcessHandle> members() {
        Set<ProcessHandle> members = new HashSet<>(seen);
        members.add(root);
        members.removeIf(handle -> !handle.isAlive());
        for (ProcessHandle member : Set.copyOf(members)) {
            member.descendants().forEach(members::add);
        }
        seen.addAll(members);
        return members;
    }
}
