package io.skiff.kubelet.prober;

/** A container's standing for one probe type (Kubernetes' prober results.Result). */
public enum ProbeResult {
    SUCCESS("Success"),
    FAILURE("Failure"),
    /** Only before a startup probe's first verdict on a new container. */
    UNKNOWN("UNKNOWN");

    private final String text;

    ProbeResult(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
