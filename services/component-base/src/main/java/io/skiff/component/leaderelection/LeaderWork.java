package io.skiff.component.leaderelection;

/**
 * Work a component does only while it leads (a scheduler's scheduling loop, a controller's
 * workers). Declared as a Spring bean, it is run by the {@link LeadershipGate}: started when this
 * instance becomes leader (at once when leader election is disabled), stopped when it stops leading
 * or shuts down. It may be started again after a later election.
 */
public interface LeaderWork {

    /** Starts the work on threads of its own and returns promptly. */
    void start();

    /**
     * Stops the work and returns once it no longer acts: after this returns, the lease may be
     * released to another instance.
     */
    void stop();
}
