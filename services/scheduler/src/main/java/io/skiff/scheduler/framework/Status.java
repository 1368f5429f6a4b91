package io.skiff.scheduler.framework;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of running a plugin, as Kubernetes' framework.Status: a code, human-readable reasons
 * (each counted separately in the FailedScheduling message), the plugin that failed and, for
 * errors, the cause. Immutable; {@link #success()} is shared.
 */
public final class Status {

    /** Status codes, with Kubernetes' meanings. */
    public enum Code {
        /** The plugin ran and the pod may go on. */
        SUCCESS,
        /** An internal failure: the pod is retried after backoff, not reported as unschedulable. */
        ERROR,
        /** The pod does not fit now; preemption might make room. */
        UNSCHEDULABLE,
        /** The pod does not fit and preemption cannot help (e.g. a node selector mismatch). */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** Permit only: the pod waits for a plugin to allow or reject it. */
        WAIT,
        /** PreFilter, PreScore and Bind: the plugin has nothing to do for this pod. */
        SKIP
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "", null);

    private final Code code;
    private final List<String> reasons;
    private final String plugin;
    private final Throwable error;

    private Status(Code code, List<String> reasons, String plugin, Throwable error) {
        this.code = code;
        this.reasons = reasons;
        this.plugin = plugin;
        this.error = error;
    }

    public static Status success() {
        return SUCCESS;
    }

    /** A status with the given code and reasons. */
    public static Status of(Code code, String... reasons) {
        if (code == Code.SUCCESS && reasons.length == 0) {
            return SUCCESS;
        }
        return new Status(code, List.of(reasons), "", null);
    }

    /** A status with the given code and reasons. */
    public static Status of(Code code, List<String> reasons) {
        return new Status(code, List.copyOf(reasons), "", null);
    }

    public static Status unschedulable(String... reasons) {
        return of(Code.UNSCHEDULABLE, reasons);
    }

    public static Status unschedulableAndUnresolvable(String... reasons) {
        return of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, reasons);
    }

    public static Status skip() {
        return of(Code.SKIP);
    }

    public static Status waiting(String... reasons) {
        return of(Code.WAIT, reasons);
    }

    /** An Error status whose reason is the exception's message, as Kubernetes' AsStatus. */
    public static Status error(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return new Status(Code.ERROR, List.of(message), "", cause);
    }

    /** An Error status with the given message. */
    public static Status error(String message) {
        return error(new IllegalStateException(message));
    }

    public Code code() {
        return code;
    }

    public List<String> reasons() {
        return reasons;
    }

    /** The reasons joined by ", ", as Kubernetes' Status.Message(). */
    public String message() {
        return String.join(", ", reasons);
    }

    /** The name of the plugin that produced this status, or "" when none was recorded. */
    public String plugin() {
        return plugin;
    }

    /** The cause of an Error status, or null. */
    public Throwable error() {
        return error;
    }

    /** This status attributed to {@code pluginName}. */
    public Status withPlugin(String pluginName) {
        return new Status(code, reasons, Objects.requireNonNull(pluginName), error);
    }

    /** This status with one more reason in front, as Kubernetes wraps errors with context. */
    public Status prependReason(String context) {
        String[] merged = new String[reasons.size()];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = i == 0 ? context + ": " + reasons.get(0) : reasons.get(i);
        }
        return new Status(code, merged.length == 0 ? List.of(context) : List.of(merged), plugin, error);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    public boolean isWait() {
        return code == Code.WAIT;
    }

    /** Whether the pod was judged unschedulable (Unschedulable or UnschedulableAndUnresolvable). */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The status as an exception, for callers that propagate failures. */
    public SchedulingException asException() {
        return new SchedulingException(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Status)) {
            return false;
        }
        Status that = (Status) other;
        return code == that.code && reasons.equals(that.reasons) && plugin.equals(that.plugin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, reasons, plugin);
    }

    @Override
    public String toString() {
        return code + (plugin.isEmpty() ? "" : " by " + plugin) + (reasons.isEmpty() ? "" : " " + reasons);
    }
}
