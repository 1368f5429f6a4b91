package io.skiff.kubelet.prober;

/**
 * A probe could not be run at all (Kubernetes' probe error, as opposed to a failed probe): a named
 * port the container does not declare, an exec the runtime refused. The worker throws such a
 * result away; the prober records an Unhealthy event saying the probe errored.
 */
class ProbeActionException extends Exception {

    private final ActionResult.Outcome outcome;

    ProbeActionException(ActionResult.Outcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    ProbeActionException(String message) {
        this(ActionResult.Outcome.UNKNOWN, message);
    }

    /** The outcome the action reported along with the error (unknown, or failure when a body could not be read). */
    ActionResult.Outcome outcome() {
        return outcome;
    }
}
