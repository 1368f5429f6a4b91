package io.skiff.kubelet.prober;

/**
 * What one run of a probe action (exec, httpGet, tcpSocket, grpc) found, as Kubernetes' probe
 * packages return it: an outcome and the output shown in events.
 */
record ActionResult(Outcome outcome, String output) {

    /** Kubernetes' probe.Result; printed lower case as Go prints it. */
    enum Outcome {
        SUCCESS,
        /** Succeeded, with something worth a ProbeWarning event (a redirect not followed). */
        WARNING,
        FAILURE,
        UNKNOWN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ActionResult success(String output) {
        return new ActionResult(Outcome.SUCCESS, output);
    }

    static ActionResult warning(String output) {
        return new ActionResult(Outcome.WARNING, output);
    }

    static ActionResult failure(String output) {
        return new ActionResult(Outcome.FAILURE, output);
    }
}
